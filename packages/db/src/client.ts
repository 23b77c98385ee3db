import { existsSync } from "node:fs";
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
import * as schema from "./schema/index";

export type Schema = typeof schema;
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
  | { kind: "postgres"; url: string; poolSize?: number }
  /** `dataDir` undefined keeps the database in memory (tests). */
  | { kind: "pglite"; dataDir?: string };

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

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const client = postgres(options.url, { max: options.poolSize ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    return { db: db as unknown as Database, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    // PGlite writes through to the data directory's files before it acknowledges a query, so an
    // acknowledged write survives the process being killed (tested with kill -9). It does not fsync:
    // a power cut can still lose recent writes; use DATABASE_URL (PostgreSQL) where that matters.
    // A village office's data fits in far less than Postgres' default 128 MB of shared buffers.
    const settings = { postgresqlconf: ["shared_buffers=32MB"] };
    const client = options.dataDir ? await PGlite.create(options.dataDir, settings) : await PGlite.create(settings);
    const db = drizzlePglite(client, { schema, casing: "snake_case" });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
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
