import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DatabaseHandle, openDatabase, type StoreKind } from "@kitflow/db";
import postgres from "postgres";
import { inject } from "vitest";
import { databaseUrl, type StoreTemplate } from "./store-templates";

/** Set to postgres://… to run every store-parameterised suite against real PostgreSQL as well. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const STORE_KINDS: StoreKind[] = TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** What tests/support/global-setup.ts prepared for this kind of store. */
export function storeTemplate(kind: StoreKind): StoreTemplate {
  const template = inject("storeTemplates")[kind];
  if (!template) throw new Error(`no ${kind} store template: tests/support/global-setup.ts prepares them`);
  return template;
}

/**
 * A fresh, migrated store: in-memory PGlite, or a new PostgreSQL database created for this test file and
 * dropped again by `close()`; `from: "demo"` holds the demo as well. Both start from the run's templates.
 */
export async function freshStore(
  kind: StoreKind,
  options: { poolSize?: number; from?: "migrated" | "demo" } = {},
): Promise<DatabaseHandle & { url?: string }> {
  const from = options.from ?? "migrated";
  // Counting costs nothing, so every test store counts (`statementsSent`).
  if (kind === "pglite") return openDatabase({ kind: "pglite", dump: pgliteDump(from), countStatements: true });
  const database = await postgresDatabase(from);
  const handle = await openDatabase({
    kind: "postgres",
    url: database.url,
    poolSize: options.poolSize ?? 10,
    countStatements: true,
  });
  return {
    ...handle,
    url: database.url,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/** The PGlite template's data directory dump, for `openDatabase({ kind: "pglite", dump })`. */
export function pgliteDump(from: "migrated" | "demo"): Blob {
  return new Blob([readFileSync(storeTemplate("pglite")[from])]);
}

/**
 * A new PostgreSQL database, empty (not migrated: for a process that migrates it itself, e.g. the real server or
 * the restore command) or a copy of the run's migrated or demo template; `drop()` removes it, ending any
 * connection still open to it.
 */
export async function postgresDatabase(
  from?: "migrated" | "demo",
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `kitflow_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${from ? ` template ${storeTemplate("postgres")[from]}` : ""}`);
  return {
    url: databaseUrl(TEST_DATABASE_URL, name),
    name,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
