import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "./client";
import { rowsOf } from "./queries/index";

/**
 * A backup is a logical dump through the app's own connection, so it needs no pg_dump matching the
 * server's version and works the same on PGlite and PostgreSQL: a gzipped file of JSON lines,
 *   {"kitflow":"backup", format, migrations, tables:[{name, columns}], sequences}   header
 *   {"t":"<table>","r":{…row…}}                                                    one per row
 *   {"end":true, rows:{<table>: n}}                                                footer
 * Tables come parents first (by foreign key), so a restore inserts them in file order; the footer's
 * counts tell a complete file from a cut-off one.
 */
export const BACKUP_FORMAT = 1;

export interface BackupHeader {
  kitflow: "backup";
  format: number;
  createdAt: string;
  /** Applied schema migrations, oldest first (drizzle's hashes): the schema level the rows fit. */
  migrations: string[];
  tables: { name: string; columns: string[] }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

interface BackupFooter {
  end: true;
  rows: Record<string, number>;
}

const PAGE = 2000;

async function query<T>(db: Executor, statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

export async function appliedMigrations(db: Executor): Promise<string[]> {
  const rows = await query<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by id`);
  return rows.map((r) => r.hash);
}

/** Every table of the public schema, each after the tables its foreign keys point to. */
export async function tablesInDependencyOrder(db: Executor): Promise<{ name: string; columns: string[] }[]> {
  const tables = await query<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const edges = await query<{ child: string; parent: string }>(
    db,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const columns = await query<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, "");
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const e of edges) {
    const child = unquote(e.child);
    const parent = unquote(e.parent);
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.find(
      (t) => !placed.has(t.name) && [...(parents.get(t.name) ?? [])].every((p) => placed.has(p)),
    );
    if (!ready) throw new Error("foreign keys form a cycle; cannot order the tables");
    ordered.push(ready.name);
    placed.add(ready.name);
  }
  return ordered.map((name) => ({ name, columns: columns.filter((c) => c.table === name).map((c) => c.column) }));
}

async function sequences(db: Executor): Promise<BackupHeader["sequences"]> {
  const names = await query<{ name: string }>(
    db,
    sql`select sequence_name as name from information_schema.sequences where sequence_schema = 'public'
        order by sequence_name`,
  );
  const result: BackupHeader["sequences"] = [];
  for (const { name } of names) {
    const [row] = await query<{ last_value: string | number; is_called: boolean }>(
      db,
      sql`select last_value::text as last_value, is_called from ${sql.identifier(name)}`,
    );
    if (row) result.push({ name, lastValue: String(row.last_value), isCalled: row.is_called });
  }
  return result;
}

/** Writes a consistent snapshot of every table (one repeatable-read transaction) to a gzipped file. */
export async function writeBackup(db: Database, file: string): Promise<Record<string, number>> {
  const lines = new PassThrough();
  const written = pipeline(lines, createGzip(), createWriteStream(file, { mode: 0o600 }));
  const put = async (value: unknown) => {
    if (!lines.write(`${JSON.stringify(value)}\n`)) await once(lines, "drain");
  };
  try {
    const counts = await db.transaction(
      async (tx) => {
        const tables = await tablesInDependencyOrder(tx);
        const header: BackupHeader = {
          kitflow: "backup",
          format: BACKUP_FORMAT,
          createdAt: new Date().toISOString(),
          migrations: await appliedMigrations(tx),
          tables,
          sequences: await sequences(tx),
        };
        await put(header);
        const rows: Record<string, number> = {};
        for (const { name } of tables) {
          rows[name] = 0;
          // Pages by physical row id: stable inside the snapshot and cheap on large tables.
          let after = "(0,0)";
          for (;;) {
            const page = await query<{ ctid: string; row: string }>(
              tx,
              sql`select t.ctid::text as ctid, to_jsonb(t)::text as row from ${sql.identifier(name)} t
                  where t.ctid > ${after}::tid order by t.ctid limit ${PAGE}`,
            );
            for (const r of page) await put({ t: name, r: JSON.parse(r.row) });
            rows[name] += page.length;
            const last = page.at(-1);
            if (!last || page.length < PAGE) break;
            after = last.ctid;
          }
        }
        return rows;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    await put({ end: true, rows: counts } satisfies BackupFooter);
    lines.end();
    await written;
    return counts;
  } catch (error) {
    lines.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
}

/** Rows in the public schema's tables; a store is empty when every table is. */
export async function storeRowCount(db: Executor): Promise<number> {
  let total = 0;
  for (const { name } of await tablesInDependencyOrder(db)) {
    const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    total += row?.n ?? 0;
  }
  return total;
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

async function* backupLines(file: string): AsyncGenerator<unknown> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line) yield JSON.parse(line);
}

/**
 * Loads a backup into an empty store migrated to at least the backup's level, in one transaction: all
 * of it or nothing. Only inserts (the append-only tables refuse anything else); columns added by later
 * migrations take their defaults. Sequences continue after the restored rows.
 */
export async function restoreBackup(db: Database, file: string): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    const lines = backupLines(file);
    const first = (await lines.next()).value as BackupHeader | undefined;
    if (first?.kitflow !== "backup" || first.format !== BACKUP_FORMAT) {
      throw new RestoreRefused(`${file} is not a kitflow backup (format ${BACKUP_FORMAT})`);
    }
    const applied = await appliedMigrations(tx);
    if (first.migrations.some((hash, i) => applied[i] !== hash)) {
      throw new RestoreRefused(
        `${file} was written by a newer or different version of kitflow (schema level ${first.migrations.length}, ` +
          `this store ${applied.length}); restore it with that version`,
      );
    }
    if ((await storeRowCount(tx)) > 0) {
      throw new RestoreRefused("the store is not empty; restore only onto an empty store (or pass --force)");
    }
    const columns = new Map(first.tables.map((t) => [t.name, t.columns]));
    const counts: Record<string, number> = {};
    let pending: { table: string; rows: unknown[] } | undefined;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const { table, rows } = pending;
      const list = sql.join(
        (columns.get(table) ?? []).map((c) => sql.identifier(c)),
        sql`, `,
      );
      await tx.execute(
        sql`insert into ${sql.identifier(table)} (${list})
            select ${list} from jsonb_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(rows)}::jsonb)`,
      );
      counts[table] = (counts[table] ?? 0) + rows.length;
      pending = undefined;
    };
    let footer: BackupFooter | undefined;
    for await (const value of lines) {
      const line = value as { t?: string; r?: unknown; end?: boolean };
      if (line.end) {
        footer = value as BackupFooter;
        break;
      }
      if (!line.t || !columns.has(line.t)) throw new RestoreRefused(`unknown table ${line.t} in ${file}`);
      if (pending && (pending.table !== line.t || pending.rows.length >= PAGE)) await flush();
      pending ??= { table: line.t, rows: [] };
      pending.rows.push(line.r);
    }
    await flush();
    if (!footer) throw new RestoreRefused(`${file} is cut off (no end marker); nothing was restored`);
    for (const [table, n] of Object.entries(footer.rows)) {
      if ((counts[table] ?? 0) !== n) {
        throw new RestoreRefused(`${file}: ${table} has ${counts[table] ?? 0} rows, the backup says ${n}`);
      }
    }
    for (const s of first.sequences) {
      await tx.execute(sql`select setval(${s.name}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`);
    }
    return counts;
  });
}

/** Drops every table and the migration history; the next open migrates an empty store from scratch. */
export async function wipeStore(db: Database): Promise<void> {
  for (const statement of [
    "drop schema if exists public cascade",
    "drop schema if exists drizzle cascade",
    "create schema public",
  ]) {
    await db.execute(sql.raw(statement));
  }
}

/** Reads a backup through to its end marker without touching any store, so --force never wipes for a bad file. */
export async function checkBackupFile(file: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  const counts: Record<string, number> = {};
  try {
    for await (const value of backupLines(file)) {
      const line = value as Partial<BackupHeader> & { t?: string; end?: boolean; rows?: Record<string, number> };
      if (!header) {
        if (line.kitflow !== "backup" || line.format !== BACKUP_FORMAT) break;
        header = value as BackupHeader;
      } else if (line.end) {
        const complete = Object.entries(line.rows ?? {}).every(([table, n]) => (counts[table] ?? 0) === n);
        if (!complete) throw new RestoreRefused(`${file}: row counts do not match its end marker`);
        return header;
      } else if (line.t) {
        counts[line.t] = (counts[line.t] ?? 0) + 1;
      }
    }
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${file} cannot be read as a kitflow backup: ${(error as Error).message}`);
  }
  throw new RestoreRefused(
    header ? `${file} is cut off (no end marker)` : `${file} is not a kitflow backup (format ${BACKUP_FORMAT})`,
  );
}
