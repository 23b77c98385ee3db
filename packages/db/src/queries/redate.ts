import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { rowsOf } from "./rows";
import { rebuildWorkerMonths } from "./workforce";

/**
 * Moves every date and timestamp in the database by whole days, for a demo prepared on another day
 * (the store template written at build time): the demo then reads as if it had been seeded today.
 * Period keys move by whole periods instead, so they stay first days and distinct: columns named `month`
 * (first day of a month) by `months`, columns named `effective_from` (first day of a quarter) by `quarters`.
 * The worker rollups (months and quarters) are rebuilt from the moved piecework.
 * One UPDATE per table with date columns, found in the catalogue so a column added later is never missed.
 * The append-only ledgers refuse updates by trigger; moving the demo's dates is not a change of what they
 * record, so triggers are off for this transaction only (needs a superuser: the embedded store's own).
 */
export async function shiftAllDates(
  tx: Executor,
  by: { days: number; months: number; quarters: number },
): Promise<void> {
  const { days, months, quarters } = by;
  if (![days, months, quarters].every(Number.isInteger)) throw new Error("shiftAllDates moves by whole periods");
  if (days === 0 && months === 0 && quarters === 0) return;
  await tx.execute(sql`set local session_replication_role = replica`);
  const columns = rowsOf<{ table_name: string; column_name: string; data_type: string }>(
    await tx.execute(sql`select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and table_name not in ('worker_months', 'worker_quarters')
        and data_type in ('date', 'timestamp with time zone', 'timestamp without time zone')
      order by table_name, ordinal_position`),
  );
  const byTable = new Map<string, SQL[]>();
  for (const c of columns) {
    const column = sql.identifier(c.column_name);
    const shifted =
      c.column_name === "month"
        ? sql`(${column} + ${sql.raw(`interval '${months} months'`)})::date`
        : c.column_name === "effective_from"
          ? sql`(${column} + ${sql.raw(`interval '${quarters * 3} months'`)})::date`
          : c.data_type === "date"
            ? sql`${column} + ${sql.raw(String(days))}`
            : sql`${column} + ${sql.raw(`interval '${days} days'`)}`;
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), sql`${column} = ${shifted}`]);
  }
  for (const [table, sets] of byTable) {
    await tx.execute(sql`update ${sql.identifier(table)} set ${sql.join(sets, sql`, `)}`);
  }
  await tx.execute(sql`set local session_replication_role = origin`);
  await rebuildWorkerMonths(tx);
}

/** Replaces identity-number digests (keyed by another secret) with the ones this server's secret gives. */
export async function replaceIdentityDigests(tx: Executor, pairs: { from: string; to: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await tx.execute(sql`update workers w set id_number_digest = p."to"
    from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p("from" text, "to" text)
    where w.id_number_digest = p."from"`);
}
