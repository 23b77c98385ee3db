import { randomUUID } from "node:crypto";
import {
  type BatchProgress,
  type BatchStatus,
  type FinishedUnits,
  finishedUnitsOf,
  type KitLine,
  type Movement,
} from "@kitflow/domain";
import { and, asc, desc, eq, getTableColumns, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, batchKitLines, batchNumberSeq, organisations } from "../schema/index";
import type { FirstStatementClaim } from "./idempotency";
import { movementTotalsJson } from "./ledger";
import { documentNumber } from "./numbers";
import { jsonOf, rowsOf } from "./rows";
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

/**
 * Locks a batch for a movement and reads its kit in the same statement, with the mutation's key claim. The kit is
 * written once with the batch and never changes, so reading it with the lock is safe; what other writers change
 * (ledger, shipments) is read after the lock is held (readBatchState), by a statement whose snapshot includes them.
 */
export async function lockBatchForMovement(tx: Executor, scope: BatchScope, id: string, claim: FirstStatementClaim) {
  const [row] = await tx
    .with(claim.cte)
    .select({ batch: getTableColumns(batches), taken: claim.taken, kit: sql<unknown>`${kitJson()}` })
    .from(batches)
    .where(and(eq(batches.id, id), batchInScope(scope)))
    .for("update");
  if (!row) return undefined;
  claim.settle(row.taken);
  return { batch: row.batch, kit: jsonOf<KitLineRow[]>(row.kit) };
}

/** A locked batch's movement totals and shipment facts, in one statement. */
export async function readBatchState(tx: Executor, batch: Pick<Batch, "id" | "quantity">) {
  const [row] = await tx
    .select({ movements: sql<unknown>`${movementTotalsJson()}`, facts: sql<unknown>`${shipmentFactsJson()}` })
    .from(batches)
    .where(eq(batches.id, batch.id));
  if (!row) throw new Error("a locked batch was not found");
  return {
    movements: jsonOf<Movement[]>(row.movements),
    facts: shipmentFactsOf(batch, jsonOf<ShipmentFactsRow>(row.facts)),
  };
}

function nextBatchNumber(now: Date) {
  return documentNumber("WF", batchNumberSeq.seqName ?? "batch_number_seq", now);
}

export type NewBatch = Omit<typeof batches.$inferInsert, "id" | "number" | "status">;

/** Inserts a batch and its copy of the kit in one statement (the kit lines as a CTE of the batch's insert). */
export async function insertBatch(
  tx: Executor,
  values: NewBatch,
  kit: readonly (KitLine & { unitCostFen: number })[],
  now: Date,
) {
  const id = randomUUID();
  const kitLines = kit.map((line, position) => ({
    batchId: id,
    position,
    componentCode: line.componentCode,
    componentName: line.componentName,
    unit: line.unit,
    qtyPerUnit: line.qtyPerUnit,
    kitQty: line.kitQty,
    unitCostFen: line.unitCostFen,
  }));
  // The kit lines reference a batch inserted by the same statement: foreign keys are checked at its end.
  const kitInsert = tx
    .$with("kit_insert")
    .as(tx.insert(batchKitLines).values(kitLines).returning({ id: batchKitLines.batchId }));
  const [batch] = await tx
    .with(kitInsert)
    .insert(batches)
    .values({ ...values, id, number: nextBatchNumber(now) })
    .returning();
  if (!batch) throw new Error("insert returned no batch");
  return { batch, kitLines };
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

/** A batch's new status as a CTE, to ride along in the statement that writes what changed it. */
export function batchStatusCte(tx: Executor, id: string, status: BatchStatus, now: Date) {
  return tx
    .$with("batch_status")
    .as(tx.update(batches).set({ status, updatedAt: now }).where(eq(batches.id, id)).returning({ id: batches.id }));
}

/** The batch's kit lines (batchKit's shape) as one JSON array, for a subquery of a statement on `batches`. */
export function kitJson(): SQL {
  return sql.raw(`(select coalesce(json_agg(json_build_object('componentCode', k.component_code,
      'componentName', k.component_name, 'unit', k.unit, 'qtyPerUnit', k.qty_per_unit, 'kitQty', k.kit_qty,
      'unitCostFen', k.unit_cost_fen) order by k.position), '[]'::json)
    from batch_kit_lines k where k.batch_id = "batches"."id")`);
}

export type KitLineRow = KitLine & { unitCostFen: number };

/** Finished-unit counts of a batch (packages/domain/src/finished-units.ts). */
export type FinishedCounts = FinishedUnits;

/**
 * The aggregates over a batch's shipments that its progress and finished counts derive from, as SQL over
 * `shipments` aliased `s`: read alone (batchShipmentFacts) or inside a batch's lock (lockBatchForMovement).
 */
const SHIPMENT_FACTS = {
  dispatches: "count(*) filter (where s.kind = 'dispatch')",
  confirmed: "count(*) filter (where s.kind = 'dispatch' and s.status <> 'in_transit')",
  good: "sum(s.good_qty) filter (where s.kind = 'return')",
  defective: "sum(s.defective_qty) filter (where s.kind = 'return')",
  reworkReturned: "sum(s.rework_qty) filter (where s.kind = 'return')",
  accepted: "sum(s.accepted_qty)",
  rejected: "sum(s.rejected_qty)",
  missing: "sum(s.missing_qty)",
  scrapped: "sum(s.scrapped_qty)",
  awaiting: "count(*) filter (where s.kind = 'return' and s.status <> 'inspected')",
  awaitingUnits:
    "sum(coalesce(s.good_qty, 0) + coalesce(s.defective_qty, 0) + coalesce(s.rework_qty, 0)) filter (where s.kind = 'return' and s.status <> 'inspected')",
  reworkSent: "sum(s.rework_qty) filter (where s.kind = 'rework')",
  reworkInTransit: "sum(s.rework_qty) filter (where s.kind = 'rework' and s.status = 'in_transit')",
  reworkReceived: "sum(s.rework_received_qty) filter (where s.kind = 'rework')",
} as const;

export type ShipmentFactsRow = Partial<Record<keyof typeof SHIPMENT_FACTS, number | string | null>>;

/** The facts of the batch `batches`.`id` as one JSON object, for a subquery of a statement on `batches`. */
export function shipmentFactsJson(): SQL {
  const pairs = Object.entries(SHIPMENT_FACTS).map(([name, expr]) => `'${name}', coalesce(${expr}, 0)::int`);
  return sql.raw(`(select json_build_object(${pairs.join(", ")}) from shipments s where s.batch_id = "batches"."id")`);
}

/** Progress and finished counts from the aggregates; none (a new batch) reads as all zero. */
export function shipmentFactsOf(batch: Pick<Batch, "quantity">, row: ShipmentFactsRow | undefined) {
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
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

export type ShipmentFacts = ReturnType<typeof shipmentFactsOf>;

export async function batchShipmentFacts(db: Executor, batch: Pick<Batch, "id" | "quantity">): Promise<ShipmentFacts> {
  const columns = Object.entries(SHIPMENT_FACTS).map(([name, expr]) => `coalesce(${expr}, 0)::int as "${name}"`);
  const result = await db.execute(
    sql`select ${sql.raw(columns.join(", "))} from shipments s where s.batch_id = ${batch.id}`,
  );
  return shipmentFactsOf(batch, rowsOf<ShipmentFactsRow>(result)[0]);
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

export interface OrganisationName {
  id: string;
  name: string;
  shortName: string;
}

export interface ProductTerms {
  id: string;
  code: string;
  name: string;
  pieceRateFen: number;
  rejectDeductionFen: number;
  bom: { componentCode: string; componentName: string; unit: string; qtyPerUnit: number; unitCostFen: number }[];
}

function organisationNameJson(id: string): SQL {
  return sql`(select json_build_object('id', o.id, 'name', o.name, 'shortName', o.short_name)
    from organisations o where o.id = ${id})`;
}

/**
 * Everything a new batch is made from, in the mutation's first statement (with its key claim): whether the
 * factory works with the workshop, the factory's product with its BOM, and both organisations' names.
 */
export async function readNewBatchTerms(
  tx: Executor,
  terms: { factoryId: string; workshopId: string; productId: string },
  claim: FirstStatementClaim,
) {
  const [row] = await tx
    .with(claim.cte)
    .select({
      taken: claim.taken,
      partners: sql<boolean>`exists (select 1 from partnerships pa
        where pa.factory_id = ${terms.factoryId} and pa.workshop_id = ${terms.workshopId})`,
      product: sql<unknown>`(select json_build_object('id', p.id, 'code', p.code, 'name', p.name,
          'pieceRateFen', p.piece_rate_fen, 'rejectDeductionFen', p.reject_deduction_fen,
          'bom', coalesce((select json_agg(json_build_object('componentCode', l.component_code,
              'componentName', l.component_name, 'unit', l.unit, 'qtyPerUnit', l.qty_per_unit,
              'unitCostFen', l.unit_cost_fen) order by l.position)
            from bom_lines l where l.product_id = p.id), '[]'::json))
        from products p where p.id = ${terms.productId} and p.factory_id = ${terms.factoryId})`,
      factory: organisationNameJson(terms.factoryId),
      workshop: organisationNameJson(terms.workshopId),
    })
    .from(sql`(select 1) as one`);
  if (!row) throw new Error("the terms query returned no row");
  claim.settle(row.taken);
  return {
    partners: row.partners,
    product: jsonOf<ProductTerms | null>(row.product),
    factory: jsonOf<OrganisationName | null>(row.factory),
    workshop: jsonOf<OrganisationName | null>(row.workshop),
  };
}
