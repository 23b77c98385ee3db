import {
  closedBatchNets,
  deductionsOfBatches,
  type Executor,
  listSettlementPayments,
  type PairQuery,
  type SettlementPaymentRow,
} from "@kitflow/db";
import {
  type ClosedBatchNet,
  type DeductionCause,
  type DeductionLine,
  explainDeductions,
  type Receivable,
  receivableOf,
  shanghaiDay,
} from "@kitflow/domain";

export const pairKey = (factoryId: string, workshopId: string) => `${factoryId}:${workshopId}`;

export interface PairReceivable extends Receivable {
  factoryId: string;
  workshopId: string;
  /** Every closed batch of the pair with the day it closed, oldest first. */
  closed: ClosedBatchNet[];
  /** Paid and unpaid per batch, by batch id. */
  byBatch: Map<string, { paidFen: number; unpaidFen: number }>;
}

/**
 * What is owed between each factory–workshop pair on the caller's side, across every month: every closed
 * batch's settlement less every payment, spread oldest first, and aged on `today` (Asia/Shanghai).
 */
export async function receivablesOf(db: Executor, pair: PairQuery, now: Date = new Date()) {
  const today = shanghaiDay(now);
  const [nets, payments] = await Promise.all([closedBatchNets(db, pair), listSettlementPayments(db, pair)]);
  const pairs = new Map<string, { factoryId: string; workshopId: string; batches: typeof nets; paidFen: number }>();
  const entry = (factoryId: string, workshopId: string) => {
    const key = pairKey(factoryId, workshopId);
    let p = pairs.get(key);
    if (!p) {
      p = { factoryId, workshopId, batches: [], paidFen: 0 };
      pairs.set(key, p);
    }
    return p;
  };
  for (const b of nets) entry(b.factoryId, b.workshopId).batches.push(b);
  for (const p of payments) entry(p.factoryId, p.workshopId).paidFen += p.amountFen;
  const result = new Map<string, PairReceivable>();
  for (const [key, p] of pairs) {
    const closed = p.batches.map((b) => ({ batchId: b.batchId, closedOn: shanghaiDay(b.closedAt), netFen: b.netFen }));
    const receivable = receivableOf(closed, p.paidFen, today);
    result.set(key, {
      ...receivable,
      closed,
      factoryId: p.factoryId,
      workshopId: p.workshopId,
      byBatch: new Map(receivable.batches.map((b) => [b.batchId, { paidFen: b.paidFen, unpaidFen: b.unpaidFen }])),
    });
  }
  return { receivables: result, payments, today };
}

/** The deductions of closed batches, each list adding up to the deduction its settlement took. */
export async function explainedDeductionsOf(
  db: Executor,
  batches: readonly { batchId: string; deductionFen: number }[],
) {
  const recorded = await deductionsOfBatches(
    db,
    batches.map((b) => b.batchId),
  );
  return new Map(
    batches.map((b) => [
      b.batchId,
      explainDeductions(
        (recorded.get(b.batchId) ?? []).map((d) => ({ ...d, cause: d.cause as DeductionCause })),
        b.deductionFen,
      ),
    ]),
  );
}

/** A payment as the pages show it. */
export function paymentView(p: SettlementPaymentRow) {
  return {
    id: p.id,
    factory: { id: p.factoryId, name: p.factoryName, shortName: p.factoryShortName },
    workshop: { id: p.workshopId, name: p.workshopName, shortName: p.workshopShortName },
    amountFen: p.amountFen,
    paidOn: p.paidOn,
    method: p.method,
    reference: p.reference,
    recordedAt: p.createdAt.toISOString(),
  };
}

export type { DeductionLine };
