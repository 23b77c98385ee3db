/**
 * `npm run backup` and `npm run restore` as an operator runs them, on the embedded store and on
 * PostgreSQL: a restore onto an empty store gives back every row of every table and every sequence,
 * a store with data is refused unless --force, and a cut-off file restores nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { type DatabaseHandle, openDatabase, rowsOf, type StoreKind } from "@kitflow/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteDump, postgresDatabase, STORE_KINDS } from "../support/stores";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Store {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** An empty store, or (`from: "demo"`) one holding the demo, copied from the run's seeded template. */
async function newStore(kind: StoreKind, scratch: string, name: string, from?: "demo"): Promise<Store> {
  if (kind === "pglite") {
    const dataDir = join(scratch, name);
    if (from) await (await openDatabase({ kind: "pglite", dataDir, dump: pgliteDump(from) })).close();
    return {
      env: { DATA_DIR: dataDir },
      // Opened before anything was restored into it, it starts migrated, as the restore command would start it.
      open: () => openDatabase({ kind: "pglite", dataDir, dump: pgliteDump("migrated") }),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await postgresDatabase(from);
  return {
    env: { DATABASE_URL: database.url, DATA_DIR: join(scratch, `${name}-secret`) },
    open: () => openDatabase({ kind: "postgres", url: database.url, poolSize: 2 }),
    drop: () => database.drop(),
  };
}

/** Every table's rows (as sorted JSON, hashed) and every sequence's position. */
async function contents(store: Store): Promise<Record<string, string>> {
  const handle = await store.open();
  try {
    const tables = rowsOf<{ name: string }>(
      await handle.db.execute(
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      ),
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = rowsOf<{ n: number; digest: string | null }>(
        await handle.db.execute(
          sql`select count(*)::int as n, md5(string_agg(to_jsonb(t)::text, E'\n' order by to_jsonb(t)::text)) as digest
              from ${sql.identifier(name)} t`,
        ),
      );
      result[name] = `${row?.n}:${row?.digest}`;
    }
    const sequences = rowsOf<{ name: string }>(
      await handle.db.execute(
        sql`select sequence_name as name from information_schema.sequences where sequence_schema = 'public'`,
      ),
    );
    for (const { name } of sequences) {
      const [row] = rowsOf<{ v: string }>(
        await handle.db.execute(
          sql`select last_value::text || ':' || is_called::text as v from ${sql.identifier(name)}`,
        ),
      );
      result[`sequence ${name}`] = row?.v ?? "";
    }
    return result;
  } finally {
    await handle.close();
  }
}

/** Runs `npm run <script> -- <args>` from `cwd`, as an operator would from any directory. */
function npmRun(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  const environment: Record<string, string | undefined> = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete environment.DATABASE_URL;
  delete environment.INIT_CWD;
  const child = spawn("npm", ["--prefix", ROOT, "run", "--silent", script, "--", ...args], {
    cwd,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe.each(STORE_KINDS)("backup and restore on %s", (kind) => {
  let scratch: string;
  let source: Store;
  const stores: Store[] = [];
  let original: Record<string, string>;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "kitflow-backup-"));
    source = await newStore(kind, scratch, "source", "demo");
    stores.push(source);
    original = await contents(source);
  });

  afterAll(async () => {
    for (const store of stores) await store.drop();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it("a restore onto an empty store gives back every row of every table and every sequence", async () => {
    const backup = await npmRun("backup", ["--out", "kitflow.backup.gz"], source.env, scratch);
    expect(backup.code, backup.output).toBe(0);
    const file = join(scratch, "kitflow.backup.gz");
    const lines = gunzipSync(readFileSync(file)).toString().trim().split("\n");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ kitflow: "backup", format: 1 });

    const target = await newStore(kind, scratch, "target");
    stores.push(target);
    const restore = await npmRun("restore", ["--from", file], target.env, scratch);
    expect(restore.code, restore.output).toBe(0);
    const restored = await contents(target);
    expect(restored).toEqual(original);
    // The demo fills the ledger, piecework and auth tables: the comparison is not of empty tables.
    for (const table of ["ledger_entries", "piecework_entries", "user", "account", "batches", "workers"]) {
      expect(Number.parseInt(restored[table] ?? "0", 10), table).toBeGreaterThan(0);
    }

    // A store with data is left alone without --force, and replaced with it.
    const again = await npmRun("restore", ["--from", file], target.env, scratch);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/not empty/);
    expect(await contents(target)).toEqual(original);
    const forced = await npmRun("restore", ["--from", file, "--force"], target.env, scratch);
    expect(forced.code, forced.output).toBe(0);
    expect(await contents(target)).toEqual(original);
  }, 300_000);

  it("a cut-off backup restores nothing, even with --force", async () => {
    const file = join(scratch, "kitflow.backup.gz");
    const lines = gunzipSync(readFileSync(file)).toString().trim().split("\n");
    const cut = join(scratch, "cut.backup.gz");
    writeFileSync(cut, gzipSync(`${lines.slice(0, -50).join("\n")}\n`));
    const target = await newStore(kind, scratch, "cut-target");
    stores.push(target);
    const empty = await contents(target);
    const restore = await npmRun("restore", ["--from", cut], target.env, scratch);
    expect(restore.code).toBe(1);
    expect(restore.output).toMatch(/cut off/);
    expect(await contents(target)).toEqual(empty);
    const forced = await npmRun("restore", ["--from", cut, "--force"], source.env, scratch);
    expect(forced.code).toBe(1);
    expect(await contents(source), "the store --force would have wiped is untouched").toEqual(original);
  }, 300_000);
});
