import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Auth, createAuth } from "@kitflow/api";
import { type DatabaseHandle, openDatabase, schema } from "@kitflow/db";
import { count } from "drizzle-orm";
import { scheduleApplicationPurge } from "./application-purge";
import { ClientAddress } from "./client-address";
import { authSecretFor, type Env } from "./env";
import { createRequestListener } from "./http";
import type { DemoTemplateNote } from "./seed/template";

export const WEB_ROOT = fileURLToPath(new URL("../../web/dist", import.meta.url));
/**
 * Written by build.mjs next to the bundle, so only the built server finds it; under tsx (dev, tests) a new
 * data directory runs initdb and the migrations as before.
 */
const STORE_TEMPLATE = fileURLToPath(new URL("./store-template", import.meta.url));
/** The same with the demo seeded (at build time), for a first start that would seed the demo. */
const DEMO_TEMPLATE = fileURLToPath(new URL("./demo-template", import.meta.url));

export interface StartPhase {
  name: string;
  ms: number;
  cpuMs: number;
}

export interface Kitflow {
  handle: DatabaseHandle;
  auth: Auth;
  server: Server;
  url: string;
  /**
   * Each step of the start in order, in wall-clock and this process's CPU milliseconds, so a slow start shows
   * where its time went even on a busy machine (PGlite runs in this process, so its work is in the CPU figure).
   */
  phases: StartPhase[];
  close(): Promise<void>;
}

export async function openStore(env: Env, template = STORE_TEMPLATE): Promise<DatabaseHandle> {
  return env.databaseUrl
    ? openDatabase({ kind: "postgres", url: env.databaseUrl, countStatements: env.benchStats })
    : openDatabase({ kind: "pglite", dataDir: env.dataDir, template });
}

export function authFor(env: Env, handle: DatabaseHandle): Auth {
  return createAuth({
    db: handle.db,
    secret: authSecretFor(env),
    baseURL: env.publicUrl,
    signInLimit: env.signInLimit,
    accountSignInLimit: env.accountSignInLimit,
    secureCookies: env.publicUrl.startsWith("https:"),
  });
}

export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.db.select({ n: count() }).from(schema.user);
  return (row?.n ?? 0) === 0;
}

/** Opens the store (migrating it), seeds the demo on an empty database and starts listening. */
export async function startKitflow(env: Env, options: { webRoot?: string } = {}): Promise<Kitflow> {
  const phases: StartPhase[] = [];
  let last = { at: performance.now(), cpu: process.cpuUsage() };
  const phase = (name: string) => {
    const now = { at: performance.now(), cpu: process.cpuUsage() };
    const cpu = process.cpuUsage(last.cpu);
    phases.push({ name, ms: Math.round(now.at - last.at), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    last = now;
  };
  // A new PGlite data directory starts from the demo seeded at build time, when there is one for this quarter.
  // The seed's code is imported only on a start that seeds or adopts the demo, so a server whose store is
  // already filled never holds it in memory.
  const now = new Date();
  const demo: DemoTemplateNote | undefined =
    !env.databaseUrl && !existsSync(join(env.dataDir, "PG_VERSION"))
      ? (await import("./seed/template")).usableNote(DEMO_TEMPLATE, now)
      : undefined;
  let handle = await openStore(env, demo ? DEMO_TEMPLATE : STORE_TEMPLATE);
  phase(demo ? "open the demo template and migrate" : "open and migrate");
  try {
    if (demo) {
      const { adoptDemo } = await import("./seed/template");
      await adoptDemo(handle.db, authFor(env, handle), demo, now);
      phase(`date the demo from ${demo.seededOn}`);
    } else if (await isEmpty(handle)) {
      const { seedDemo } = await import("./seed/demo");
      await seedDemo({ db: handle.db, auth: authFor(env, handle), publicUrl: env.publicUrl });
      phase("demo seed");
      if (handle.kind === "pglite") {
        // PGlite's WebAssembly memory never shrinks; reopening gives back what initdb, migrations and the seed grew.
        await handle.close();
        handle = await openStore(env);
        phase("reopen");
      }
    }
    const auth = authFor(env, handle);
    const server = createServer(
      createRequestListener({
        db: handle.db,
        auth,
        publicUrl: env.publicUrl,
        webRoot: options.webRoot ?? WEB_ROOT,
        clientAddress: new ClientAddress(env.trustedProxies),
        benchStats: env.benchStats,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.port, env.host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    phase("listen");
    const stopPurge = scheduleApplicationPurge(handle.db);
    return {
      handle,
      auth,
      server,
      url: `http://127.0.0.1:${port}`,
      phases,
      async close() {
        await stopPurge();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
