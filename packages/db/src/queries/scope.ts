import { eq, type SQL, sql } from "drizzle-orm";
import { batches, shipments, trips } from "../schema/index";

/**
 * Whose records a caller may see: a factory its own, a workshop those sent to it, an admin all.
 * Every query that takes a batch, shipment or trip id takes this scope too, so a record of
 * another organisation is never found (OWASP API1).
 */
export type BatchScope = { factoryId: string } | { workshopId: string } | { all: true };

/** The condition on `batches` (selected or joined) that keeps a query inside the scope. */
export function batchInScope(scope: BatchScope): SQL | undefined {
  if ("factoryId" in scope) return eq(batches.factoryId, scope.factoryId);
  if ("workshopId" in scope) return eq(batches.workshopId, scope.workshopId);
  return undefined;
}

/** The condition on `trips`: a factory's own trips; for a workshop, those carrying one of its batches. */
export function tripInScope(scope: BatchScope): SQL | undefined {
  if ("factoryId" in scope) return eq(trips.factoryId, scope.factoryId);
  if ("workshopId" in scope) {
    return sql`exists (select 1 from ${shipments} inner join ${batches} on ${batches.id} = ${shipments.batchId}
      where ${shipments.tripId} = ${trips.id} and ${batches.workshopId} = ${scope.workshopId})`;
  }
  return undefined;
}
