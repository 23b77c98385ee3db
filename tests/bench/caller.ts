import { type Actor, appRouter, createAuth, createCallerFactory } from "@kitflow/api";
import type { Database } from "@kitflow/db";

/**
 * A tRPC caller acting as `actor` on a bench database: the procedures run as the router runs them,
 * without HTTP, so a suite times the server's own work.
 */
export function benchCallerFactory(db: Database) {
  const auth = createAuth({
    db,
    secret: "bench-secret-bench-secret-bench-secret-00",
    baseURL: "http://bench.local",
    signInLimit: { max: 1000, windowSeconds: 60 },
    secureCookies: false,
  });
  const createCaller = createCallerFactory(appRouter);
  return (actor: Actor) =>
    createCaller({
      db,
      auth,
      publicUrl: "http://bench.local",
      headers: new Headers(),
      clientIp: "bench",
      setCookies: () => {},
      actor,
    });
}
