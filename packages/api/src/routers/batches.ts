import {
  appendMovements,
  getBatchInScope,
  insertBatch,
  insertBatchDeductions,
  listBatches,
  lockBatch,
  readNewBatchTerms,
  setBatchStatus,
  shipmentFactsOf,
} from "@kitflow/db";
import {
  cancelBatchInput,
  checkReworkBack,
  closeBatchInput,
  closePreviewInput,
  computeKit,
  createBatchInput,
  deductionTotalFen,
  getBatchInput,
  listBatchesInput,
  percentToBasisPoints,
  planClose,
  RuleViolation,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { scopeOrDeny } from "../actor";
import { requireAction } from "../batch-status";
import { notFound } from "../errors";
import { runMutation, runMutationClaimingFirst } from "../mutation";
import { roleProcedure } from "../trpc";
import { batchDetail, batchDetailOf } from "../views/batch-view";
import { closePreviewOf } from "../views/close-preview";

const readers = roleProcedure("factory_manager", "workshop_lead", "admin");

function encodeCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([item.createdAt.toISOString(), item.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== "string") throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw new RuleViolation("input", "cursor is not one this API returned", { reason: "badCursor", field: "cursor" });
  }
}

export const batchesRouter = {
  create: roleProcedure("factory_manager")
    .input(createBatchInput)
    .mutation(({ ctx, input }) =>
      runMutationClaimingFirst(ctx, "batches.create", input, async (tx, claim) => {
        const factoryId = ctx.actor.organisationId;
        const terms = await readNewBatchTerms(
          tx,
          { factoryId, workshopId: input.workshopId, productId: input.productId },
          claim,
        );
        if (!terms.partners) throw notFound("workshop");
        const { product } = terms;
        if (!product) throw notFound("product");
        const kit = computeKit(product.bom, input.quantity, input.allowancePct).map((line, i) => ({
          ...line,
          unitCostFen: product.bom[i]?.unitCostFen ?? 0,
        }));
        const { batch } = await insertBatch(
          tx,
          {
            factoryId,
            workshopId: input.workshopId,
            productId: product.id,
            productCode: product.code,
            productName: product.name,
            pieceRateFen: product.pieceRateFen,
            rejectDeductionFen: product.rejectDeductionFen,
            quantity: input.quantity,
            dueDate: input.dueDate ?? null,
            allowanceBp: percentToBasisPoints(input.allowancePct),
            toleranceBp: percentToBasisPoints(input.tolerancePct),
            note: input.note ?? null,
            createdBy: ctx.actor.userId,
          },
          kit,
          new Date(),
        );
        // A new batch has nothing moved, shipped or booked yet: its page is built from what was just written.
        const result = batchDetailOf(batch, {
          kit,
          movements: [],
          entered: 0,
          facts: shipmentFactsOf(batch, undefined),
          shipments: [],
          lines: [],
          trips: new Map(),
          requests: [],
          history: [],
          factory: terms.factory,
          workshop: terms.workshop,
          settled: null,
        });
        return { result, audit: { entityType: "batch", entityId: batch.id, detail: input } };
      }),
    ),

  list: readers.input(listBatchesInput).query(async ({ ctx, input }) => {
    const { items, hasMore } = await listBatches(ctx.db, scopeOrDeny(ctx.actor), {
      status: input.status,
      workshopId: input.workshopId,
      cursor: input.cursor ? decodeCursor(input.cursor) : undefined,
      limit: input.limit,
    });
    const last = items.at(-1);
    return {
      items: items.map((b) => ({
        id: b.id,
        number: b.number,
        status: b.status,
        productCode: b.productCode,
        productName: b.productName,
        quantity: b.quantity,
        dueDate: b.dueDate,
        createdAt: b.createdAt,
        factory: b.factory ?? null,
        workshop: b.workshop ?? null,
      })),
      nextCursor: hasMore && last ? encodeCursor(last) : null,
    };
  }),

  get: readers.input(getBatchInput).query(async ({ ctx, input }) => {
    const batch = await getBatchInScope(ctx.db, scopeOrDeny(ctx.actor), input.id);
    if (!batch) throw notFound("batch");
    return batchDetail(ctx.db, batch);
  }),

  /**
   * What closing would do: units never returned or lost, rework still out, components still at the
   * workshop or in transit, piecework above finished units and every deduction with its cause. `close` books this very plan.
   */
  closePreview: roleProcedure("factory_manager")
    .input(closePreviewInput)
    .query(async ({ ctx, input }) => {
      const batch = await getBatchInScope(ctx.db, scopeOrDeny(ctx.actor), input.id);
      if (!batch) throw notFound("batch");
      requireAction(batch, "close");
      const { preview, kit } = await closePreviewOf(ctx.db, batch, input.choices, input.missingUnitsChoice);
      const names = new Map(kit.map((k) => [k.componentCode, k.componentName]));
      return {
        batchId: batch.id,
        number: batch.number,
        ordered: batch.quantity,
        ...preview,
        componentNames: Object.fromEntries(names),
      };
    }),

  /**
   * Closing writes off exactly what is left at the workshop, each component at the factory's cost or
   * charged to the workshop as the manager chose, charges the units the workshop lost (or the factory
   * bears them), and books the settlement and deductions its preview listed for those choices. It waits
   * for rework still out.
   */
  close: roleProcedure("factory_manager")
    .input(closeBatchInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "batches.close", input, async (tx) => {
        const batch = await lockBatch(tx, scopeOrDeny(ctx.actor), input.id);
        if (!batch) throw notFound("batch");
        requireAction(batch, "close");
        const choices = input.writeOffs.map((w) => ({ componentCode: w.componentCode, choice: w.choice }));
        const { preview, balances } = await closePreviewOf(tx, batch, choices, input.missingUnitsChoice);
        checkReworkBack(preview.reworkOut);
        const reasons = new Map(input.writeOffs.map((w) => [w.componentCode, w.reason]));
        // planClose refuses any write-off other than exactly what the preview listed as still at the workshop.
        const movements = planClose({ awaitingInspection: preview.awaitingInspection, balances }, input.writeOffs).map(
          (m) => ({ ...m, reason: reasons.get(m.componentCode) }),
        );
        await appendMovements(
          tx,
          { batchId: batch.id, idempotencyKey: input.idempotencyKey, actorUserId: ctx.actor.userId },
          movements,
        );
        const { settlement, deductions } = preview;
        const closedAt = new Date();
        await setBatchStatus(tx, batch.id, "closed", {
          closedAt,
          settlementGrossFen: settlement.grossFen,
          settlementDeductionFen: deductionTotalFen(deductions),
          settlementNetFen: settlement.netFen,
        });
        await insertBatchDeductions(tx, batch.id, deductions);
        const closed = await getBatchInScope(tx, { all: true }, batch.id);
        if (!closed) throw notFound("batch");
        return {
          result: { ...(await batchDetail(tx, closed)), settlementBreakdown: settlement, deductions },
          audit: {
            entityType: "batch",
            entityId: batch.id,
            detail: {
              writeOffs: input.writeOffs,
              missingUnitsChoice: input.missingUnitsChoice,
              settlement,
              deductions,
            },
          },
        };
      }),
    ),

  cancel: roleProcedure("factory_manager")
    .input(cancelBatchInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "batches.cancel", input, async (tx) => {
        const batch = await lockBatch(tx, scopeOrDeny(ctx.actor), input.id);
        if (!batch) throw notFound("batch");
        requireAction(batch, "cancel");
        await setBatchStatus(tx, batch.id, "cancelled", { cancelledAt: new Date(), cancelReason: input.reason });
        const cancelled = await getBatchInScope(tx, { all: true }, batch.id);
        if (!cancelled) throw notFound("batch");
        return {
          result: await batchDetail(tx, cancelled),
          audit: { entityType: "batch", entityId: batch.id, detail: { reason: input.reason } },
        };
      }),
    ),
} satisfies TRPCRouterRecord;
