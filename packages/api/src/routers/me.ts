import {
  disputesOfWorker,
  getOrganisation,
  getPieceworkEntry,
  insertDispute,
  openDisputeOf,
  wagePaymentsFor,
  workerEntries,
} from "@kitflow/db";
import { checkDisputable, disputeEntryInput, monthEnd, myMonthInput, wageBalance, workerDays } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { ExplainedError, notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";
import { monthStatement } from "../views/pay-statement";

/** A worker's own pages: its own entries and pay, scoped by the session to its roster row only. */
const workerProcedure = roleProcedure("worker");

export const meRouter = {
  /** The month's entries day by day, each traced to its 外发单, product and factory, with any question asked. */
  piecework: workerProcedure.input(myMonthInput).query(async ({ ctx, input }) => {
    const from = `${input.month}-01`;
    const range = { from, to: monthEnd(from) };
    const [entries, disputes, workshop] = await Promise.all([
      workerEntries(ctx.db, ctx.actor.workerId, range),
      disputesOfWorker(ctx.db, ctx.actor.workerId, range),
      getOrganisation(ctx.db, ctx.actor.organisationId),
    ]);
    const days = workerDays(entries).map((day) => ({
      ...day,
      entries: day.entries.map((entry) => {
        const asked = disputes.filter((d) => d.entryId === entry.id);
        return {
          ...entry,
          questions: asked.map(({ id, note, createdAt, reply, correctionEntryId, answeredAt }) => ({
            id,
            note,
            createdAt,
            reply,
            correctionEntryId,
            answeredAt,
          })),
        };
      }),
    }));
    return {
      month: input.month,
      name: ctx.actor.name,
      workshopName: workshop?.name ?? "",
      days,
      totalQty: days.reduce((s, d) => s + d.qty, 0),
      totalFen: days.reduce((s, d) => s + d.amountFen, 0),
    };
  }),

  /** The month's pay statement (the one the lead prints) and the wages paid for it. */
  pay: workerProcedure.input(myMonthInput).query(async ({ ctx, input }) => {
    const { workerId, organisationId } = ctx.actor;
    const [statement, payments] = await Promise.all([
      monthStatement(ctx.db, organisationId, workerId, input.month),
      wagePaymentsFor(ctx.db, organisationId, `${input.month}-01`, workerId),
    ]);
    const wages = payments.map(({ id, amountFen, paidOn, method }) => ({ id, amountFen, paidOn, method }));
    // A worker reads batches by their 外发单 number; record ids stay with those who work on records.
    const lines = statement.lines.map(({ batchId: _b, ...line }) => line);
    return {
      ...statement,
      lines,
      name: ctx.actor.name,
      payments: wages,
      ...wageBalance(statement.totalFen, wages),
    };
  }),

  /** Questions one of the worker's own entries; the lead answers on Today with a reply or a correction. */
  dispute: workerProcedure.input(disputeEntryInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "me.dispute", input, async (tx) => {
      const entry = await getPieceworkEntry(tx, ctx.actor.organisationId, input.entryId);
      if (!entry || entry.workerId !== ctx.actor.workerId) throw notFound("piecework entry");
      checkDisputable(entry);
      if (await openDisputeOf(tx, entry.id)) {
        throw new ExplainedError("CONFLICT", "this entry has already been asked about; wait for the answer", {
          reason: "alreadyAsked",
        });
      }
      const dispute = await insertDispute(tx, {
        workshopId: ctx.actor.organisationId,
        workerId: ctx.actor.workerId,
        entryId: entry.id,
        note: input.note,
      });
      const { id, entryId, note, createdAt } = dispute;
      return {
        result: { id, entryId, note, createdAt },
        audit: { entityType: "piecework_dispute", entityId: id, detail: { entryId } },
      };
    }),
  ),
} satisfies TRPCRouterRecord;
