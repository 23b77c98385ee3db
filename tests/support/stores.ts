import { randomBytes } from "node:crypto";
import { type DatabaseHandle, openDatabase, type StoreKind } from "@kitflow/db";
import postgres from "postgres";

/** Set to postgres://… to run every store-parameterised suite against real PostgreSQL as well. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const STORE_KINDS: StoreKind[] = TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated store: in-memory PGlite, or a new PostgreSQL database created for this
 * test file and dropped again by `close()`.
 */
export async function freshStore(
  kind: StoreKind,
  options: { poolSize?: number } = {},
): Promise<DatabaseHandle & { url?: string }> {
  // Counting costs nothing, so every test store counts (`statementsSent`).
  if (kind === "pglite") return openDatabase({ kind: "pglite", countStatements: true });
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `kitflow_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(TEST_DATABASE_URL, name);
  const handle = await openDatabase({ kind: "postgres", url, poolSize: options.poolSize ?? 10, countStatements: true });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * An empty PostgreSQL database (not migrated) for a process that migrates it itself, e.g. the real
 * server or the restore command; `drop()` removes it, ending any connection still open to it.
 */
export async function emptyPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `kitflow_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    name,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
