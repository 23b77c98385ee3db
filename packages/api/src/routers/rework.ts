import { appendMovements, batchShipmentFacts, insertShipment, lockBatch, updateShipment } from "@kitflow/db";
import { checkReworkDispatch, dispatchReworkInput, planReworkReceipt, receiveReworkInput } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { scopeOrDeny } from "../actor";
import { requireAction } from "../batch-status";
import { notFound } from "../errors";
import { runMutation, runMutationClaimingFirst } from "../mutation";
import { roleProcedure } from "../trpc";
import { shipmentView } from "../views/shipment-view";
import { lockShipmentFor, requireOpenTrip } from "./shipments";

/**
 * Rework (返工): rejected finished units go back to the workshop, which confirms what arrived and
 * returns them through `shipments.createReturn` (`reworkQty`). They travel as finished units, never as
 * components, so the parts inside them stay consumed (packages/domain/src/finished-units.ts).
 * Merged into the `shipments` router in root.ts.
 */
export const reworkProcedures = {
  dispatchRework: roleProcedure("factory_manager")
    .input(dispatchReworkInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.dispatchRework", input, async (tx) => {
        const batch = await lockBatch(tx, scopeOrDeny(ctx.actor), input.batchId);
        if (!batch) throw notFound("batch");
        requireAction(batch, "dispatchRework");
        const tripId = (await requireOpenTrip(tx, input.tripId, batch))?.id ?? null;
        const { finished } = await batchShipmentFacts(tx, batch);
        checkReworkDispatch(finished, input.qty);
        const shipment = await insertShipment(
          tx,
          {
            batchId: batch.id,
            kind: "rework",
            tripId,
            reworkQty: input.qty,
            note: input.note ?? null,
            createdBy: ctx.actor.userId,
          },
          [],
          new Date(),
        );
        return {
          result: await shipmentView(tx, shipment, batch, ctx.publicUrl),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  receiveRework: roleProcedure("workshop_lead")
    .input(receiveReworkInput)
    .mutation(({ ctx, input }) =>
      runMutationClaimingFirst(ctx, "shipments.receiveRework", input, async (tx, claim) => {
        const { batch, shipment, kit, trip } = await lockShipmentFor(
          tx,
          scopeOrDeny(ctx.actor),
          input.shipmentId,
          {
            kind: "rework",
            action: "receiveRework",
            wrongKind: "only a rework shipment is received as rework",
            name: "rework",
            done: "received",
          },
          claim,
        );
        const movements = planReworkReceipt(
          kit,
          batch.productCode,
          shipment.reworkQty ?? 0,
          input.qtyReceived,
          input.note,
        );
        const changes = {
          status: "received" as const,
          reworkReceivedQty: input.qtyReceived,
          receivedBy: ctx.actor.userId,
          receivedAt: new Date(),
          receiptNote: input.note ?? null,
        };
        await updateShipment(tx, shipment.id, changes);
        await appendMovements(
          tx,
          {
            batchId: batch.id,
            shipmentId: shipment.id,
            idempotencyKey: input.idempotencyKey,
            actorUserId: ctx.actor.userId,
          },
          movements,
        );
        return {
          result: await shipmentView(tx, { ...shipment, ...changes }, batch, ctx.publicUrl, { kit, trip }),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),
} satisfies TRPCRouterRecord;
