import {
  arePartners,
  type ClosedBatchSettlement,
  closedBatchSettlements,
  insertSettlementPayment,
  lockPartnership,
  organisationNames,
  type PairQuery,
} from "@kitflow/db";
import {
  balancesInput,
  checkPayment,
  type DeductionLine,
  deductionsByCause,
  monthlySettlementInput,
  paymentsInput,
  periodOf,
  recordPaymentInput,
  shanghaiDay,
  shanghaiMonthRange,
  statementInput,
  statementTotals,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Actor } from "../actor";
import { notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";
import { explainedDeductionsOf, type PairReceivable, pairKey, paymentView, receivablesOf } from "../views/receivables";

interface Totals {
  batches: number;
  acceptedQty: number;
  rejectedQty: number;
  grossFen: number;
  deductionFen: number;
  netFen: number;
  paidFen: number;
  unpaidFen: number;
  /** Every deduction of these batches summed by cause (and component). */
  deductions: DeductionLine[];
}

interface Row extends ClosedBatchSettlement {
  deductions: DeductionLine[];
  paidFen: number;
  unpaidFen: number;
}

function totalsOf(rows: readonly Row[]): Totals {
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    batches: rows.length,
    acceptedQty: sum((r) => r.acceptedQty),
    rejectedQty: sum((r) => r.rejectedQty),
    grossFen: sum((r) => r.grossFen),
    deductionFen: sum((r) => r.deductionFen),
    netFen: sum((r) => r.netFen),
    paidFen: sum((r) => r.paidFen),
    unpaidFen: sum((r) => r.unpaidFen),
    deductions: deductionsByCause(rows.flatMap((r) => r.deductions)),
  };
}

function batchRow(b: Row) {
  return {
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
    deductions: b.deductions,
    paidFen: b.paidFen,
    unpaidFen: b.unpaidFen,
  };
}

/** One group per factory–workshop pair: a factory sees one per workshop, a workshop one per factory. */
function groupByPartnership(rows: readonly Row[], receivables: Map<string, PairReceivable>) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = pairKey(row.factoryId, row.workshopId);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, batches]) => {
    const first = batches[0] as Row;
    return {
      factory: { id: first.factoryId, name: first.factoryName, shortName: first.factoryShortName },
      workshop: { id: first.workshopId, name: first.workshopName, shortName: first.workshopShortName },
      batches: batches.map(batchRow),
      totals: totalsOf(batches),
      balance: balanceView(receivables.get(key)),
    };
  });
}

/** The whole unpaid balance of a pair across months (未结账款), aged. */
function balanceView(r: PairReceivable | undefined) {
  return {
    owedFen: r?.owedFen ?? 0,
    paidFen: r?.paidFen ?? 0,
    balanceFen: r?.balanceFen ?? 0,
    unpaidFen: r?.unpaidFen ?? 0,
    ageing: r?.ageing ?? { days0to30: 0, days31to60: 0, days61to90: 0, over90: 0 },
    oldestUnpaidOn: r?.oldestUnpaidOn ?? null,
  };
}

/** The caller's side of its partnerships; a workshop that is not the caller's partner is NOT_FOUND. */
async function pairOf(
  ctx: { db: Parameters<typeof arePartners>[0]; actor: Actor },
  workshopId: string | undefined,
): Promise<PairQuery> {
  const actor = ctx.actor;
  if (actor.role === "factory_manager") {
    if (workshopId && !(await arePartners(ctx.db, actor.organisationId, workshopId))) throw notFound("workshop");
    return { factoryId: actor.organisationId, workshopId };
  }
  if (workshopId && workshopId !== actor.organisationId) throw notFound("workshop");
  return { workshopId: actor.organisationId ?? undefined };
}

/** Closed batches of a month with their deductions by cause and what of each is paid. */
async function settlementRows(
  db: Parameters<typeof arePartners>[0],
  pair: PairQuery,
  month: string,
  receivables: Map<string, PairReceivable>,
): Promise<Row[]> {
  const { from, to } = shanghaiMonthRange(month);
  const rows = await closedBatchSettlements(db, { ...pair, from, to });
  const deductions = await explainedDeductionsOf(db, rows);
  return rows.map((r) => {
    const paid = receivables.get(pairKey(r.factoryId, r.workshopId))?.byBatch.get(r.batchId);
    return {
      ...r,
      deductions: deductions.get(r.batchId) ?? [],
      paidFen: paid?.paidFen ?? 0,
      unpaidFen: paid?.unpaidFen ?? 0,
    };
  });
}

const partners = roleProcedure("factory_manager", "workshop_lead");

export const settlementsRouter = {
  /**
   * Piece pay of the batches closed in a month (Asia/Shanghai): accepted units × piece rate minus
   * deductions by cause, as fixed when each batch closed, and what of each batch is paid (payments
   * settle the oldest batches first). A factory sees what it owes its workshops, a workshop lead what
   * its factories owe it; a workshop that is not the caller's partner is NOT_FOUND.
   */
  monthly: partners.input(monthlySettlementInput).query(async ({ ctx, input }) => {
    const pair = await pairOf(ctx, input.workshopId);
    const { from, to } = shanghaiMonthRange(input.month);
    const { receivables } = await receivablesOf(ctx.db, pair);
    const rows = await settlementRows(ctx.db, pair, input.month, receivables);
    return {
      month: input.month,
      from: from.toISOString(),
      to: to.toISOString(),
      groups: groupByPartnership(rows, receivables),
      totals: totalsOf(rows),
    };
  }),

  /**
   * A factory records what it paid a partner workshop: partial, dated, by a method, with a reference.
   * Never more than is still owed across every closed batch (PRECONDITION_FAILED, paymentAboveOwed).
   */
  recordPayment: roleProcedure("factory_manager")
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "settlements.recordPayment", input, async (tx) => {
        const factoryId = ctx.actor.organisationId;
        if (!(await lockPartnership(tx, factoryId, input.workshopId))) throw notFound("workshop");
        const now = new Date();
        const pair = { factoryId, workshopId: input.workshopId };
        const before = (await receivablesOf(tx, pair, now)).receivables.get(pairKey(factoryId, input.workshopId));
        checkPayment(input, before?.balanceFen ?? 0, shanghaiDay(now));
        const payment = await insertSettlementPayment(tx, {
          factoryId,
          workshopId: input.workshopId,
          amountFen: input.amountFen,
          paidOn: input.paidOn,
          method: input.method,
          reference: input.reference ?? null,
          createdBy: ctx.actor.userId,
        });
        const after = (await receivablesOf(tx, pair, now)).receivables.get(pairKey(factoryId, input.workshopId));
        return {
          result: {
            id: payment.id,
            factoryId,
            workshopId: input.workshopId,
            amountFen: payment.amountFen,
            paidOn: payment.paidOn,
            method: payment.method,
            reference: payment.reference,
            recordedAt: payment.createdAt.toISOString(),
            balance: balanceView(after),
          },
          audit: { entityType: "settlement_payment", entityId: payment.id, detail: input },
        };
      }),
    ),

  /** Payments newest first: a factory's to its workshops, or those a workshop received from its factories. */
  payments: partners.input(paymentsInput).query(async ({ ctx, input }) => {
    const pair = await pairOf(ctx, input.workshopId);
    const { payments } = await receivablesOf(ctx.db, pair);
    return { items: payments.map(paymentView) };
  }),

  /** 未结账款: per partner, everything closed less everything paid, with the unpaid part aged by days since close. */
  balances: partners.input(balancesInput).query(async ({ ctx, input }) => {
    const pair = await pairOf(ctx, input.workshopId);
    const { receivables, today } = await receivablesOf(ctx.db, pair);
    const names = await organisationNames(
      ctx.db,
      [...receivables.values()].flatMap((r) => [r.factoryId, r.workshopId]),
    );
    const org = (id: string) => {
      const o = names.get(id);
      return { id, name: o?.name ?? "", shortName: o?.shortName ?? null };
    };
    const items = [...receivables.values()]
      .map((r) => ({ factory: org(r.factoryId), workshop: org(r.workshopId), ...balanceView(r) }))
      .sort((a, b) => a.workshop.name.localeCompare(b.workshop.name) || a.factory.name.localeCompare(b.factory.name));
    const sum = (f: (i: (typeof items)[number]) => number) => items.reduce((n, i) => n + f(i), 0);
    return {
      asOf: today,
      items,
      totals: {
        owedFen: sum((i) => i.owedFen),
        paidFen: sum((i) => i.paidFen),
        balanceFen: sum((i) => i.balanceFen),
        unpaidFen: sum((i) => i.unpaidFen),
        ageing: {
          days0to30: sum((i) => i.ageing.days0to30),
          days31to60: sum((i) => i.ageing.days31to60),
          days61to90: sum((i) => i.ageing.days61to90),
          over90: sum((i) => i.ageing.over90),
        },
      },
    };
  }),

  /**
   * The month's 对账单 between the caller's factory and one workshop: owed at the start of the month,
   * every batch closed in it with its deductions by cause, every payment made in it, and owed at its end.
   * Its batches and totals are the very rows of `monthly` for that workshop.
   */
  statement: roleProcedure("factory_manager")
    .input(statementInput)
    .query(async ({ ctx, input }) => {
      const pair = await pairOf(ctx, input.workshopId);
      const { receivables, payments, today } = await receivablesOf(ctx.db, pair);
      const rows = await settlementRows(ctx.db, pair, input.month, receivables);
      const key = pairKey(ctx.actor.organisationId, input.workshopId);
      const receivable = receivables.get(key);
      const period = periodOf(input.month);
      // Every closed batch of the pair, for the balance brought forward; this month's carry their deductions.
      const inMonth = new Map(rows.map((r) => [r.batchId, r]));
      const closed = (receivable?.closed ?? []).map((b) => ({
        ...b,
        grossFen: inMonth.get(b.batchId)?.grossFen ?? 0,
        deductions: inMonth.get(b.batchId)?.deductions ?? [],
      }));
      const names = await organisationNames(ctx.db, [ctx.actor.organisationId, input.workshopId]);
      const org = (id: string) => {
        const o = names.get(id);
        return { id, name: o?.name ?? "", shortName: o?.shortName ?? null };
      };
      const monthPayments = payments.filter((p) => p.paidOn >= period.from && p.paidOn <= period.to);
      const totals = statementTotals({
        from: period.from,
        to: period.to,
        batches: closed,
        payments: payments.map((p) => ({ paidOn: p.paidOn, amountFen: p.amountFen })),
      });
      return {
        month: input.month,
        from: period.from,
        to: period.to,
        asOf: today,
        factory: org(ctx.actor.organisationId),
        workshop: org(input.workshopId),
        batches: rows.map(batchRow),
        acceptedQty: rows.reduce((n, r) => n + r.acceptedQty, 0),
        rejectedQty: rows.reduce((n, r) => n + r.rejectedQty, 0),
        payments: monthPayments.map(paymentView).reverse(),
        totals,
        balance: balanceView(receivable),
      };
    }),
} satisfies TRPCRouterRecord;
