import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import type { Executor } from "../client";
import { batchDeductions, batches, organisations, partnerships, settlementPayments } from "../schema/index";

/** One side of the partnership is always fixed: the caller's organisation. */
export interface PairQuery {
  factoryId?: string;
  workshopId?: string;
}

export interface DeductionRow {
  cause: string;
  componentCode: string | null;
  qty: number;
  unitFen: number;
  amountFen: number;
}

/** The deductions a close booked, in the order it listed them. */
export async function insertBatchDeductions(tx: Executor, batchId: string, rows: readonly DeductionRow[]) {
  if (rows.length === 0) return;
  await tx.insert(batchDeductions).values(rows.map((r) => ({ batchId, ...r })));
}

/** The recorded deductions of these batches, by batch, each in the order its close listed them. */
export async function deductionsOfBatches(db: Executor, batchIds: readonly string[]) {
  const byBatch = new Map<string, DeductionRow[]>();
  if (batchIds.length === 0) return byBatch;
  const rows = await db
    .select()
    .from(batchDeductions)
    .where(inArray(batchDeductions.batchId, [...batchIds]))
    .orderBy(asc(batchDeductions.id));
  for (const r of rows) {
    const list = byBatch.get(r.batchId) ?? [];
    list.push({
      cause: r.cause,
      componentCode: r.componentCode,
      qty: r.qty,
      unitFen: r.unitFen,
      amountFen: Number(r.amountFen),
    });
    byBatch.set(r.batchId, list);
  }
  return byBatch;
}

function pairConditions(columns: { factoryId: AnyPgColumn; workshopId: AnyPgColumn }, query: PairQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.factoryId) conditions.push(eq(columns.factoryId, query.factoryId));
  if (query.workshopId) conditions.push(eq(columns.workshopId, query.workshopId));
  return conditions;
}

/** Every closed batch's settlement on one side of a partnership, oldest first: what is owed across months. */
export async function closedBatchNets(db: Executor, query: PairQuery) {
  const rows = await db
    .select({
      batchId: batches.id,
      factoryId: batches.factoryId,
      workshopId: batches.workshopId,
      closedAt: batches.closedAt,
      netFen: batches.settlementNetFen,
    })
    .from(batches)
    .where(and(eq(batches.status, "closed"), ...pairConditions(batches, query)))
    .orderBy(asc(batches.closedAt), asc(batches.id));
  return rows.map((r) => ({ ...r, closedAt: r.closedAt as Date, netFen: r.netFen ?? 0 }));
}

/** Payments on one side of a partnership, newest first, with both organisations' names. */
export async function listSettlementPayments(db: Executor, query: PairQuery) {
  const factory = alias(organisations, "factory");
  const workshop = alias(organisations, "workshop");
  const rows = await db
    .select({
      id: settlementPayments.id,
      factoryId: settlementPayments.factoryId,
      factoryName: factory.name,
      factoryShortName: factory.shortName,
      workshopId: settlementPayments.workshopId,
      workshopName: workshop.name,
      workshopShortName: workshop.shortName,
      amountFen: settlementPayments.amountFen,
      paidOn: settlementPayments.paidOn,
      method: settlementPayments.method,
      reference: settlementPayments.reference,
      createdAt: settlementPayments.createdAt,
    })
    .from(settlementPayments)
    .innerJoin(factory, eq(factory.id, settlementPayments.factoryId))
    .innerJoin(workshop, eq(workshop.id, settlementPayments.workshopId))
    .where(and(...pairConditions(settlementPayments, query)))
    .orderBy(desc(settlementPayments.paidOn), desc(settlementPayments.createdAt));
  return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
}

export type SettlementPaymentRow = Awaited<ReturnType<typeof listSettlementPayments>>[number];

/** Paid so far by a factory to a workshop, in fen. */
export async function paidToWorkshop(db: Executor, factoryId: string, workshopId: string): Promise<number> {
  const [row] = await db
    .select({ paid: sql<string>`coalesce(sum(${settlementPayments.amountFen}), 0)` })
    .from(settlementPayments)
    .where(and(eq(settlementPayments.factoryId, factoryId), eq(settlementPayments.workshopId, workshopId)));
  return Number(row?.paid ?? 0);
}

/**
 * Locks the partnership row, so two payments recorded at once are checked one after the other against
 * what is still owed; false when the two are not partners.
 */
export async function lockPartnership(tx: Executor, factoryId: string, workshopId: string): Promise<boolean> {
  const rows = await tx
    .select({ f: partnerships.factoryId })
    .from(partnerships)
    .where(and(eq(partnerships.factoryId, factoryId), eq(partnerships.workshopId, workshopId)))
    .for("update");
  return rows.length > 0;
}

export async function insertSettlementPayment(
  tx: Executor,
  payment: {
    factoryId: string;
    workshopId: string;
    amountFen: number;
    paidOn: string;
    method: (typeof settlementPayments.$inferInsert)["method"];
    reference: string | null;
    createdBy: string;
  },
) {
  const [row] = await tx.insert(settlementPayments).values(payment).returning();
  if (!row) throw new Error("payment not recorded");
  return { ...row, amountFen: Number(row.amountFen) };
}

/** Names of organisations by id, for rows that carry only ids. */
export async function organisationNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; shortName: string | null }>();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, shortName: organisations.shortName })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}
