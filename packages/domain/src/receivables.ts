/**
 * What a factory owes a workshop across months (未结账款) and what its payments settle: the settlement of
 * every closed batch, less the payments recorded, applied to the oldest batch first. Pure, so the
 * settlement page, the lead's 本月应收, the 对账单 and the router all read the same figures to the fen.
 */
import type { IsoDate } from "./calendar";
import { DEDUCTION_CAUSES, type DeductionCause } from "./close-preview";
import { RuleViolation } from "./errors";
import { formatFen } from "./settlement";

/** A closed batch's settlement as the ledger of money sees it. */
export interface ClosedBatchNet {
  batchId: string;
  /** The Asia/Shanghai day the batch closed. */
  closedOn: IsoDate;
  /** Accepted × piece rate − deductions, fixed at close; negative when deductions exceed the pay. */
  netFen: number;
}

export interface BatchPaid {
  batchId: string;
  /** Settled by payments (or by a batch whose deductions exceeded its pay). */
  paidFen: number;
  /** Still owed on this batch; never negative. */
  unpaidFen: number;
}

/**
 * Spreads what has been paid over the batches, oldest first (first in, first out; batches closed on one
 * day in the order given, which is the order they closed in), so each batch shows
 * what of it is paid. A batch that closed with a negative settlement owes the factory: it pays off the
 * oldest batches like a payment would, and shows nothing paid or unpaid itself.
 */
export function allocatePayments(batches: readonly ClosedBatchNet[], paidFen: number): BatchPaid[] {
  // A stable sort: batches closed on the same day keep the order given, the order they closed in.
  const ordered = [...batches].sort((a, b) => (a.closedOn === b.closedOn ? 0 : a.closedOn < b.closedOn ? -1 : 1));
  let pool = paidFen + ordered.reduce((sum, b) => sum + Math.max(0, -b.netFen), 0);
  const byId = new Map<string, BatchPaid>();
  for (const b of ordered) {
    if (b.netFen <= 0) {
      byId.set(b.batchId, { batchId: b.batchId, paidFen: 0, unpaidFen: 0 });
      continue;
    }
    const paid = Math.min(pool, b.netFen);
    pool -= paid;
    byId.set(b.batchId, { batchId: b.batchId, paidFen: paid, unpaidFen: b.netFen - paid });
  }
  return batches.map((b) => byId.get(b.batchId) as BatchPaid);
}

/** Whole days from one calendar day to a later one. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Ageing of what is unpaid, by days since the batch closed: 0–30, 31–60, 61–90 and over 90. */
export const AGEING_BUCKETS = [
  { key: "days0to30", maxDays: 30 },
  { key: "days31to60", maxDays: 60 },
  { key: "days61to90", maxDays: 90 },
  { key: "over90", maxDays: Number.POSITIVE_INFINITY },
] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]["key"];
export type Ageing = Record<AgeingBucket, number>;

export function ageingBucketOf(days: number): AgeingBucket {
  const bucket = AGEING_BUCKETS.find((b) => days <= b.maxDays) ?? AGEING_BUCKETS[AGEING_BUCKETS.length - 1];
  return (bucket as (typeof AGEING_BUCKETS)[number]).key;
}

export interface Receivable {
  /** Every closed batch's settlement, summed. */
  owedFen: number;
  paidFen: number;
  /** owedFen − paidFen: negative only when deductions exceeded the pay and the workshop owes the factory. */
  balanceFen: number;
  /** What is still to pay, batch by batch (never negative). */
  unpaidFen: number;
  ageing: Ageing;
  /** The day the oldest batch still unpaid closed, or null when nothing is unpaid. */
  oldestUnpaidOn: IsoDate | null;
  batches: BatchPaid[];
}

/** What one factory owes one workshop on `today`, with the unpaid part aged by when each batch closed. */
export function receivableOf(batches: readonly ClosedBatchNet[], paidFen: number, today: IsoDate): Receivable {
  const allocated = allocatePayments(batches, paidFen);
  const ageing: Ageing = { days0to30: 0, days31to60: 0, days61to90: 0, over90: 0 };
  let oldestUnpaidOn: IsoDate | null = null;
  for (const [i, b] of batches.entries()) {
    const unpaid = allocated[i]?.unpaidFen ?? 0;
    if (unpaid === 0) continue;
    ageing[ageingBucketOf(Math.max(0, daysBetween(b.closedOn, today)))] += unpaid;
    if (oldestUnpaidOn === null || b.closedOn < oldestUnpaidOn) oldestUnpaidOn = b.closedOn;
  }
  const owedFen = batches.reduce((sum, b) => sum + b.netFen, 0);
  return {
    owedFen,
    paidFen,
    balanceFen: owedFen - paidFen,
    unpaidFen: allocated.reduce((sum, b) => sum + b.unpaidFen, 0),
    ageing,
    oldestUnpaidOn,
    batches: allocated,
  };
}

/**
 * A payment is a positive sum paid on a day that has come, never more than is still owed: an
 * overpayment would leave the factory owed money that no batch explains.
 */
export function checkPayment(payment: { amountFen: number; paidOn: IsoDate }, balanceFen: number, today: IsoDate) {
  if (payment.paidOn > today) {
    throw new RuleViolation("input", "must not be in the future", { reason: "paidInFuture", field: "paidOn" });
  }
  if (payment.amountFen > balanceFen) {
    const owed = Math.max(0, balanceFen);
    throw new RuleViolation("conservation", `the payment is above the ${owed} fen still owed`, {
      reason: "paymentAboveOwed",
      params: { owedFen: owed, amountFen: payment.amountFen, owed: formatFen(owed) },
      field: "amountFen",
    });
  }
}

/** A deduction as a settlement row lists it. */
export interface DeductionLine {
  cause: DeductionCause;
  componentCode: string | null;
  qty: number;
  unitFen: number;
  amountFen: number;
}

/**
 * The deductions of a closed batch as recorded at close; a batch closed before causes were recorded
 * shows the part its recorded lines do not explain as "other", so the lines always add up to the
 * deduction the settlement took.
 */
export function explainDeductions(recorded: readonly DeductionLine[], deductionFen: number): DeductionLine[] {
  const explained = recorded.reduce((sum, d) => sum + d.amountFen, 0);
  const rest = deductionFen - explained;
  if (rest === 0) return [...recorded];
  return [...recorded, { cause: "other", componentCode: null, qty: 1, unitFen: rest, amountFen: rest }];
}

/** Deductions summed by cause (and component), in the order the causes are listed. */
export function deductionsByCause(lines: readonly DeductionLine[]): DeductionLine[] {
  const merged = new Map<string, DeductionLine>();
  for (const d of lines) {
    const key = `${d.cause}:${d.componentCode ?? ""}:${d.unitFen}`;
    const seen = merged.get(key);
    if (seen) merged.set(key, { ...seen, qty: seen.qty + d.qty, amountFen: seen.amountFen + d.amountFen });
    else merged.set(key, { ...d });
  }
  const rank = (cause: DeductionCause) => DEDUCTION_CAUSES.indexOf(cause);
  return [...merged.values()].sort(
    (a, b) => rank(a.cause) - rank(b.cause) || (a.componentCode ?? "").localeCompare(b.componentCode ?? ""),
  );
}

export interface StatementInput {
  /** First and last day of the month (Asia/Shanghai). */
  from: IsoDate;
  to: IsoDate;
  batches: readonly (ClosedBatchNet & { deductions: readonly DeductionLine[]; grossFen: number })[];
  payments: readonly { paidOn: IsoDate; amountFen: number }[];
}

export interface StatementTotals {
  /** Owed at the start of the month: batches closed before it less payments made before it. */
  openingFen: number;
  grossFen: number;
  deductionFen: number;
  /** Settlements of the batches closed in the month. */
  netFen: number;
  /** Payments made in the month. */
  paidFen: number;
  /** opening + net − paid: owed at the end of the month. */
  closingFen: number;
  deductions: DeductionLine[];
}

/** The month's 对账单 in figures: opening balance, the month's batches and payments, closing balance. */
export function statementTotals(input: StatementInput): StatementTotals {
  const before = input.batches.filter((b) => b.closedOn < input.from);
  const within = input.batches.filter((b) => b.closedOn >= input.from && b.closedOn <= input.to);
  const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
  const openingFen =
    sum(before, (b) => b.netFen) -
    sum(
      input.payments.filter((p) => p.paidOn < input.from),
      (p) => p.amountFen,
    );
  const netFen = sum(within, (b) => b.netFen);
  const paidFen = sum(
    input.payments.filter((p) => p.paidOn >= input.from && p.paidOn <= input.to),
    (p) => p.amountFen,
  );
  return {
    openingFen,
    grossFen: sum(within, (b) => b.grossFen),
    deductionFen: sum(within, (b) => sum(b.deductions, (d) => d.amountFen)),
    netFen,
    paidFen,
    closingFen: openingFen + netFen - paidFen,
    deductions: deductionsByCause(within.flatMap((b) => b.deductions)),
  };
}
