import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, shipments, tripNumberSeq, trips } from "../schema/index";
import { documentNumber } from "./numbers";
import { type BatchScope, batchInScope, tripInScope } from "./scope";

export type Trip = typeof trips.$inferSelect;

export async function insertTrip(tx: Executor, values: Omit<typeof trips.$inferInsert, "id" | "number">, now: Date) {
  const number = documentNumber("CC", tripNumberSeq.seqName ?? "trip_number_seq", now);
  const [trip] = await tx
    .insert(trips)
    .values({ ...values, number })
    .returning();
  if (!trip) throw new Error("insert returned no trip");
  return trip;
}

/** A trip the caller may see (see tripInScope); another organisation's trip is not found. */
export async function getTrip(db: Executor, scope: BatchScope, id: string) {
  const [trip] = await db
    .select()
    .from(trips)
    .where(and(eq(trips.id, id), tripInScope(scope)));
  return trip;
}

export async function lockTrip(tx: Executor, scope: BatchScope, id: string) {
  const [trip] = await tx
    .select()
    .from(trips)
    .where(and(eq(trips.id, id), tripInScope(scope)))
    .for("update");
  return trip;
}

export async function listTripsOfFactory(db: Executor, factoryId: string, limit: number) {
  return db
    .select()
    .from(trips)
    .where(eq(trips.factoryId, factoryId))
    .orderBy(desc(trips.plannedDate), desc(trips.number))
    .limit(limit);
}

/** Trips that carry at least one shipment of the workshop's batches. */
export async function listTripsOfWorkshop(db: Executor, workshopId: string, limit: number) {
  const carrying = db
    .selectDistinct({ id: shipments.tripId })
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .where(eq(batches.workshopId, workshopId));
  return db
    .select()
    .from(trips)
    .where(inArray(trips.id, carrying))
    .orderBy(desc(trips.plannedDate), desc(trips.number))
    .limit(limit);
}

/** The shipments on a trip that the caller may see: a workshop only its own. */
export async function tripShipments(db: Executor, scope: BatchScope, tripId: string) {
  return db
    .select({ shipment: shipments, batch: batches })
    .from(shipments)
    .innerJoin(batches, eq(batches.id, shipments.batchId))
    .where(and(eq(shipments.tripId, tripId), batchInScope(scope)))
    .orderBy(shipments.number);
}

export async function setTripStatus(
  tx: Executor,
  scope: BatchScope,
  id: string,
  values: Partial<typeof trips.$inferInsert>,
) {
  await tx
    .update(trips)
    .set(values)
    .where(and(eq(trips.id, id), tripInScope(scope)));
}

/** The trips some shipments ride on, for their views (the shipments were found in scope already). */
export async function tripsByIds(db: Executor, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return [];
  return db.select().from(trips).where(inArray(trips.id, wanted));
}
