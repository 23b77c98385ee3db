import { sql } from "drizzle-orm";
import type { TestApp } from "./app";
import { rowsOf } from "./sql";

/** Every test app runs the same migrations, so the list of tables is read once per test file. */
let publicTables: string[] | undefined;

/**
 * A fingerprint per table in the public schema: row count and newest row version (xmin). Any committed
 * insert, update or delete changes one of them; a rolled-back transaction leaves both as they were.
 */
export async function tableDigests(app: TestApp): Promise<Record<string, string>> {
  publicTables ??= rowsOf(
    await app.handle.db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  ).map((r) => String(r.name));
  const parts = publicTables.map(
    (t) => `select '${t}' as name, count(*) || ':' || coalesce(max(x.xmin::text::bigint), 0) as digest from "${t}" x`,
  );
  const rows = rowsOf(await app.handle.db.execute(sql.raw(parts.join(" union all "))));
  return Object.fromEntries(rows.map((r) => [String(r.name), String(r.digest)]));
}

/** The tables whose fingerprint differs between two `tableDigests`, sorted; empty when nothing was written. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
