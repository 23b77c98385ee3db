import { awaitedBatchesDue, batchCountsByStatus, receiptDiscrepancies, shipmentsInTransit } from "@kitflow/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { roleProcedure } from "../trpc";

const DAY_MS = 24 * 60 * 60 * 1000;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** "Due soon" means due within this many days from today. */
const DUE_SOON_DAYS = 7;

/** The calendar day in Asia/Shanghai, YYYY-MM-DD, as due dates are written. */
function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export const overviewRouter = {
  /** What needs the factory manager's attention, each list capped and counted. */
  factory: roleProcedure("factory_manager").query(async ({ ctx }) => {
    const factoryId = ctx.actor.organisationId;
    const now = new Date();
    const today = shanghaiDay(now);
    const soon = shanghaiDay(new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS));
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
