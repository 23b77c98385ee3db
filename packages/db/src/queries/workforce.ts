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
import { rowsOf } from "./rows";

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

/**
 * Workers read for changing them or booking their piecework, each row locked until the transaction
 * ends: writers of one worker queue here, and the statements after the lock see what the one before
 * committed (insertPiecework's worker-days, the village a move leaves the rollup in). Locked in id
 * order, so two teams that share workers never wait for each other in a circle. `no key update`
 * leaves the key-share locks of foreign keys free: rows that merely refer to a worker are written as
 * before.
 */
export async function lockWorkers(tx: Executor, workshopId: string, ids: readonly string[]): Promise<Worker[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(workers)
    .where(and(eq(workers.workshopId, workshopId), inArray(workers.id, [...ids])))
    .orderBy(workers.id)
    .for("no key update");
}

export async function lockWorker(tx: Executor, workshopId: string, id: string): Promise<Worker | undefined> {
  const [row] = await lockWorkers(tx, workshopId, [id]);
  return row;
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

/** The regions directly under a region (a prefecture's counties), in code order. */
export async function regionsUnder(db: Executor, parentCode: string): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.parentCode, parentCode))
    .orderBy(asc(regions.code));
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

const ENTRY_COLUMNS = sql.raw(
  "workshop_id, worker_id, batch_id, work_date, qty, piece_rate_fen, reverses_entry_id, reason, idempotency_key, actor_user_id",
);

/**
 * Moves the worker-quarter rollup by what a statement did to worker_months: `rolled` holds the month
 * rows as the statement left them (an upsert returns the row after its update, under its lock) and
 * `added` what was added to each, so the month as it was is the one less the other. A month counts
 * in its quarter while its net quantity is positive; what it brings is the difference between its
 * contribution after and before, which keeps the quarter additive like the months.
 */
const QUARTERS_FROM_ROLLED = sql`quartered as (
      insert into worker_quarters (worker_id, quarter, village_code, earnings_fen, days_worked, months_worked,
        workshop_id, poor_household, monitored, joined_on)
      select r.worker_id, date_trunc('quarter', r.month)::date, r.village_code,
        sum(case when r.qty > 0 then r.earnings_fen else 0 end
          - case when r.qty - a.qty > 0 then r.earnings_fen - a.earnings else 0 end)::bigint,
        sum(case when r.qty > 0 then r.days_worked else 0 end
          - case when r.qty - a.qty > 0 then r.days_worked - a.days else 0 end)::int,
        sum(((r.qty > 0)::int - (r.qty - a.qty > 0)::int) << ((extract(month from r.month)::int - 1) % 3))::smallint,
        a.roster_workshop_id, a.poor_household, a.monitored, a.joined_on
      from rolled r join added a on a.worker_id = r.worker_id and a.month = r.month
      group by r.worker_id, date_trunc('quarter', r.month), r.village_code,
        a.roster_workshop_id, a.poor_household, a.monitored, a.joined_on
      on conflict (worker_id, quarter) do update set earnings_fen = worker_quarters.earnings_fen + excluded.earnings_fen,
        days_worked = worker_quarters.days_worked + excluded.days_worked,
        months_worked = worker_quarters.months_worked + excluded.months_worked)`;

/**
 * Inserts piecework and moves the worker-month and worker-quarter rollups by what it adds, in one statement, so the
 * figures can never disagree with the entries. The other parts of the statement see the entries as
 * they were before it (a data-modifying CTE's rows are not visible to its siblings), which is what
 * a day's "was it worked before?" needs: a day counts once its net quantity turns positive and stops
 * counting when a correction brings it back to zero. Quantity and pay are added to the row under
 * its lock; the days need "before" to include every committed entry of the day, so the caller holds
 * the rows of the entries' workers (lockWorkers, lockPieceworkEntry) before this statement starts:
 * under READ COMMITTED its snapshot then holds whatever an earlier writer of the same worker-day
 * committed, from another batch or another phone, and no later writer can read "before" until this
 * transaction has committed.
 */
export async function insertPiecework(tx: Executor, rows: readonly NewPieceworkEntry[]): Promise<PieceworkEntry[]> {
  if (rows.length === 0) return [];
  const values = sql.join(
    rows.map(
      (r) => sql`(${r.workshopId}::uuid, ${r.workerId}::uuid, ${r.batchId}::uuid, ${r.workDate}::date, ${r.qty}::int,
        ${r.pieceRateFen}::int, ${r.reversesEntryId ?? null}::bigint, ${r.reason ?? null}::text,
        ${r.idempotencyKey}::varchar, ${r.actorUserId}::text)`,
    ),
    sql`, `,
  );
  const result = await tx.execute(sql`with inserted as (
      insert into piecework_entries (${ENTRY_COLUMNS}) values ${values}
      returning id, ${ENTRY_COLUMNS}, created_at),
    days as (
      select n.worker_id, n.workshop_id, n.work_date, sum(n.qty) as added,
        sum(n.qty::bigint * n.piece_rate_fen) as earnings,
        coalesce((select sum(p.qty) from piecework_entries p
          where p.worker_id = n.worker_id and p.work_date = n.work_date), 0) as before
      from inserted n group by n.worker_id, n.workshop_id, n.work_date),
    added as (
      select d.worker_id, date_trunc('month', d.work_date)::date as month, d.workshop_id, w.village_code,
        sum(d.added)::int as qty, sum(d.earnings)::bigint as earnings,
        sum((d.before + d.added > 0)::int - (d.before > 0)::int)::int as days,
        w.workshop_id as roster_workshop_id, w.poor_household, w.monitored, w.joined_on
      from days d join workers w on w.id = d.worker_id
      group by d.worker_id, d.workshop_id, w.village_code, date_trunc('month', d.work_date),
        w.workshop_id, w.poor_household, w.monitored, w.joined_on),
    rolled as (
      insert into worker_months (worker_id, month, workshop_id, village_code, qty, earnings_fen, days_worked)
      select worker_id, month, workshop_id, village_code, qty, earnings, days from added
      on conflict (worker_id, month) do update set qty = worker_months.qty + excluded.qty,
        earnings_fen = worker_months.earnings_fen + excluded.earnings_fen,
        days_worked = worker_months.days_worked + excluded.days_worked
      returning worker_id, month, village_code, qty, earnings_fen, days_worked),
    ${QUARTERS_FROM_ROLLED}
    select id, workshop_id, worker_id, batch_id, to_char(work_date, 'YYYY-MM-DD') as work_date, qty, piece_rate_fen,
      reverses_entry_id, reason, idempotency_key, actor_user_id, created_at
    from inserted order by id`);
  return rowsOf<InsertedEntry>(result).map((r) => ({
    id: Number(r.id),
    workshopId: r.workshop_id,
    workerId: r.worker_id,
    batchId: r.batch_id,
    workDate: r.work_date,
    qty: Number(r.qty),
    pieceRateFen: Number(r.piece_rate_fen),
    reversesEntryId: r.reverses_entry_id === null ? null : Number(r.reverses_entry_id),
    reason: r.reason,
    idempotencyKey: r.idempotency_key,
    actorUserId: r.actor_user_id,
    createdAt: new Date(r.created_at),
  }));
}

interface InsertedEntry {
  id: number | string;
  workshop_id: string;
  worker_id: string;
  batch_id: string;
  work_date: string;
  qty: number | string;
  piece_rate_fen: number | string;
  reverses_entry_id: number | string | null;
  reason: string | null;
  idempotency_key: string;
  actor_user_id: string;
  created_at: string | Date;
}

type EntryWithState = PieceworkEntry & { reversed: boolean };

function selectEntry(db: Executor, workshopId: string, id: number) {
  return db
    .select({
      entry: pieceworkEntries,
      reversed: sql<boolean>`exists (select 1 from piecework_entries r where r.reverses_entry_id = "piecework_entries"."id")`,
    })
    .from(pieceworkEntries)
    .where(and(eq(pieceworkEntries.id, id), eq(pieceworkEntries.workshopId, workshopId)));
}

const withState = (row: { entry: PieceworkEntry; reversed: boolean } | undefined): EntryWithState | undefined =>
  row ? { ...row.entry, reversed: Boolean(row.reversed) } : undefined;

export async function getPieceworkEntry(
  db: Executor,
  workshopId: string,
  id: number,
): Promise<EntryWithState | undefined> {
  const [row] = await selectEntry(db, workshopId, id);
  return withState(row);
}

/**
 * An entry read for correcting it, under its batch's lock, with its worker's row locked until the
 * transaction ends (see insertPiecework). An entry's worker never changes, so the lock is on the right row.
 */
export async function lockPieceworkEntry(
  tx: Executor,
  workshopId: string,
  id: number,
): Promise<EntryWithState | undefined> {
  const [row] = await selectEntry(tx, workshopId, id)
    .innerJoin(workers, eq(workers.id, pieceworkEntries.workerId))
    .for("no key update", { of: workers });
  return withState(row);
}

/** The worker-month rollup as the entries give it: the migration's backfill, bulk loads and the tests' yardstick. */
export const WORKER_MONTHS_FROM_ENTRIES = sql`select d.worker_id, date_trunc('month', d.work_date)::date as month,
    d.workshop_id, w.village_code, sum(d.q)::int as qty, sum(d.e)::bigint as earnings_fen,
    (count(*) filter (where d.q > 0))::int as days_worked
  from (select worker_id, workshop_id, work_date, sum(qty) as q, sum(qty::bigint * piece_rate_fen) as e
        from piecework_entries group by worker_id, workshop_id, work_date) d
  join workers w on w.id = d.worker_id
  group by d.worker_id, d.workshop_id, w.village_code, date_trunc('month', d.work_date)`;

/**
 * The worker-quarter rollup as worker months give it (`months`: a query with worker_months' columns)
 * and the roster: the migration's backfill, bulk loads and the tests' yardstick.
 */
export function workerQuartersFrom(months: SQL): SQL {
  return sql`select m.worker_id, date_trunc('quarter', m.month)::date as quarter, m.village_code,
      coalesce(sum(m.earnings_fen) filter (where m.qty > 0), 0)::bigint as earnings_fen,
      coalesce(sum(m.days_worked) filter (where m.qty > 0), 0)::int as days_worked,
      coalesce(sum(1 << ((extract(month from m.month)::int - 1) % 3)) filter (where m.qty > 0), 0)::smallint as months_worked,
      w.workshop_id, w.poor_household, w.monitored, w.joined_on
    from (${months}) m join workers w on w.id = m.worker_id
    group by m.worker_id, date_trunc('quarter', m.month), m.village_code, w.workshop_id, w.poor_household, w.monitored,
      w.joined_on`;
}

/** Rebuilds both rollups from the entries (bulk loads: the demo seed, the benchmark). */
export async function rebuildWorkerMonths(tx: Executor): Promise<void> {
  await tx.execute(sql`delete from worker_quarters`);
  await tx.execute(sql`delete from worker_months`);
  await tx.execute(sql`insert into worker_months (worker_id, month, workshop_id, village_code, qty, earnings_fen, days_worked)
    ${WORKER_MONTHS_FROM_ENTRIES}`);
  await tx.execute(sql`insert into worker_quarters (worker_id, quarter, village_code, earnings_fen, days_worked, months_worked,
      workshop_id, poor_household, monitored, joined_on)
    ${workerQuartersFrom(sql`select * from worker_months`)}`);
}

/**
 * A changed worker's rollups follow, in one statement and only when a field they keep changed: a move
 * to another village takes the months and quarters along, and the quarters take the roster fields
 * they copy. Figures follow the roster, as they always read it.
 */
export async function rollupsFollowWorker(tx: Executor, before: Worker, after: Worker): Promise<void> {
  const kept = (w: Worker) => [w.villageCode, w.workshopId, w.poorHousehold, w.monitored, w.joinedOn].join("|");
  if (kept(before) === kept(after)) return;
  await tx.execute(sql`with months as (
      update worker_months set village_code = ${after.villageCode}
      where worker_id = ${after.id}::uuid and village_code <> ${after.villageCode})
    update worker_quarters set village_code = ${after.villageCode}, workshop_id = ${after.workshopId}::uuid,
      poor_household = ${after.poorHousehold}, monitored = ${after.monitored}, joined_on = ${after.joinedOn}::date
    where worker_id = ${after.id}::uuid`);
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
