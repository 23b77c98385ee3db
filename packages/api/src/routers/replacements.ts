/**
 * Replacements (补料): a lead asks for components lost or broken, with the reason, from a receipt or a
 * return; the factory sends them as a dispatch with `replacement`, counted apart from the kit, and that
 * dispatch answers the request. Dispatch itself lives in shipments.ts; this file holds what it needs.
 */
import {
  type Batch,
  type BatchScope,
  type Executor,
  getReplacementRequest,
  getShipmentInScope,
  insertReplacementRequest,
  listReplacementRequests,
  lockBatch,
  markReplacementAnswered,
} from "@kitflow/db";
import {
  type ComponentBalance,
  checkKnownComponents,
  checkWithinKit,
  type DispatchInput,
  type KitLine,
  linesForSets,
  listReplacementRequestsInput,
  type QtyLine,
  RuleViolation,
  requestReplacementInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { scopeOrDeny } from "../actor";
import { requireAction } from "../batch-status";
import { notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";
import { batchKit } from "../views/batch-view";
import { replacementRequestView } from "../views/replacement-view";

/**
 * The lines a dispatch sends: as given, or sets × quantity per unit of every kit component. A dispatch
 * from the kit must stay within it; a replacement is sent apart from it and may answer an open request
 * of the same batch, which is returned so the dispatch can mark it answered.
 */
export async function dispatchLines(
  tx: Executor,
  scope: BatchScope,
  batch: Batch,
  input: DispatchInput,
  kit: readonly KitLine[],
  balances: readonly ComponentBalance[],
): Promise<{ lines: QtyLine[]; answers: string | null }> {
  const lines = input.sets !== undefined ? linesForSets(kit, input.sets).filter((l) => l.qty > 0) : (input.lines ?? []);
  if (!input.replacement) {
    checkWithinKit(kit, balances, lines, input.sets !== undefined ? () => "sets" : undefined);
    return { lines, answers: null };
  }
  const requestId = input.replacement.requestId;
  if (!requestId) return { lines, answers: null };
  const request = await getReplacementRequest(tx, scope, requestId);
  if (!request) throw notFound("replacement request");
  if (request.batchId !== batch.id) {
    throw new RuleViolation("input", `replacement request ${request.number} is not for batch ${batch.number}`, {
      reason: "requestOfOtherBatch",
      params: { number: batch.number },
      field: "replacement.requestId",
    });
  }
  if (request.status !== "open") {
    throw new RuleViolation("state", `replacement request ${request.number} was already answered`, {
      reason: "alreadyDone",
      params: { thing: "replacement request", number: request.number },
      field: "replacement.requestId",
    });
  }
  return { lines, answers: request.id };
}

/** Marks the request a replacement dispatch answered. */
export async function answerReplacementRequest(tx: Executor, requestId: string | null, shipmentId: string, at: Date) {
  if (requestId) await markReplacementAnswered(tx, requestId, shipmentId, at);
}

export const replacementProcedures = {
  requestReplacement: roleProcedure("workshop_lead")
    .input(requestReplacementInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "shipments.requestReplacement", input, async (tx) => {
        const scope = scopeOrDeny(ctx.actor);
        const batch = await lockBatch(tx, scope, input.batchId);
        if (!batch) throw notFound("batch");
        requireAction(batch, "requestReplacement");
        if (input.shipmentId) {
          const found = await getShipmentInScope(tx, scope, input.shipmentId);
          if (!found || found.batch.id !== batch.id) throw notFound("shipment");
        }
        const kit = await batchKit(tx, batch.id);
        checkKnownComponents(kit, input.lines, "lines");
        const request = await insertReplacementRequest(
          tx,
          {
            batchId: batch.id,
            shipmentId: input.shipmentId ?? null,
            lines: input.lines.map((l) => ({ componentCode: l.componentCode, qty: l.qty })),
            reason: input.reason.trim(),
            createdBy: ctx.actor.userId,
          },
          new Date(),
        );
        return {
          result: replacementRequestView({
            request,
            batchNumber: batch.number,
            productName: batch.productName,
            workshopId: batch.workshopId,
          }),
          audit: { entityType: "replacement_request", entityId: request.id, detail: input },
        };
      }),
    ),

  replacementRequests: roleProcedure("factory_manager", "workshop_lead", "admin")
    .input(listReplacementRequestsInput)
    .query(async ({ ctx, input }) => {
      const rows = await listReplacementRequests(ctx.db, scopeOrDeny(ctx.actor), input);
      return rows.map(replacementRequestView);
    }),
} satisfies TRPCRouterRecord;
