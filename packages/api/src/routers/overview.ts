import { awaitedBatchesDue, batchCountsByStatus, receiptDiscrepancies, shipmentsInTransit } from "@kitflow/db";
import { addDays, shanghaiDay } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { roleProcedure } from "../trpc";

/** "Due soon" means due within this many days from today. */
const DUE_SOON_DAYS = 7;

export const overviewRouter = {
  /** What needs the factory manager's attention, each list capped and counted. */
  factory: roleProcedure("factory_manager").query(async ({ ctx }) => {
    const factoryId = ctx.actor.organisationId;
    // Due dates are Shanghai calendar days.
    const today = shanghaiDay(new Date());
    const soon = addDays(today, DUE_SOON_DAYS);
    const [byStatus, late, dueSoon, dispatchesInTransit, returnsAwaitingInspection, discrepancies] = await Promise.all([
      batchCountsByStatus(ctx.db, factoryId),
      awaitedBatchesDue(ctx.db, factoryId, { before: today }),
      awaitedBatchesDue(ctx.db, factoryId, { fromDate: today, toDate: soon }),
      shipmentsInTransit(ctx.db, factoryId, "dispatch"),
      shipmentsInTransit(ctx.db, factoryId, "return"),
      receiptDiscrepancies(ctx.db, factoryId),
    ]);
    return {
      today,
      dueSoonDays: DUE_SOON_DAYS,
      byStatus,
      late,
      dueSoon,
      dispatchesInTransit,
      returnsAwaitingInspection,
      discrepancies,
    };
  }),
} satisfies TRPCRouterRecord;
