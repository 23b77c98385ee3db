import { arePartners, type ClosedBatchSettlement, closedBatchSettlements } from "@kitflow/db";
import { monthlySettlementInput, shanghaiMonthRange } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors";
import { roleProcedure } from "../trpc";

interface Totals {
  batches: number;
  acceptedQty: number;
  rejectedQty: number;
  grossFen: number;
  deductionFen: number;
  netFen: number;
}

function totalsOf(rows: readonly ClosedBatchSettlement[]): Totals {
  return rows.reduce<Totals>(
    (t, r) => ({
      batches: t.batches + 1,
      acceptedQty: t.acceptedQty + r.acceptedQty,
      rejectedQty: t.rejectedQty + r.rejectedQty,
      grossFen: t.grossFen + r.grossFen,
      deductionFen: t.deductionFen + r.deductionFen,
      netFen: t.netFen + r.netFen,
    }),
    { batches: 0, acceptedQty: 0, rejectedQty: 0, grossFen: 0, deductionFen: 0, netFen: 0 },
  );
}

/** One group per factory–workshop pair: a factory sees one per workshop, a workshop one per factory. */
function groupByPartnership(rows: readonly ClosedBatchSettlement[]) {
  const groups = new Map<string, ClosedBatchSettlement[]>();
  for (const row of rows) {
    const key = `${row.factoryId}:${row.workshopId}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((batches) => {
    const first = batches[0] as ClosedBatchSettlement;
    return {
      factory: { id: first.factoryId, name: first.factoryName, shortName: first.factoryShortName },
      workshop: { id: first.workshopId, name: first.workshopName, shortName: first.workshopShortName },
      batches: batches.map((b) => ({
        batchId: b.batchId,
        batchNumber: b.batchNumber,
        productCode: b.productCode,
        productName: b.productName,
        quantity: b.quantity,
        pieceRateFen: b.pieceRateFen,
        closedAt: b.closedAt,
        acceptedQty: b.acceptedQty,
        rejectedQty: b.rejectedQty,
        grossFen: b.grossFen,
        deductionFen: b.deductionFen,
        netFen: b.netFen,
      })),
      totals: totalsOf(batches),
    };
  });
}

export const settlementsRouter = {
  /**
   * Piece pay of the batches closed in a month (Asia/Shanghai): accepted units × piece rate minus
   * deductions, as fixed when each batch closed. A factory sees what it owes its workshops, a
   * workshop lead what its factories owe it; a workshop that is not the caller's partner is NOT_FOUND.
   */
  monthly: roleProcedure("factory_manager", "workshop_lead")
    .input(monthlySettlementInput)
    .query(async ({ ctx, input }) => {
      const { from, to } = shanghaiMonthRange(input.month);
      const actor = ctx.actor;
      let rows: ClosedBatchSettlement[];
      if (actor.role === "factory_manager") {
        if (input.workshopId && !(await arePartners(ctx.db, actor.organisationId, input.workshopId))) {
          throw notFound("workshop");
        }
        rows = await closedBatchSettlements(ctx.db, {
          factoryId: actor.organisationId,
          workshopId: input.workshopId,
          from,
          to,
        });
      } else {
        if (input.workshopId && input.workshopId !== actor.organisationId) throw notFound("workshop");
        rows = await closedBatchSettlements(ctx.db, { workshopId: actor.organisationId, from, to });
      }
      return {
        month: input.month,
        from: from.toISOString(),
        to: to.toISOString(),
        groups: groupByPartnership(rows),
        totals: totalsOf(rows),
      };
    }),
} satisfies TRPCRouterRecord;
