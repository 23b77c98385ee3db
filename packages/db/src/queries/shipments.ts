import type { ShipmentKind } from "@kitflow/domain";
import { and, asc, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, batchKitLines, shipmentLines, shipmentNumberSeq, shipments } from "../schema/index";
import { documentNumber } from "./numbers";
import { type BatchScope, batchInScope } from "./scope";

export type Shipment = typeof shipments.$inferSelect;
export type ShipmentLine = typeof shipmentLines.$inferSelect;
export type NewShipmentLine = Omit<typeof shipmentLines.$inferInsert, "shipmentId">;

const PREFIX: Record<ShipmentKind, string> = { dispatch: "FH", return: "HS", rework: "FG" };

export async function insertShipment(
  tx: Executor,
  values: Omit<typeof shipments.$inferInsert, "id" | "number">,
  lines: readonly NewShipmentLine[],
  now: Date,
): Promise<Shipment> {
  const number = documentNumber(PREFIX[values.kind], shipmentNumberSeq.seqName ?? "shipment_number_seq", now);
  const [shipment] = await tx
    .insert(shipments)
    .values({ ...values, number })
    .returning();
  if (!shipment) throw new Error("insert returned no shipment");
  if (lines.length > 0) await tx.insert(shipmentLines).values(lines.map((l) => ({ ...l, shipmentId: shipment.id })));
  return shipment;
}

/** A shipment the caller may see, found through its batch's scope. */
export async function getShipmentInScope(db: Executor, scope: BatchScope, id: string) {
  const [row] = await db
    .select({ shipment: shipments, batch: batches })
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .where(and(eq(shipments.id, id), batchInScope(scope)));
  return row;
}

/** Lines of shipments, each with its component's unit from the batch's kit (个, 根…), so quantities of different units are never added up. */
export async function linesOf(db: Executor, shipmentIds: readonly string[]) {
  if (shipmentIds.length === 0) return [];
  return db
    .select({ ...getTableColumns(shipmentLines), unit: batchKitLines.unit })
    .from(shipmentLines)
    .innerJoin(shipments, eq(shipments.id, shipmentLines.shipmentId))
    .leftJoin(
      batchKitLines,
      and(eq(batchKitLines.batchId, shipments.batchId), eq(batchKitLines.componentCode, shipmentLines.componentCode)),
    )
    .where(inArray(shipmentLines.shipmentId, [...shipmentIds]))
    .orderBy(asc(shipmentLines.componentCode));
}

export async function shipmentsOfBatch(db: Executor, batchId: string) {
  return db
    .select()
    .from(shipments)
    .where(eq(shipments.batchId, batchId))
    .orderBy(asc(shipments.createdAt), asc(shipments.number));
}

export async function listShipments(
  db: Executor,
  scope: BatchScope,
  query: { batchId?: string; pending?: boolean; limit: number },
) {
  const conditions = [batchInScope(scope)];
  if (query.batchId) conditions.push(eq(shipments.batchId, query.batchId));
  // Pending = still travelling: a delivery ends "received", a return ends "inspected".
  if (query.pending) conditions.push(eq(shipments.status, "in_transit"));
  return db
    .select({ shipment: shipments, batch: batches })
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .where(and(...conditions))
    .orderBy(desc(shipments.createdAt))
    .limit(query.limit);
}

/**
 * Stores every counted line of a receipt or inspection in one statement. `reasons` (by component) goes
 * on the lines it explains, so a note about a difference sits with the lines that differ and nowhere else.
 */
export async function recordReceiptCounts(
  tx: Executor,
  shipmentId: string,
  role: "component" | "unused",
  counts: ReadonlyMap<string, number>,
  reasons: ReadonlyMap<string, string> = new Map(),
) {
  if (counts.size === 0) return;
  const rows = sql.join(
    [...counts].map(([code, qty]) => sql`(${code}::varchar, ${qty}::int, ${reasons.get(code) ?? null}::text)`),
    sql`, `,
  );
  await tx.execute(sql`
    update ${shipmentLines} set qty_received = counted.qty, reason = coalesce(counted.reason, ${shipmentLines.reason})
    from (values ${rows}) as counted(code, qty, reason)
    where ${shipmentLines.shipmentId} = ${shipmentId}
      and ${shipmentLines.role} = ${role}
      and ${shipmentLines.componentCode} = counted.code`);
}

export async function updateShipment(tx: Executor, id: string, values: Partial<typeof shipments.$inferInsert>) {
  await tx.update(shipments).set(values).where(eq(shipments.id, id));
}
