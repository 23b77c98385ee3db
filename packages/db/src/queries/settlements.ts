import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../client";
import { batches, organisations, shipments } from "../schema/index";

export interface SettlementQuery {
  /** One side of the partnership is always fixed: the caller's organisation. */
  factoryId?: string;
  workshopId?: string;
  from: Date;
  to: Date;
}

/**
 * Batches closed in [from, to) with the settlement fixed at close and the inspected finished
 * counts behind it. Cancelled batches never settle, so only status 'closed' counts.
 */
export async function closedBatchSettlements(db: Executor, query: SettlementQuery) {
  const factory = alias(organisations, "factory");
  const workshop = alias(organisations, "workshop");
  const finished = db
    .select({
      batchId: shipments.batchId,
      accepted: sql<number>`coalesce(sum(${shipments.acceptedQty}), 0)::int`.as("accepted"),
      // Units that stand rejected: a reworked unit back on a return is judged again (finished-units.ts).
      rejected:
        sql<number>`(coalesce(sum(${shipments.rejectedQty}), 0) - coalesce(sum(${shipments.reworkQty}), 0))::int`.as(
          "rejected",
        ),
    })
    .from(shipments)
    .where(eq(shipments.kind, "return"))
    .groupBy(shipments.batchId)
    .as("finished");
  const conditions = [eq(batches.status, "closed"), gte(batches.closedAt, query.from), lt(batches.closedAt, query.to)];
  if (query.factoryId) conditions.push(eq(batches.factoryId, query.factoryId));
  if (query.workshopId) conditions.push(eq(batches.workshopId, query.workshopId));
  const rows = await db
    .select({
      batchId: batches.id,
      batchNumber: batches.number,
      productCode: batches.productCode,
      productName: batches.productName,
      quantity: batches.quantity,
      pieceRateFen: batches.pieceRateFen,
      closedAt: batches.closedAt,
      grossFen: batches.settlementGrossFen,
      deductionFen: batches.settlementDeductionFen,
      netFen: batches.settlementNetFen,
      acceptedQty: finished.accepted,
      rejectedQty: finished.rejected,
      factoryId: batches.factoryId,
      factoryName: factory.name,
      factoryShortName: factory.shortName,
      workshopId: batches.workshopId,
      workshopName: workshop.name,
      workshopShortName: workshop.shortName,
    })
    .from(batches)
    .innerJoin(factory, eq(factory.id, batches.factoryId))
    .innerJoin(workshop, eq(workshop.id, batches.workshopId))
    .leftJoin(finished, eq(finished.batchId, batches.id))
    .where(and(...conditions))
    .orderBy(asc(workshop.name), asc(batches.closedAt), asc(batches.number));
  return rows.map((r) => ({
    ...r,
    acceptedQty: Number(r.acceptedQty ?? 0),
    rejectedQty: Number(r.rejectedQty ?? 0),
    grossFen: r.grossFen ?? 0,
    deductionFen: r.deductionFen ?? 0,
    netFen: r.netFen ?? 0,
  }));
}

export type ClosedBatchSettlement = Awaited<ReturnType<typeof closedBatchSettlements>>[number];
