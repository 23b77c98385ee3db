import { type Actor, type Auth, appRouter, createCallerFactory } from "@kitflow/api";
import type { Database } from "@kitflow/db";
import type { SeededUsers } from "./reference";

const createCaller = createCallerFactory(appRouter);

/** A router caller acting as a seeded user, exactly as that user's requests would. */
export function callerAs(deps: { db: Database; auth: Auth; publicUrl: string }, users: SeededUsers, username: string) {
  const u = users[username];
  if (!u) throw new Error(`no seeded user ${username}`);
  if (u.role === "official" || (u.role !== "admin" && !u.organisationId))
    throw new Error(`${username} does not operate batches`);
  const actor = (
    u.role === "admin"
      ? { userId: u.id, username: u.username, name: u.name, role: "admin", organisationId: null }
      : { userId: u.id, username: u.username, name: u.name, role: u.role, organisationId: u.organisationId }
  ) as Actor;
  return createCaller({
    db: deps.db,
    auth: deps.auth,
    publicUrl: deps.publicUrl,
    headers: new Headers(),
    clientIp: "seed",
    setCookies: () => {},
    actor,
  });
}
