import { randomUUID } from "node:crypto";
import type { ShipmentKind } from "@kitflow/domain";
import type { WithSubquery } from "drizzle-orm";
import { and, asc, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, batchKitLines, shipmentLines, shipmentNumberSeq, shipments, trips } from "../schema/index";
import { type KitLineRow, kitJson } from "./batches";
import type { FirstStatementClaim } from "./idempotency";
import { documentNumber } from "./numbers";
import { jsonOf } from "./rows";
import { type BatchScope, batchInScope } from "./scope";

export type Shipment = typeof shipments.$inferSelect;
export type ShipmentLine = typeof shipmentLines.$inferSelect;
export type NewShipmentLine = Omit<typeof shipmentLines.$inferInsert, "shipmentId">;
/** A shipment line with its component's unit from the batch's kit, as linesOf reads it. */
export type ShipmentLineWithUnit = ShipmentLine & { unit: string | null };

const PREFIX: Record<ShipmentKind, string> = { dispatch: "FH", return: "HS", rework: "FG" };

/** Writes that ride along as CTEs in the statement that writes their shipment (ledger lines, a batch's status). */
// biome-ignore lint/suspicious/noExplicitAny: drizzle's CTE types differ per query; any CTE may ride along.
export type AlongsideWrite = WithSubquery<string, any>;

/**
 * Inserts a shipment with its lines in one statement, and with it the writes passed `alongside`: the lines (and
 * anything else that references the shipment) are CTEs of the shipment's insert, its id chosen here.
 */
export async function insertShipment(
  tx: Executor,
  values: Omit<typeof shipments.$inferInsert, "id" | "number">,
  lines: readonly NewShipmentLine[],
  now: Date,
  alongside: (id: string) => AlongsideWrite[] = () => [],
): Promise<Shipment> {
  const id = randomUUID();
  const number = documentNumber(PREFIX[values.kind], shipmentNumberSeq.seqName ?? "shipment_number_seq", now);
  const lineRows = lines.map((l) => ({ ...l, shipmentId: id }));
  const ctes = [
    ...(lineRows.length > 0
      ? [
          tx
            .$with("lines_insert")
            .as(tx.insert(shipmentLines).values(lineRows).returning({ id: shipmentLines.shipmentId })),
        ]
      : []),
    ...alongside(id),
  ];
  // Foreign keys to the shipment are checked at the end of the statement, after its insert.
  const [shipment] = await tx
    .with(...ctes)
    .insert(shipments)
    .values({ ...values, id, number })
    .returning();
  if (!shipment) throw new Error("insert returned no shipment");
  return shipment;
}

/**
 * Locks a shipment and its batch (batch first, as every writer of a batch's shipments does) and reads, in the
 * same statement (with the mutation's key claim), what a receipt or inspection needs: the shipment's lines with
 * their units, the batch's kit and the shipment's trip. Locking the shipment too means the row read is its
 * latest version even when another writer changed it while this one waited for the batch.
 */
export async function lockShipmentInScope(tx: Executor, scope: BatchScope, id: string, claim: FirstStatementClaim) {
  const [row] = await tx
    .with(claim.cte)
    .select({
      batch: batches,
      shipment: shipments,
      trip: trips,
      taken: claim.taken,
      kit: sql<unknown>`${kitJson()}`,
      lines: sql<unknown>`(select coalesce(json_agg(json_build_object('shipmentId', l.shipment_id, 'role', l.role,
          'componentCode', l.component_code, 'qty', l.qty, 'qtyReceived', l.qty_received, 'reason', l.reason,
          'unit', k.unit) order by l.component_code, l.role), '[]'::json)
        from shipment_lines l
        left join batch_kit_lines k on k.batch_id = "shipments"."batch_id" and k.component_code = l.component_code
        where l.shipment_id = "shipments"."id")`,
    })
    .from(batches)
    .innerJoin(shipments, eq(shipments.batchId, batches.id))
    .leftJoin(trips, eq(trips.id, shipments.tripId))
    .where(and(eq(shipments.id, id), batchInScope(scope)))
    .for("update", { of: [batches, shipments] });
  if (!row) return undefined;
  claim.settle(row.taken);
  return {
    batch: row.batch,
    shipment: row.shipment,
    trip: row.trip,
    kit: jsonOf<KitLineRow[]>(row.kit),
    lines: jsonOf<ShipmentLineWithUnit[]>(row.lines),
  };
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
 * Every counted line of a receipt or inspection, as one CTE of the statement that marks the shipment received or
 * inspected. `reasons` (by component) goes on the lines it explains, so a note about a difference sits with the
 * lines that differ and nowhere else.
 */
export function receiptCountsCte(
  tx: Executor,
  shipmentId: string,
  role: "component" | "unused",
  counts: ReadonlyMap<string, number>,
  reasons: ReadonlyMap<string, string> = new Map(),
): AlongsideWrite[] {
  if (counts.size === 0) return [];
  const rows = sql.join(
    [...counts].map(([code, qty]) => sql`(${code}::varchar, ${qty}::int, ${reasons.get(code) ?? null}::text)`),
    sql`, `,
  );
  return [
    tx.$with("counts_update", { code: sql<string>`code` }).as(sql`
      update ${shipmentLines} set qty_received = counted.qty, reason = coalesce(counted.reason, ${shipmentLines.reason})
      from (values ${rows}) as counted(code, qty, reason)
      where ${shipmentLines.shipmentId} = ${shipmentId}
        and ${shipmentLines.role} = ${role}
        and ${shipmentLines.componentCode} = counted.code
      returning counted.code`),
  ];
}

/** Changes a shipment, with the writes passed `alongside` as CTEs of the same statement. */
export async function updateShipment(
  tx: Executor,
  id: string,
  values: Partial<typeof shipments.$inferInsert>,
  alongside: AlongsideWrite[] = [],
) {
  await tx
    .with(...alongside)
    .update(shipments)
    .set(values)
    .where(eq(shipments.id, id));
}
