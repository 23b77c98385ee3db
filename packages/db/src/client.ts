import { cpSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataDir } from "./data-dir-lock";
import { makePrivateDir } from "./private-dir";
import * as schema from "./schema/index";

export type Schema = typeof schema;

/** Column names in SQL: the schema's camelCase fields as snake_case. Every store, and SQL built ahead (fixedStatement), use it. */
export const CASING = "snake_case";
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Query functions take either, so a router can compose several inside one transaction. */
export type Executor = Database | Transaction;

export type StoreKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: StoreKind;
  close(): Promise<void>;
}

export type DatabaseOptions =
  /** `countStatements`: count every statement sent (the bench's figures; see `statementsSent`). */
  | { kind: "postgres"; url: string; poolSize?: number; countStatements?: boolean }
  /**
   * `dataDir` undefined keeps the database in memory (tests). `template` is a directory written by
   * `writePgliteTemplate`: a new data directory starts as a copy of it instead of running initdb and every migration.
   * `dump` (from `dumpPgliteStores`) does the same from a data directory dump, for a new data directory or in memory.
   */
  | { kind: "pglite"; dataDir?: string; template?: string; dump?: Blob; countStatements?: boolean };

/**
 * The repository's drizzle/ folder, found upwards from this module: it runs from packages/db/src under tsx and
 * bundled into apps/server/dist in production, and both sit below the repository root.
 */
const MIGRATIONS = findUpwards(dirname(fileURLToPath(import.meta.url)), "drizzle/meta/_journal.json");

function findUpwards(from: string, marker: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return join(dir, dirname(dirname(marker)));
    if (dirname(dir) === dir) throw new Error(`no ${marker} above ${from}`);
  }
}

// PGlite touches all of its shared buffers when it starts, so they are resident memory from the first second
// whether used or not. A village office's working set fits in 16 MB; a page not in them is read back
// from the data directory's files, which the operating system caches.
const PGLITE_SETTINGS = { postgresqlconf: ["shared_buffers=16MB"] };

/**
 * Writes a PGlite data directory with every migration applied, made once at build time: a first start then
 * copies it (a fraction of a second) instead of running initdb and the migrations (most of a first start).
 * `prepare` fills it further on the migrated database (the server seeds the demo into it).
 */
export async function writePgliteTemplate(dir: string, prepare?: (db: Database) => Promise<void>): Promise<void> {
  // Built in memory (PGlite's own file system), then written out once as a plain data directory.
  const client = await PGlite.create(PGLITE_SETTINGS);
  let tarball: Blob;
  try {
    const db = drizzlePglite(client, { schema, casing: CASING });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    if (prepare) {
      await prepare(db as unknown as Database);
      // Leaves the tables compact and their statistics fresh for the first queries after a copy.
      await client.exec("vacuum analyze");
    }
    tarball = await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const onDisk = await PGlite.create(dir, { ...PGLITE_SETTINGS, loadDataDir: tarball });
  await onDisk.close();
}

/**
 * Data directory dumps (tar) of a migrated in-memory store, before and after `prepare`: a store in memory opened
 * from one (`openDatabase({ kind: "pglite", dump })`) skips initdb and the migrations, most of its opening time.
 */
export async function dumpPgliteStores(
  prepare: (db: Database) => Promise<void>,
): Promise<{ migrated: Blob; prepared: Blob }> {
  const client = await PGlite.create(PGLITE_SETTINGS);
  try {
    const db = drizzlePglite(client, { schema, casing: CASING });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    const migrated = await client.dumpDataDir("none");
    await prepare(db as unknown as Database);
    return { migrated, prepared: await client.dumpDataDir("none") };
  } finally {
    await client.close();
  }
}

let statementCount = 0;

/**
 * Statements sent by stores opened with `countStatements`, BEGIN and COMMIT included: PostgreSQL counts what
 * the driver sends; PGlite counts what drizzle sends plus each transaction's BEGIN and COMMIT (or ROLLBACK).
 */
export function statementsSent(): number {
  return statementCount;
}

/** Counts PGlite's statements: every query drizzle logs, and the BEGIN and COMMIT of each transaction. */
function countingPglite(client: PGlite) {
  const transaction = client.transaction.bind(client);
  client.transaction = (work) => {
    statementCount += 2;
    return transaction(work);
  };
  return { logQuery: () => void statementCount++ };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      ...(options.countStatements ? { debug: () => void statementCount++ } : {}),
    });
    const db = drizzlePostgres(client, { schema, casing: CASING });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    return { db: db as unknown as Database, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  if (options.dataDir) makePrivateDir(options.dataDir);
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    // PGlite writes through to the data directory's files before it acknowledges a query, so an
    // acknowledged write survives the process being killed (tested with kill -9). It does not fsync:
    // a power cut can still lose recent writes; use DATABASE_URL (PostgreSQL) where that matters.
    const fresh = options.dataDir !== undefined && !existsSync(join(options.dataDir, "PG_VERSION"));
    if (
      fresh &&
      options.dataDir &&
      !options.dump &&
      options.template &&
      existsSync(join(options.template, "PG_VERSION"))
    ) {
      cpSync(options.template, options.dataDir, { recursive: true });
    }
    const load = fresh || !options.dataDir ? { loadDataDir: options.dump } : {};
    const client = options.dataDir
      ? await PGlite.create(options.dataDir, { ...PGLITE_SETTINGS, ...load })
      : await PGlite.create({ ...PGLITE_SETTINGS, ...load });
    const db = drizzlePglite(client, {
      schema,
      casing: CASING,
      ...(options.countStatements ? { logger: countingPglite(client) } : {}),
    });
    // After a template this only checks the journal, or applies migrations newer than the template.
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    // initdb on a directory that already has files writes some with the modes of PGlite's own file system
    // (0666) past the umask; take them back now that it is done.
    if (options.dataDir) makePrivateDir(options.dataDir);
    return {
      db: db as unknown as Database,
      kind: "pglite",
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
