import {
  type AlongsideWrite,
  type Batch,
  batchStatusCte,
  type Executor,
  type FirstStatementClaim,
  getShipmentInScope,
  insertShipment,
  linesOf,
  listShipments,
  lockBatchForMovement,
  lockShipmentInScope,
  lockTrip,
  movementsCte,
  readBatchState,
  receiptCountsCte,
  type Trip,
  updateShipment,
} from "@kitflow/db";
import {
  type BatchAction,
  type BatchProgress,
  balancesFrom,
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
import { requireAction, statusAfter } from "../batch-status";
import { notFound } from "../errors";
import { runMutationClaimingFirst } from "../mutation";
import { roleProcedure } from "../trpc";
import { linesInHand, shipmentView, shipmentViewOf, tripFacts, tripsOf } from "../views/shipment-view";
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

/**
 * A dispatch's, receipt's or return's movements and the batch status they imply (when it changes), as writes
 * riding along in the statement that writes the shipment. `progress` is the batch's progress with this shipment.
 */
function movementWrites(
  tx: Executor,
  actorUserId: string,
  at: { batch: Batch; shipmentId: string; key: string; progress: BatchProgress; now: Date },
  movements: Movement[],
  reason: string | null = null,
): AlongsideWrite[] {
  const next = statusAfter(at.batch, at.progress);
  return [
    ...movementsCte(
      tx,
      { batchId: at.batch.id, shipmentId: at.shipmentId, idempotencyKey: at.key, actorUserId, reason },
      movements,
    ),
    ...(next ? [batchStatusCte(tx, at.batch.id, next, at.now)] : []),
  ];
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
 * allows the step. Every receipt and inspection starts here, so each refuses the same way. One statement with
 * the mutation's key claim, returning the shipment's lines, its batch's kit and its trip too.
 */
export async function lockShipmentFor(
  tx: Executor,
  scope: ReturnType<typeof scopeOrDeny>,
  shipmentId: string,
  step: AwaitedStep,
  claim: FirstStatementClaim,
) {
  const locked = await lockShipmentInScope(tx, scope, shipmentId, claim);
  if (!locked) throw notFound("shipment");
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
      runMutationClaimingFirst(ctx, "shipments.dispatch", input, async (tx, claim) => {
        const locked = await lockBatchForMovement(tx, scopeOrDeny(ctx.actor), input.batchId, claim);
        if (!locked) throw notFound("batch");
        const { batch, kit } = locked;
        requireAction(batch, "dispatch");
        const trip = await requireOpenTrip(tx, input.tripId, batch);
        const { movements: totals, facts } = await readBatchState(tx, batch);
        const balances = balancesFrom(
          kit.map((k) => k.componentCode),
          totals,
        );
        // By sets or by lines, within the kit or as a replacement (补料) that may answer a request.
        const { lines, answers } = await dispatchLines(tx, scopeOrDeny(ctx.actor), batch, input, kit, balances);
        const movements = planDispatch(kit, lines, input.replacement);
        const now = new Date();
        const progress = { ...facts.progress, dispatchShipments: facts.progress.dispatchShipments + 1 };
        const sent = lines.map((l) => ({ role: "component" as const, componentCode: l.componentCode, qty: l.qty }));
        const shipment = await insertShipment(
          tx,
          {
            batchId: batch.id,
            kind: "dispatch",
            tripId: trip?.id ?? null,
            replacementReason: input.replacement?.reason.trim() ?? null,
            createdBy: ctx.actor.userId,
          },
          sent,
          now,
          (shipmentId) =>
            movementWrites(
              tx,
              ctx.actor.userId,
              { batch, shipmentId, key: input.idempotencyKey, progress, now },
              movements,
            ),
        );
        await answerReplacementRequest(tx, answers, shipment.id, now);
        return {
          result: shipmentViewOf(shipment, batch, ctx.publicUrl, {
            lines: linesInHand(shipment.id, sent, kit),
            kit,
            trip,
          }),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  confirmReceipt: roleProcedure("workshop_lead")
    .input(confirmReceiptInput)
    .mutation(({ ctx, input }) =>
      runMutationClaimingFirst(ctx, "shipments.confirmReceipt", input, async (tx, claim) => {
        const locked = await lockShipmentFor(
          tx,
          scopeOrDeny(ctx.actor),
          input.shipmentId,
          {
            kind: "dispatch",
            action: "confirmReceipt",
            wrongKind: "only a dispatch is confirmed by the workshop",
            name: "shipment",
            done: "confirmed",
          },
          claim,
        );
        const { batch, shipment, kit, trip } = locked;
        const sent = locked.lines.map((l) => ({ componentCode: l.componentCode, qty: l.qty }));
        const counted = input.lines.map((l) => ({ componentCode: l.componentCode, qty: l.qtyReceived }));
        const movements = planReceipt(sent, counted, input.note);
        const countedByCode = new Map(
          sent.map((s) => [s.componentCode, counted.find((c) => c.componentCode === s.componentCode)?.qty ?? 0]),
        );
        // The note explains the lines that differ; planReceipt put it on their movements only.
        const explained = new Map(movements.flatMap((m) => (m.reason ? [[m.componentCode, m.reason] as const] : [])));
        const { facts } = await readBatchState(tx, batch);
        const progress = { ...facts.progress, confirmedDispatches: facts.progress.confirmedDispatches + 1 };
        const receivedAt = new Date();
        const changes = {
          status: "received" as const,
          receivedBy: ctx.actor.userId,
          receivedAt,
          receiptNote: input.note ?? null,
        };
        await updateShipment(tx, shipment.id, changes, [
          ...receiptCountsCte(tx, shipment.id, "component", countedByCode, explained),
          ...movementWrites(
            tx,
            ctx.actor.userId,
            { batch, shipmentId: shipment.id, key: input.idempotencyKey, progress, now: receivedAt },
            movements,
          ),
        ]);
        const lines = locked.lines.map((l) =>
          l.role === "component"
            ? {
                ...l,
                qtyReceived: countedByCode.get(l.componentCode) ?? l.qtyReceived,
                reason: explained.get(l.componentCode) ?? l.reason,
              }
            : l,
        );
        return {
          result: shipmentViewOf({ ...shipment, ...changes }, batch, ctx.publicUrl, { lines, kit, trip }),
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  createReturn: roleProcedure("workshop_lead")
    .input(createReturnInput)
    .mutation(({ ctx, input }) =>
      runMutationClaimingFirst(ctx, "shipments.createReturn", input, async (tx, claim) => {
        const locked = await lockBatchForMovement(tx, scopeOrDeny(ctx.actor), input.batchId, claim);
        if (!locked) throw notFound("batch");
        const { batch, kit } = locked;
        requireAction(batch, "createReturn");
        const trip = await requireOpenTrip(tx, input.tripId, batch);
        const { movements: totals, facts } = await readBatchState(tx, batch);
        const { progress, finished } = facts;
        // New units (good + defective) consume components; rework units carried back were counted when they first came.
        const units = input.goodQty + input.defectiveQty;
        checkWithinOrder(batch.quantity, progress.finishedReturned, units);
        checkReworkReturn(finished, input.reworkQty);
        const balances = balancesFrom(
          kit.map((k) => k.componentCode),
          totals,
        );
        const scrapReason = new Map(input.scrap.map((s) => [s.componentCode, s.reason]));
        const movements = planReturn(
          { goodQty: input.goodQty, defectiveQty: input.defectiveQty, unused: input.unused, scrap: input.scrap },
          { kit, balances, tolerancePct: batch.toleranceBp / 100 },
        ).map((m) => (m.kind === "scrap" ? { ...m, reason: scrapReason.get(m.componentCode) } : m));
        // Only scrap reported: nothing travels, so there is nothing for the factory to inspect.
        const carriesSomething = units + input.reworkQty > 0 || input.unused.length > 0;
        const now = new Date();
        const after = { ...progress, finishedReturned: progress.finishedReturned + units };
        const carried = [
          ...input.unused.map((u) => ({ role: "unused" as const, componentCode: u.componentCode, qty: u.qty })),
          ...input.scrap.map((s) => ({
            role: "scrap" as const,
            componentCode: s.componentCode,
            qty: s.qty,
            reason: s.reason,
          })),
        ];
        const shipment = await insertShipment(
          tx,
          {
            batchId: batch.id,
            kind: "return",
            status: carriesSomething ? "in_transit" : "inspected",
            tripId: trip?.id ?? null,
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
          carried,
          now,
          (shipmentId) =>
            movementWrites(
              tx,
              ctx.actor.userId,
              { batch, shipmentId, key: input.idempotencyKey, progress: after, now },
              movements,
            ),
        );
        return {
          result: {
            ...shipmentViewOf(shipment, batch, ctx.publicUrl, {
              lines: linesInHand(shipment.id, carried, kit),
              kit,
              trip,
            }),
            toleranceGains: movements.filter((m) => m.kind === "tolerance_gain"),
          },
          audit: { entityType: "shipment", entityId: shipment.id, detail: input },
        };
      }),
    ),

  inspectReturn: roleProcedure("factory_manager")
    .input(inspectReturnInput)
    .mutation(({ ctx, input }) =>
      runMutationClaimingFirst(ctx, "shipments.inspectReturn", input, async (tx, claim) => {
        const locked = await lockShipmentFor(
          tx,
          scopeOrDeny(ctx.actor),
          input.shipmentId,
          {
            kind: "return",
            action: "inspectReturn",
            wrongKind: "only a return is inspected",
            name: "return",
            done: "inspected",
          },
          claim,
        );
        const { batch, shipment, kit, trip } = locked;
        checkInspectionVerdict(
          {
            goodQty: shipment.goodQty ?? 0,
            defectiveQty: shipment.defectiveQty ?? 0,
            reworkQty: shipment.reworkQty ?? 0,
          },
          input,
        );
        const sentBack = locked.lines
          .filter((l) => l.role === "unused")
          .map((l) => ({ componentCode: l.componentCode, qty: l.qty }));
        // 缺数: units on the note that are not in the box take their consumed components on to lost.
        const movements = [
          ...planUnusedInspection(sentBack, input.unusedReceived),
          ...planMissingUnits(kit, input.missingQty),
        ];
        const counted = new Map(
          sentBack.map((s) => [
            s.componentCode,
            input.unusedReceived.find((u) => u.componentCode === s.componentCode)?.qty ?? 0,
          ]),
        );
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
        // An inspection moves no batch to another status, so only the counts and the ledger ride along.
        await updateShipment(tx, shipment.id, changes, [
          ...receiptCountsCte(tx, shipment.id, "unused", counted),
          ...movementsCte(
            tx,
            {
              batchId: batch.id,
              shipmentId: shipment.id,
              idempotencyKey: input.idempotencyKey,
              actorUserId: ctx.actor.userId,
              reason: input.note ?? null,
            },
            movements,
          ),
        ]);
        const lines = locked.lines.map((l) =>
          l.role === "unused" ? { ...l, qtyReceived: counted.get(l.componentCode) ?? l.qtyReceived } : l,
        );
        return {
          result: shipmentViewOf({ ...shipment, ...changes }, batch, ctx.publicUrl, { lines, kit, trip }),
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
