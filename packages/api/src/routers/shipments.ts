import {
  appendMovements,
  type Batch,
  batchShipmentFacts,
  type Executor,
  getShipmentInScope,
  insertShipment,
  linesOf,
  listShipments,
  lockBatch,
  lockTrip,
  recordReceiptCounts,
  type Trip,
  updateShipment,
} from "@kitflow/db";
import {
  type BatchAction,
  checkInspectionVerdict,
  checkReworkReturn,
  checkWithinOrder,
  confirmReceiptInput,
  createReturnInput,
  dispatchInput,
  getShipmentInput,
  inspectReturnInput,
  listShipmentsInput,
  type Movement,
  planDispatch,
  planMissingUnits,
  planReceipt,
  planReturn,
  planUnusedInspection,
  RuleViolation,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { scopeOrDeny } from "../actor";
import { refreshBatchStatus, requireAction } from "../batch-status";
import { notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";
import { batchBalances, batchKit } from "../views/batch-view";
import { shipmentView, tripFacts, tripsOf } from "../views/shipment-view";
import { answerReplacementRequest, dispatchLines, replacementProcedures } from "./replacements";

/** A trip may carry the shipment only if it is the same factory's and has not arrived yet. */
export async function requireOpenTrip(tx: Executor, tripId: string | undefined, batch: Batch): Promise<Trip | null> {
  if (!tripId) return null;
  const trip = await lockTrip(tx, { factoryId: batch.factoryId }, tripId);
  if (!trip) throw notFound("trip");
  if (trip.status === "arrived") {
    throw new RuleViolation("state", `trip ${trip.number} has already arrived`, {
      reason: "tripArrived",
      params: { number: trip.number },
      field: "tripId",
    });
  }
  return trip;
}

/** Appends a dispatch's, receipt's or return's movements and moves the batch to the status they imply. */
async function bookMovements(
  tx: Executor,
  actorUserId: string,
  at: { batch: Batch; shipmentId: string; key: string },
  movements: Movement[],
  reason: string | null = null,
): Promise<void> {
  await appendMovements(
    tx,
    { batchId: at.batch.id, shipmentId: at.shipmentId, idempotencyKey: at.key, actorUserId, reason },
    movements,
  );
  await refreshBatchStatus(tx, at.batch);
}

/** Locks the shipment's batch, then re-reads the shipment so a concurrent change is seen. */
async function lockShipment(tx: Executor, scope: ReturnType<typeof scopeOrDeny>, shipmentId: string) {
  const found = await getShipmentInScope(tx, scope, shipmentId);
  if (!found) throw notFound("shipment");
  const batch = await lockBatch(tx, scope, found.batch.id);
  const fresh = await getShipmentInScope(tx, scope, shipmentId);
  if (!batch || !fresh) throw notFound("shipment");
  return { batch, shipment: fresh.shipment };
}

/** The step a shipment waits for: the workshop counting a delivery in, or the factory inspecting a return. */
export interface AwaitedStep {
  kind: "dispatch" | "rework" | "return";
  action: BatchAction;
  /** The refusal for a shipment of another kind, e.g. "only a return is inspected". */
  wrongKind: string;
  /** How the shipment is named in the refusal when the step was done already, with the past participle. */
  name: "shipment" | "rework" | "return";
  done: "confirmed" | "received" | "inspected";
}

/**
 * Locks a shipment for the step it waits for: of the step's kind, not done yet, on a batch whose state
 * allows the step. Every receipt and inspection starts here, so each refuses the same way.
 */
export async function lockShipmentFor(
  tx: Executor,
  scope: ReturnType<typeof scopeOrDeny>,
  shipmentId: string,
  step: AwaitedStep,
) {
  const locked = await lockShipment(tx, scope, shipmentId);
  const { batch, shipment } = locked;
  if (shipment.kind !== step.kind)
    throw new RuleViolation("input", step.wrongKind, {
      reason: "wrongKind",
      params: { expected: step.kind },
      field: "shipmentId",
    });
  // A delivery waits while in transit; a return waits until inspected (it may still be in transit).
  const done = step.kind === "return" ? shipment.status === "inspected" : shipment.status !== "in_transit";
  if (done)
    throw new RuleViolation("state", `${step.name} ${shipment.number} was already ${step.done}`, {
      reason: "alreadyDone",
      params: { thing: step.name === "return" ? "return" : "shipment", number: shipment.number },
    });
  requireAction(batch, step.action);
  return locked;
}

const readers = roleProcedure("factory_manager", "workshop_lead", "admin");

export const shipmentsRouter = {
  ...replacementProcedures,

  dispatch: roleProcedure("factory_manager")
    .input(dispatchInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.dispatch", input, async (tx) => {
        const batch = await lockBatch(tx, scopeOrDeny(ctx.actor), input.batchId);
        if (!batch) throw notFound("batch");
        requireAction(batch, "dispatch");
        const trip = await requireOpenTrip(tx, input.tripId, batch);
        const kit = await batchKit(tx, batch.id);
        const balances = await batchBalances(tx, batch.id, kit);
        // By sets or by lines, within the kit or as a replacement (补料) that may answer a request.
        const { lines, answers } = await dispatchLines(tx, scopeOrDeny(ctx.actor), batch, input, kit, balances);
        const movements = planDispatch(kit, lines, input.replacement);
        const now = new Date();
        const shipment = await insertShipment(
          tx,
          {
            batchId: batch.id,
            kind: "dispatch",
            tripId: trip?.id ?? null,
            replacementReason: input.replacement?.reason.trim() ?? null,
            createdBy: ctx.actor.userId,
          },
          lines.map((l) => ({ role: "component", componentCode: l.componentCode, qty: l.qty })),
          now,
        );
        await answerReplacementRequest(tx, answers, shipment.id, now);
        await bookMovements(
          tx,
          ctx.actor.userId,
          { batch, shipmentId: shipment.id, key: input.idempotencyKey },
          movements,
        );
        return {
          result: await shipmentView(tx, shipment, batch, ctx.publicUrl, { kit, trip }),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  confirmReceipt: roleProcedure("workshop_lead")
    .input(confirmReceiptInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.confirmReceipt", input, async (tx) => {
        const { batch, shipment } = await lockShipmentFor(tx, scopeOrDeny(ctx.actor), input.shipmentId, {
          kind: "dispatch",
          action: "confirmReceipt",
          wrongKind: "only a dispatch is confirmed by the workshop",
          name: "shipment",
          done: "confirmed",
        });
        const sent = (await linesOf(tx, [shipment.id])).map((l) => ({ componentCode: l.componentCode, qty: l.qty }));
        const counted = input.lines.map((l) => ({ componentCode: l.componentCode, qty: l.qtyReceived }));
        const movements = planReceipt(sent, counted, input.note);
        const countedByCode = new Map(
          sent.map((s) => [s.componentCode, counted.find((c) => c.componentCode === s.componentCode)?.qty ?? 0]),
        );
        // The note explains the lines that differ; planReceipt put it on their movements only.
        const explained = new Map(movements.flatMap((m) => (m.reason ? [[m.componentCode, m.reason] as const] : [])));
        await recordReceiptCounts(tx, shipment.id, "component", countedByCode, explained);
        const receivedAt = new Date();
        await updateShipment(tx, shipment.id, {
          status: "received",
          receivedBy: ctx.actor.userId,
          receivedAt,
          receiptNote: input.note ?? null,
        });
        await bookMovements(
          tx,
          ctx.actor.userId,
          { batch, shipmentId: shipment.id, key: input.idempotencyKey },
          movements,
        );
        const updated = {
          ...shipment,
          status: "received" as const,
          receivedBy: ctx.actor.userId,
          receivedAt,
          receiptNote: input.note ?? null,
        };
        return {
          result: await shipmentView(tx, updated, batch, ctx.publicUrl),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  createReturn: roleProcedure("workshop_lead")
    .input(createReturnInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.createReturn", input, async (tx) => {
        const batch = await lockBatch(tx, scopeOrDeny(ctx.actor), input.batchId);
        if (!batch) throw notFound("batch");
        requireAction(batch, "createReturn");
        const tripId = (await requireOpenTrip(tx, input.tripId, batch))?.id ?? null;
        const { progress, finished } = await batchShipmentFacts(tx, batch);
        // New units (good + defective) consume components; rework units carried back were counted when they first came.
        const units = input.goodQty + input.defectiveQty;
        checkWithinOrder(batch.quantity, progress.finishedReturned, units);
        checkReworkReturn(finished, input.reworkQty);
        const kit = await batchKit(tx, batch.id);
        const balances = await batchBalances(tx, batch.id, kit);
        const scrapReason = new Map(input.scrap.map((s) => [s.componentCode, s.reason]));
        const movements = planReturn(
          { goodQty: input.goodQty, defectiveQty: input.defectiveQty, unused: input.unused, scrap: input.scrap },
          { kit, balances, tolerancePct: batch.toleranceBp / 100 },
        ).map((m) => (m.kind === "scrap" ? { ...m, reason: scrapReason.get(m.componentCode) } : m));
        // Only scrap reported: nothing travels, so there is nothing for the factory to inspect.
        const carriesSomething = units + input.reworkQty > 0 || input.unused.length > 0;
        const now = new Date();
        const shipment = await insertShipment(
          tx,
          {
            batchId: batch.id,
            kind: "return",
            status: carriesSomething ? "in_transit" : "inspected",
            tripId,
            goodQty: input.goodQty,
            defectiveQty: input.defectiveQty,
            reworkQty: input.reworkQty,
            acceptedQty: carriesSomething ? null : 0,
            rejectedQty: carriesSomething ? null : 0,
            missingQty: carriesSomething ? null : 0,
            scrappedQty: carriesSomething ? null : 0,
            note: input.note ?? null,
            createdBy: ctx.actor.userId,
          },
          [
            ...input.unused.map((u) => ({ role: "unused" as const, componentCode: u.componentCode, qty: u.qty })),
            ...input.scrap.map((s) => ({
              role: "scrap" as const,
              componentCode: s.componentCode,
              qty: s.qty,
              reason: s.reason,
            })),
          ],
          now,
        );
        await bookMovements(
          tx,
          ctx.actor.userId,
          { batch, shipmentId: shipment.id, key: input.idempotencyKey },
          movements,
        );
        return {
          result: {
            ...(await shipmentView(tx, shipment, batch, ctx.publicUrl)),
            toleranceGains: movements.filter((m) => m.kind === "tolerance_gain"),
          },
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  inspectReturn: roleProcedure("factory_manager")
    .input(inspectReturnInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.inspectReturn", input, async (tx) => {
        const { batch, shipment } = await lockShipmentFor(tx, scopeOrDeny(ctx.actor), input.shipmentId, {
          kind: "return",
          action: "inspectReturn",
          wrongKind: "only a return is inspected",
          name: "return",
          done: "inspected",
        });
        checkInspectionVerdict(
          {
            goodQty: shipment.goodQty ?? 0,
            defectiveQty: shipment.defectiveQty ?? 0,
            reworkQty: shipment.reworkQty ?? 0,
          },
          input,
        );
        const sentBack = (await linesOf(tx, [shipment.id]))
          .filter((l) => l.role === "unused")
          .map((l) => ({ componentCode: l.componentCode, qty: l.qty }));
        // 缺数: units on the note that are not in the box take their consumed components on to lost.
        const movements = [
          ...planUnusedInspection(sentBack, input.unusedReceived),
          ...planMissingUnits(await batchKit(tx, batch.id), input.missingQty),
        ];
        const counted = new Map(
          sentBack.map((s) => [
            s.componentCode,
            input.unusedReceived.find((u) => u.componentCode === s.componentCode)?.qty ?? 0,
          ]),
        );
        await recordReceiptCounts(tx, shipment.id, "unused", counted);
        const receivedAt = new Date();
        const changes = {
          status: "inspected" as const,
          acceptedQty: input.acceptedQty,
          rejectedQty: input.rejectedQty,
          missingQty: input.missingQty,
          scrappedQty: input.scrappedQty,
          receivedBy: ctx.actor.userId,
          receivedAt,
          receiptNote: input.note ?? null,
        };
        await updateShipment(tx, shipment.id, changes);
        // An inspection moves no batch to another status, so only the ledger is written.
        await appendMovements(
          tx,
          {
            batchId: batch.id,
            shipmentId: shipment.id,
            idempotencyKey: input.idempotencyKey,
            actorUserId: ctx.actor.userId,
            reason: input.note ?? null,
          },
          movements,
        );
        return {
          result: await shipmentView(tx, { ...shipment, ...changes }, batch, ctx.publicUrl),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  get: readers.input(getShipmentInput).query(async ({ ctx, input }) => {
    const found = await getShipmentInScope(ctx.db, scopeOrDeny(ctx.actor), input.id);
    if (!found) throw notFound("shipment");
    return shipmentView(ctx.db, found.shipment, found.batch, ctx.publicUrl);
  }),

  list: readers.input(listShipmentsInput).query(async ({ ctx, input }) => {
    const rows = await listShipments(ctx.db, scopeOrDeny(ctx.actor), input);
    const [lines, trips] = await Promise.all([
      linesOf(
        ctx.db,
        rows.map((r) => r.shipment.id),
      ),
      tripsOf(
        ctx.db,
        rows.map((r) => r.shipment),
      ),
    ]);
    return rows.map(({ shipment, batch }) => ({
      ...shipment,
      ...tripFacts(shipment, shipment.tripId ? trips.get(shipment.tripId) : undefined),
      batchNumber: batch.number,
      productName: batch.productName,
      workshopId: batch.workshopId,
      lines: lines.filter((l) => l.shipmentId === shipment.id).map(({ shipmentId: _s, ...l }) => l),
    }));
  }),
} satisfies TRPCRouterRecord;
