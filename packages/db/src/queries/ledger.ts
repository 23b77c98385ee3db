import { MOVEMENT_ROUTES, type Movement, type MovementKind } from "@kitflow/domain";
import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { ledgerEntries } from "../schema/index";

export interface MovementContext {
  batchId: string;
  shipmentId?: string | null;
  idempotencyKey: string;
  actorUserId: string;
  reason?: string | null;
}

function ledgerRows(ctx: MovementContext, movements: readonly Movement[]) {
  return movements
    .filter((m) => m.qty > 0)
    .map((m) => {
      const [fromLocation, toLocation] = MOVEMENT_ROUTES[m.kind];
      return {
        batchId: ctx.batchId,
        componentCode: m.componentCode,
        kind: m.kind,
        fromLocation,
        toLocation,
        qty: m.qty,
        shipmentId: ctx.shipmentId ?? null,
        idempotencyKey: ctx.idempotencyKey,
        actorUserId: ctx.actorUserId,
        reason: m.reason ?? ctx.reason ?? null,
      };
    });
}

export async function appendMovements(
  tx: Executor,
  ctx: MovementContext,
  movements: readonly Movement[],
): Promise<void> {
  const rows = ledgerRows(ctx, movements);
  if (rows.length > 0) await tx.insert(ledgerEntries).values(rows);
}

/** The same movements as a CTE, to ride along in the statement that writes their shipment; none, no CTE. */
export function movementsCte(tx: Executor, ctx: MovementContext, movements: readonly Movement[]) {
  const rows = ledgerRows(ctx, movements);
  if (rows.length === 0) return [];
  return [tx.$with("ledger_insert").as(tx.insert(ledgerEntries).values(rows).returning({ id: ledgerEntries.id }))];
}

/** Movements summed per component and kind: enough to derive every balance of a batch. */
export async function batchMovementTotals(db: Executor, batchId: string): Promise<Movement[]> {
  const rows = await db
    .select({
      componentCode: ledgerEntries.componentCode,
      kind: ledgerEntries.kind,
      qty: sql<number>`sum(${ledgerEntries.qty})::int`,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.batchId, batchId))
    .groupBy(ledgerEntries.componentCode, ledgerEntries.kind);
  return rows.map((r) => ({ componentCode: r.componentCode, kind: r.kind as MovementKind, qty: Number(r.qty) }));
}

export async function batchLedgerHistory(db: Executor, batchId: string) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.batchId, batchId)).orderBy(asc(ledgerEntries.id));
}

/** batchMovementTotals of the batch `batches`.`id` as one JSON array, for a subquery of a statement on `batches`. */
export function movementTotalsJson(): SQL {
  return sql.raw(`(select coalesce(json_agg(json_build_object('componentCode', t.component_code, 'kind', t.kind,
      'qty', t.qty)), '[]'::json)
    from (select e.component_code, e.kind, sum(e.qty)::int as qty from ledger_entries e
      where e.batch_id = "batches"."id" group by e.component_code, e.kind) t)`);
}
