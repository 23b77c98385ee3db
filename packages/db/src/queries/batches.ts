import {
  type BatchProgress,
  type BatchStatus,
  type FinishedUnits,
  finishedUnitsOf,
  type KitLine,
} from "@kitflow/domain";
import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, batchKitLines, batchNumberSeq, organisations, shipments } from "../schema/index";
import { documentNumber } from "./numbers";
import { type BatchScope, batchInScope } from "./scope";

export type Batch = typeof batches.$inferSelect;

export async function getBatchInScope(db: Executor, scope: BatchScope, id: string): Promise<Batch | undefined> {
  const [row] = await db
    .select()
    .from(batches)
    .where(and(eq(batches.id, id), batchInScope(scope)));
  return row;
}

/** Row lock that serialises every movement of one batch (SELECT … FOR UPDATE). */
export async function lockBatch(tx: Executor, scope: BatchScope, id: string): Promise<Batch | undefined> {
  const [row] = await tx
    .select()
    .from(batches)
    .where(and(eq(batches.id, id), batchInScope(scope)))
    .for("update");
  return row;
}

function nextBatchNumber(now: Date) {
  return documentNumber("WF", batchNumberSeq.seqName ?? "batch_number_seq", now);
}

export type NewBatch = Omit<typeof batches.$inferInsert, "id" | "number" | "status">;

export async function insertBatch(
  tx: Executor,
  values: NewBatch,
  kit: readonly (KitLine & { unitCostFen: number })[],
  now: Date,
) {
  const number = nextBatchNumber(now);
  const [batch] = await tx
    .insert(batches)
    .values({ ...values, number })
    .returning();
  if (!batch) throw new Error("insert returned no batch");
  await tx.insert(batchKitLines).values(
    kit.map((line, position) => ({
      batchId: batch.id,
      position,
      componentCode: line.componentCode,
      componentName: line.componentName,
      unit: line.unit,
      qtyPerUnit: line.qtyPerUnit,
      kitQty: line.kitQty,
      unitCostFen: line.unitCostFen,
    })),
  );
  return batch;
}

export async function kitLinesOf(db: Executor, batchId: string) {
  return db.select().from(batchKitLines).where(eq(batchKitLines.batchId, batchId)).orderBy(asc(batchKitLines.position));
}

export async function setBatchStatus(tx: Executor, id: string, status: BatchStatus, extra: Partial<Batch> = {}) {
  await tx
    .update(batches)
    .set({ ...extra, status, updatedAt: new Date() })
    .where(eq(batches.id, id));
}

/** Finished-unit counts of a batch (packages/domain/src/finished-units.ts). */
export type FinishedCounts = FinishedUnits;

export async function batchShipmentFacts(db: Executor, batch: Pick<Batch, "id" | "quantity">) {
  const [row] = await db
    .select({
      dispatches: sql<number>`count(*) filter (where ${shipments.kind} = 'dispatch')::int`,
      confirmed: sql<number>`count(*) filter (where ${shipments.kind} = 'dispatch' and ${shipments.status} <> 'in_transit')::int`,
      good: sql<number>`coalesce(sum(${shipments.goodQty}) filter (where ${shipments.kind} = 'return'), 0)::int`,
      defective: sql<number>`coalesce(sum(${shipments.defectiveQty}) filter (where ${shipments.kind} = 'return'), 0)::int`,
      reworkReturned: sql<number>`coalesce(sum(${shipments.reworkQty}) filter (where ${shipments.kind} = 'return'), 0)::int`,
      accepted: sql<number>`coalesce(sum(${shipments.acceptedQty}), 0)::int`,
      rejected: sql<number>`coalesce(sum(${shipments.rejectedQty}), 0)::int`,
      missing: sql<number>`coalesce(sum(${shipments.missingQty}), 0)::int`,
      scrapped: sql<number>`coalesce(sum(${shipments.scrappedQty}), 0)::int`,
      awaiting: sql<number>`count(*) filter (where ${shipments.kind} = 'return' and ${shipments.status} <> 'inspected')::int`,
      awaitingUnits: sql<number>`coalesce(sum(coalesce(${shipments.goodQty}, 0) + coalesce(${shipments.defectiveQty}, 0) + coalesce(${shipments.reworkQty}, 0)) filter (where ${shipments.kind} = 'return' and ${shipments.status} <> 'inspected'), 0)::int`,
      reworkSent: sql<number>`coalesce(sum(${shipments.reworkQty}) filter (where ${shipments.kind} = 'rework'), 0)::int`,
      reworkInTransit: sql<number>`coalesce(sum(${shipments.reworkQty}) filter (where ${shipments.kind} = 'rework' and ${shipments.status} = 'in_transit'), 0)::int`,
      reworkReceived: sql<number>`coalesce(sum(${shipments.reworkReceivedQty}) filter (where ${shipments.kind} = 'rework'), 0)::int`,
    })
    .from(shipments)
    .where(eq(shipments.batchId, batch.id));
  const n = (v: number | undefined) => Number(v ?? 0);
  const progress: BatchProgress = {
    ordered: batch.quantity,
    dispatchShipments: n(row?.dispatches),
    confirmedDispatches: n(row?.confirmed),
    // New units only: rework units coming back were counted when they first came.
    finishedReturned: n(row?.good) + n(row?.defective),
  };
  const finished: FinishedCounts = finishedUnitsOf({
    ordered: batch.quantity,
    returnedGood: n(row?.good),
    returnedDefective: n(row?.defective),
    reworkReturned: n(row?.reworkReturned),
    acceptedVerdicts: n(row?.accepted),
    rejectedVerdicts: n(row?.rejected),
    missing: n(row?.missing),
    scrapped: n(row?.scrapped),
    awaitingInspection: n(row?.awaiting),
    awaitingUnits: n(row?.awaitingUnits),
    reworkSent: n(row?.reworkSent),
    reworkInTransit: n(row?.reworkInTransit),
    reworkReceived: n(row?.reworkReceived),
  });
  return { progress, finished };
}

export interface ListBatchesQuery {
  status?: BatchStatus;
  workshopId?: string;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

export async function listBatches(db: Executor, scope: BatchScope, query: ListBatchesQuery) {
  const conditions = [batchInScope(scope)];
  if (query.status) conditions.push(eq(batches.status, query.status));
  if (query.workshopId) conditions.push(eq(batches.workshopId, query.workshopId));
  if (query.cursor) {
    conditions.push(
      or(
        lt(batches.createdAt, query.cursor.createdAt),
        and(eq(batches.createdAt, query.cursor.createdAt), lt(batches.id, query.cursor.id)),
      ),
    );
  }
  const rows = await db
    .select()
    .from(batches)
    .where(and(...conditions))
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const orgIds = [...new Set(page.flatMap((b) => [b.factoryId, b.workshopId]))];
  const names = orgIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.name, shortName: organisations.shortName })
        .from(organisations)
        .where(inArray(organisations.id, orgIds))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));
  return {
    items: page.map((b) => ({ ...b, factory: nameOf.get(b.factoryId), workshop: nameOf.get(b.workshopId) })),
    hasMore: rows.length > query.limit,
  };
}

/** Units ordered but not yet returned, per workshop: its current load. */
export async function openLoadByWorkshop(db: Executor, workshopIds: readonly string[]) {
  if (workshopIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ workshopId: batches.workshopId, ordered: sql<number>`sum(${batches.quantity})::int` })
    .from(batches)
    .where(
      and(
        inArray(batches.workshopId, [...workshopIds]),
        inArray(batches.status, ["draft", "dispatched", "in_production", "partially_returned"]),
      ),
    )
    .groupBy(batches.workshopId);
  return new Map(rows.map((r) => [r.workshopId, Number(r.ordered)]));
}
