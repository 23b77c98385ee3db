import {
  getTrip,
  insertTrip,
  linesOf,
  listTripsOfFactory,
  listTripsOfWorkshop,
  lockTrip,
  setTripStatus,
  tripShipments,
} from "@kitflow/db";
import {
  advanceTripInput,
  createTripInput,
  getTripInput,
  listTripsInput,
  RuleViolation,
  shipmentPhase,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { type Actor, scopeOrDeny } from "../actor";
import { notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";
import { isoDates } from "../views/iso";

const NEXT_STATUS = { planned: "departed", departed: "arrived" } as const;

/** The manifest: every shipment on the truck, both directions; a workshop sees only its own. */
async function manifest(ctx: { db: Parameters<typeof getTrip>[0]; actor: Actor }, tripId: string) {
  const scope = scopeOrDeny(ctx.actor);
  const trip = await getTrip(ctx.db, scope, tripId);
  if (!trip) throw notFound("trip");
  const rows = await tripShipments(ctx.db, scope, trip.id);
  const lines = await linesOf(
    ctx.db,
    rows.map((r) => r.shipment.id),
  );
  return isoDates({
    ...trip,
    shipments: rows.map(({ shipment, batch }) => ({
      id: shipment.id,
      number: shipment.number,
      kind: shipment.kind,
      status: shipment.status,
      // On this trip: waiting for the truck (待发车) until it leaves.
      phase: shipmentPhase(shipment, trip),
      replacementReason: shipment.replacementReason,
      goodQty: shipment.goodQty,
      defectiveQty: shipment.defectiveQty,
      reworkQty: shipment.reworkQty,
      batchId: batch.id,
      batchNumber: batch.number,
      productName: batch.productName,
      workshopId: batch.workshopId,
      lines: lines.filter((l) => l.shipmentId === shipment.id).map(({ shipmentId: _s, ...l }) => l),
    })),
  });
}

export const tripsRouter = {
  create: roleProcedure("factory_manager")
    .input(createTripInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "trips.create", input, async (tx) => {
        const trip = await insertTrip(
          tx,
          {
            factoryId: ctx.actor.organisationId,
            plannedDate: input.plannedDate,
            vehiclePlate: input.vehiclePlate ?? null,
            driverName: input.driverName ?? null,
            note: input.note ?? null,
            createdBy: ctx.actor.userId,
          },
          new Date(),
        );
        return {
          result: isoDates({ ...trip, shipments: [] }),
          audit: { entityType: "trip", entityId: trip.id, detail: input },
        };
      }),
    ),

  get: roleProcedure("factory_manager", "workshop_lead", "admin")
    .input(getTripInput)
    .query(({ ctx, input }) => manifest(ctx, input.id)),

  list: roleProcedure("factory_manager", "workshop_lead")
    .input(listTripsInput)
    .query(({ ctx, input }) =>
      ctx.actor.role === "factory_manager"
        ? listTripsOfFactory(ctx.db, ctx.actor.organisationId, input.limit)
        : listTripsOfWorkshop(ctx.db, ctx.actor.organisationId, input.limit),
    ),

  /** planned → departed → arrived, one step at a time. */
  advance: roleProcedure("factory_manager")
    .input(advanceTripInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "trips.advance", input, async (tx) => {
        const scope = { factoryId: ctx.actor.organisationId };
        const trip = await lockTrip(tx, scope, input.id);
        if (!trip) throw notFound("trip");
        const expected = trip.status === "arrived" ? null : NEXT_STATUS[trip.status];
        if (expected !== input.status) {
          throw new RuleViolation("state", `trip ${trip.number} is ${trip.status}; it cannot become ${input.status}`, {
            reason: "tripState",
            params: { number: trip.number, status: trip.status, next: input.status },
            field: "status",
          });
        }
        const now = new Date();
        await setTripStatus(
          tx,
          scope,
          trip.id,
          input.status === "departed" ? { status: "departed", departedAt: now } : { status: "arrived", arrivedAt: now },
        );
        return {
          result: await manifest({ db: tx, actor: ctx.actor }, trip.id),
          audit: { entityType: "trip", entityId: trip.id, detail: input },
        };
      }),
    ),
} satisfies TRPCRouterRecord;
