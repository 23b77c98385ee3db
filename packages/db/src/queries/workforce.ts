import { statusesAllowing } from "@kitflow/domain";
import { and, asc, desc, eq, gte, inArray, isNull, like, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../client";
import {
  batches,
  organisations,
  pieceworkEntries,
  regions,
  workerMonths,
  workers,
  workshopInsurance,
} from "../schema/index";

export type Worker = typeof workers.$inferSelect;
export type NewWorker = typeof workers.$inferInsert;
export type PieceworkEntry = typeof pieceworkEntries.$inferSelect;

/* ---------------------------------- roster ---------------------------------- */

export async function listWorkers(
  db: Executor,
  workshopId: string,
  options: { includeLeft: boolean; asOf: string },
): Promise<Worker[]> {
  const current = or(isNull(workers.leftOn), gte(workers.leftOn, options.asOf));
  return db
    .select()
    .from(workers)
    .where(and(eq(workers.workshopId, workshopId), options.includeLeft ? undefined : current))
    .orderBy(asc(workers.name), asc(workers.id));
}

/** Scoped by workshop: another workshop's worker is simply not found. */
export async function getWorker(db: Executor, workshopId: string, id: string): Promise<Worker | undefined> {
  const [row] = await db
    .select()
    .from(workers)
    .where(and(eq(workers.id, id), eq(workers.workshopId, workshopId)));
  return row;
}

export async function workersOf(db: Executor, workshopId: string, ids: readonly string[]): Promise<Worker[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(workers)
    .where(and(eq(workers.workshopId, workshopId), inArray(workers.id, [...ids])));
}

export async function insertWorkers(tx: Executor, rows: readonly NewWorker[]): Promise<Worker[]> {
  const out: Worker[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await tx
        .insert(workers)
        .values(rows.slice(i, i + 500) as NewWorker[])
        .returning()),
    );
  }
  return out;
}

export async function updateWorker(
  tx: Executor,
  workshopId: string,
  id: string,
  patch: Partial<Omit<NewWorker, "id" | "workshopId" | "createdAt">>,
): Promise<Worker | undefined> {
  const [row] = await tx
    .update(workers)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(workers.id, id), eq(workers.workshopId, workshopId)))
    .returning();
  return row;
}

/** Digests already on a workshop's roster, to refuse the same person twice. */
export async function identityDigestsOf(db: Executor, workshopId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: workers.id, digest: workers.idNumberDigest })
    .from(workers)
    .where(and(eq(workers.workshopId, workshopId), sql`${workers.idNumberDigest} is not null`));
  return new Map(rows.map((r) => [r.digest ?? "", r.id]));
}

export interface VillageEntry {
  code: string;
  name: string;
  townshipCode: string | null;
  townshipName: string | null;
}

/** Every village with its township: import resolves names against it, exports print names from it. */
export async function villageDirectory(db: Executor, underCode?: string): Promise<VillageEntry[]> {
  const township = alias(regions, "township");
  const rows = await db
    .select({
      code: regions.code,
      name: regions.name,
      townshipCode: regions.parentCode,
      townshipName: township.name,
    })
    .from(regions)
    .leftJoin(township, eq(township.code, regions.parentCode))
    .where(and(eq(regions.level, "village"), underCode ? like(regions.code, `${underCode}%`) : undefined))
    .orderBy(asc(regions.code));
  return rows;
}

export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/* --------------------------------- piecework --------------------------------- */

/** Net quantity entered for a batch so far; call under the batch row lock. */
export async function pieceworkEnteredForBatch(tx: Executor, batchId: string): Promise<number> {
  const [row] = await tx
    .select({ qty: sql<number>`coalesce(sum(${pieceworkEntries.qty}), 0)::int` })
    .from(pieceworkEntries)
    .where(eq(pieceworkEntries.batchId, batchId));
  return Number(row?.qty ?? 0);
}

export async function pieceworkEnteredForBatches(db: Executor, batchIds: readonly string[]) {
  if (batchIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ batchId: pieceworkEntries.batchId, qty: sql<number>`sum(${pieceworkEntries.qty})::int` })
    .from(pieceworkEntries)
    .where(inArray(pieceworkEntries.batchId, [...batchIds]))
    .groupBy(pieceworkEntries.batchId);
  return new Map(rows.map((r) => [r.batchId, Number(r.qty)]));
}

export type NewPieceworkEntry = typeof pieceworkEntries.$inferInsert;

export async function insertPiecework(tx: Executor, rows: readonly NewPieceworkEntry[]): Promise<PieceworkEntry[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(pieceworkEntries)
    .values(rows as NewPieceworkEntry[])
    .returning();
}

export async function getPieceworkEntry(
  db: Executor,
  workshopId: string,
  id: number,
): Promise<(PieceworkEntry & { reversed: boolean }) | undefined> {
  const [row] = await db
    .select({
      entry: pieceworkEntries,
      reversed: sql<boolean>`exists (select 1 from piecework_entries r where r.reverses_entry_id = "piecework_entries"."id")`,
    })
    .from(pieceworkEntries)
    .where(and(eq(pieceworkEntries.id, id), eq(pieceworkEntries.workshopId, workshopId)));
  return row ? { ...row.entry, reversed: Boolean(row.reversed) } : undefined;
}

/**
 * Recomputes the monthly rollup of the given workers for one month from their entries; runs in
 * the transaction that wrote the entries, so figures never lag behind piecework.
 */
export async function refreshWorkerMonths(tx: Executor, workerIds: readonly string[], month: string): Promise<void> {
  if (workerIds.length === 0) return;
  const ids = sql.join(
    workerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await tx.execute(sql`insert into worker_months (worker_id, month, workshop_id, qty, earnings_fen, days_worked)
    select worker_id, ${month}::date, workshop_id, sum(q)::int, sum(e)::bigint, (count(*) filter (where q > 0))::int
    from (select worker_id, workshop_id, work_date, sum(qty) as q, sum(qty::bigint * piece_rate_fen) as e
          from piecework_entries
          where worker_id in (${ids}) and work_date >= ${month}::date and work_date < (${month}::date + interval '1 month')
          group by worker_id, workshop_id, work_date) d
    group by worker_id, workshop_id
    on conflict (worker_id, month) do update
      set qty = excluded.qty, earnings_fen = excluded.earnings_fen, days_worked = excluded.days_worked`);
}

/** Rebuilds the whole rollup from the entries (bulk loads: the demo seed, the benchmark). */
export async function rebuildWorkerMonths(tx: Executor): Promise<void> {
  await tx.execute(sql`delete from worker_months`);
  await tx.execute(sql`insert into worker_months (worker_id, month, workshop_id, qty, earnings_fen, days_worked)
    select worker_id, date_trunc('month', work_date)::date, workshop_id, sum(q)::int, sum(e)::bigint,
      (count(*) filter (where q > 0))::int
    from (select worker_id, workshop_id, work_date, sum(qty) as q, sum(qty::bigint * piece_rate_fen) as e
          from piecework_entries group by worker_id, workshop_id, work_date) d
    group by worker_id, workshop_id, date_trunc('month', work_date)`);
}

export interface PieceworkFilter {
  batchId?: string;
  workerId?: string;
  from?: string;
  to?: string;
  limit: number;
}

export async function listPiecework(db: Executor, workshopId: string, filter: PieceworkFilter) {
  const conditions: (SQL | undefined)[] = [eq(pieceworkEntries.workshopId, workshopId)];
  if (filter.batchId) conditions.push(eq(pieceworkEntries.batchId, filter.batchId));
  if (filter.workerId) conditions.push(eq(pieceworkEntries.workerId, filter.workerId));
  if (filter.from) conditions.push(gte(pieceworkEntries.workDate, filter.from));
  if (filter.to) conditions.push(lte(pieceworkEntries.workDate, filter.to));
  return db
    .select({
      id: pieceworkEntries.id,
      workerId: pieceworkEntries.workerId,
      workerName: workers.name,
      batchId: pieceworkEntries.batchId,
      batchNumber: batches.number,
      productName: batches.productName,
      workDate: pieceworkEntries.workDate,
      qty: pieceworkEntries.qty,
      pieceRateFen: pieceworkEntries.pieceRateFen,
      reversesEntryId: pieceworkEntries.reversesEntryId,
      reason: pieceworkEntries.reason,
      createdAt: pieceworkEntries.createdAt,
      reversed: sql<boolean>`exists (select 1 from piecework_entries r where r.reverses_entry_id = "piecework_entries"."id")`,
    })
    .from(pieceworkEntries)
    .innerJoin(workers, eq(workers.id, pieceworkEntries.workerId))
    .innerJoin(batches, eq(batches.id, pieceworkEntries.batchId))
    .where(and(...conditions))
    .orderBy(desc(pieceworkEntries.workDate), desc(pieceworkEntries.id))
    .limit(filter.limit);
}

/** Every entry of workers of a workshop in [from, to], with the batch it belongs to. */
export async function pieceLines(
  db: Executor,
  workshopId: string,
  range: { from: string; to: string },
  workerId?: string,
) {
  return db
    .select({
      workerId: pieceworkEntries.workerId,
      batchId: pieceworkEntries.batchId,
      workDate: pieceworkEntries.workDate,
      qty: pieceworkEntries.qty,
      pieceRateFen: pieceworkEntries.pieceRateFen,
    })
    .from(pieceworkEntries)
    .where(
      and(
        eq(pieceworkEntries.workshopId, workshopId),
        gte(pieceworkEntries.workDate, range.from),
        lte(pieceworkEntries.workDate, range.to),
        workerId ? eq(pieceworkEntries.workerId, workerId) : undefined,
      ),
    )
    .orderBy(asc(pieceworkEntries.workDate), asc(pieceworkEntries.id));
}

/**
 * Batches a workshop may book piecework against, with what is already booked. The correlated
 * subqueries name "batches"."id" in full: drizzle writes a bare column name inside sql``.
 */
export async function batchesForPiecework(db: Executor, workshopId: string, ids?: readonly string[]) {
  if (ids && ids.length === 0) return [];
  return db
    .select({
      id: batches.id,
      number: batches.number,
      productName: batches.productName,
      pieceRateFen: batches.pieceRateFen,
      rejectDeductionFen: batches.rejectDeductionFen,
      quantity: batches.quantity,
      status: batches.status,
      settlementNetFen: batches.settlementNetFen,
      finishedUnits: sql<number>`(select coalesce(sum(coalesce(s.good_qty, 0) + coalesce(s.defective_qty, 0)), 0)::int
        from shipments s where s.batch_id = "batches"."id" and s.kind = 'return')`,
      acceptedQty: sql<number>`(select coalesce(sum(s.accepted_qty), 0)::int from shipments s where s.batch_id = "batches"."id")`,
      rejectedQty: sql<number>`(select coalesce(sum(s.rejected_qty), 0)::int from shipments s where s.batch_id = "batches"."id")`,
      entered: sql<number>`(select coalesce(sum(p.qty), 0)::int from piecework_entries p where p.batch_id = "batches"."id")`,
    })
    .from(batches)
    .where(
      and(
        eq(batches.workshopId, workshopId),
        ids ? inArray(batches.id, [...ids]) : undefined,
        ids ? undefined : inArray(batches.status, [...statusesAllowing("enterPiecework")]),
      ),
    )
    .orderBy(desc(batches.createdAt));
}

/* ------------------------------ monitoring facts ------------------------------ */

export async function workshopsUnder(db: Executor, regionCode: string) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      regionCode: organisations.regionCode,
      workshopMode: organisations.workshopMode,
      contactName: organisations.contactName,
      contactPhone: organisations.contactPhone,
    })
    .from(organisations)
    .where(and(eq(organisations.kind, "workshop"), like(organisations.regionCode, `${regionCode}%`)))
    .orderBy(asc(organisations.regionCode), asc(organisations.name));
}

/** Roster of the workshops with each worker's earnings per month from `fromMonth` on. */
export async function rosterWithEarnings(db: Executor, workshopIds: readonly string[], fromMonth: string) {
  if (workshopIds.length === 0) return [];
  const roster = await db
    .select()
    .from(workers)
    .where(inArray(workers.workshopId, [...workshopIds]));
  const months = await db
    .select({ workerId: workerMonths.workerId, month: workerMonths.month, earningsFen: workerMonths.earningsFen })
    .from(workerMonths)
    .where(and(inArray(workerMonths.workshopId, [...workshopIds]), gte(workerMonths.month, fromMonth)));
  const byWorker = new Map<string, Map<string, number>>();
  for (const m of months) {
    const map = byWorker.get(m.workerId) ?? new Map<string, number>();
    map.set(m.month, Number(m.earningsFen));
    byWorker.set(m.workerId, map);
  }
  return roster.map((w) => ({ worker: w, monthlyEarningsFen: byWorker.get(w.id) ?? new Map<string, number>() }));
}

export async function insuranceOf(db: Executor, workshopIds: readonly string[]) {
  if (workshopIds.length === 0) return [];
  return db
    .select()
    .from(workshopInsurance)
    .where(inArray(workshopInsurance.workshopId, [...workshopIds]))
    .orderBy(desc(workshopInsurance.coversTo));
}

export async function insertInsurance(tx: Executor, values: typeof workshopInsurance.$inferInsert) {
  const [row] = await tx.insert(workshopInsurance).values(values).returning();
  if (!row) throw new Error("insert returned no insurance row");
  return row;
}
