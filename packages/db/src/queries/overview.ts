import type { BatchStatus } from "@kitflow/domain";
import { and, asc, desc, eq, exists, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, organisations, shipmentLines, shipments } from "../schema/index";

/** Batches still expected back from the workshop: due dates matter only for these. */
const AWAITED: BatchStatus[] = ["draft", "dispatched", "in_production", "partially_returned"];
const LIST_LIMIT = 50;

export async function batchCountsByStatus(db: Executor, factoryId: string) {
  const rows = await db
    .select({ status: batches.status, count: sql<number>`count(*)::int` })
    .from(batches)
    .where(eq(batches.factoryId, factoryId))
    .groupBy(batches.status);
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

const batchItem = {
  id: batches.id,
  number: batches.number,
  status: batches.status,
  productName: batches.productName,
  quantity: batches.quantity,
  dueDate: batches.dueDate,
  workshopName: organisations.shortName,
};

/** Awaited batches due in [fromDate, toDate] (inclusive, YYYY-MM-DD), earliest first. */
export async function awaitedBatchesDue(
  db: Executor,
  factoryId: string,
  range: { before?: string; fromDate?: string; toDate?: string },
) {
  const conditions = [eq(batches.factoryId, factoryId), inArray(batches.status, AWAITED)];
  if (range.before) conditions.push(lt(batches.dueDate, range.before));
  if (range.fromDate) conditions.push(gte(batches.dueDate, range.fromDate));
  if (range.toDate) conditions.push(lte(batches.dueDate, range.toDate));
  return db
    .select(batchItem)
    .from(batches)
    .innerJoin(organisations, eq(organisations.id, batches.workshopId))
    .where(and(...conditions))
    .orderBy(asc(batches.dueDate), asc(batches.number))
    .limit(LIST_LIMIT);
}

const shipmentItem = {
  id: shipments.id,
  number: shipments.number,
  kind: shipments.kind,
  status: shipments.status,
  createdAt: shipments.createdAt,
  receivedAt: shipments.receivedAt,
  batchId: batches.id,
  batchNumber: batches.number,
  productName: batches.productName,
  workshopName: organisations.shortName,
};

/** Shipments of the factory's batches still on the road (kits out, or returns not yet inspected). */
export async function shipmentsInTransit(db: Executor, factoryId: string, kind: "dispatch" | "return") {
  return db
    .select(shipmentItem)
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .innerJoin(organisations, eq(organisations.id, batches.workshopId))
    .where(and(eq(batches.factoryId, factoryId), eq(shipments.kind, kind), eq(shipments.status, "in_transit")))
    .orderBy(asc(shipments.createdAt))
    .limit(LIST_LIMIT);
}

/**
 * Received dispatches where the workshop counted other than was sent, with the shortfall (`missing`)
 * and the surplus counted above the note, each summed over the shipment's lines.
 */
export async function receiptDiscrepancies(db: Executor, factoryId: string) {
  const differs = db
    .select({ one: sql`1` })
    .from(shipmentLines)
    .where(
      and(
        eq(shipmentLines.shipmentId, shipments.id),
        eq(shipmentLines.role, "component"),
        sql`${shipmentLines.qtyReceived} <> ${shipmentLines.qty}`,
      ),
    );
  const rows = await db
    .select({
      ...shipmentItem,
      missing: sql<number>`(select coalesce(sum(${shipmentLines.qty} - ${shipmentLines.qtyReceived}), 0)::int
        from ${shipmentLines} where ${shipmentLines.shipmentId} = ${shipments.id}
        and ${shipmentLines.role} = 'component' and ${shipmentLines.qtyReceived} < ${shipmentLines.qty})`,
      surplus: sql<number>`(select coalesce(sum(${shipmentLines.qtyReceived} - ${shipmentLines.qty}), 0)::int
        from ${shipmentLines} where ${shipmentLines.shipmentId} = ${shipments.id}
        and ${shipmentLines.role} = 'component' and ${shipmentLines.qtyReceived} > ${shipmentLines.qty})`,
      receiptNote: shipments.receiptNote,
    })
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .innerJoin(organisations, eq(organisations.id, batches.workshopId))
    .where(and(eq(batches.factoryId, factoryId), eq(shipments.kind, "dispatch"), exists(differs)))
    .orderBy(desc(shipments.receivedAt))
    .limit(LIST_LIMIT);
  return rows.map((r) => ({ ...r, missing: Number(r.missing), surplus: Number(r.surplus) }));
}
