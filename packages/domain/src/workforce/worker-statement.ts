import { RuleViolation } from "../errors";
import { pieceAmountFen } from "./pay";

/** One piecework entry as the worker sees it: traced to the factory's batch (外发单). */
export interface WorkerEntry {
  id: number;
  workDate: string;
  batchNumber: string;
  productName: string;
  factoryName: string;
  /** Negative on a reversing entry. */
  qty: number;
  pieceRateFen: number;
  reversesEntryId: number | null;
  reason: string | null;
}

export interface WorkerDay<E extends WorkerEntry> {
  workDate: string;
  entries: (E & { amountFen: number; reversed: boolean })[];
  qty: number;
  amountFen: number;
}

/** The worker's entries day by day, newest day first; a correction sits next to the entry it reverses. */
export function workerDays<E extends WorkerEntry>(entries: readonly E[]): WorkerDay<E>[] {
  const reversed = new Set(entries.flatMap((e) => (e.reversesEntryId === null ? [] : [e.reversesEntryId])));
  const days = new Map<string, WorkerDay<E>>();
  const ordered = [...entries].sort((a, b) => a.id - b.id);
  for (const entry of ordered) {
    const day = days.get(entry.workDate) ?? { workDate: entry.workDate, entries: [], qty: 0, amountFen: 0 };
    const amountFen = pieceAmountFen(entry.qty, entry.pieceRateFen);
    day.entries.push({ ...entry, amountFen, reversed: reversed.has(entry.id) });
    day.qty += entry.qty;
    day.amountFen += amountFen;
    days.set(entry.workDate, day);
  }
  return [...days.values()].sort((a, b) => b.workDate.localeCompare(a.workDate));
}

/** Wages paid against what the month's piecework earned. */
export function wageBalance(totalFen: number, payments: readonly { amountFen: number }[]) {
  const paidFen = payments.reduce((s, p) => s + p.amountFen, 0);
  return { paidFen, unpaidFen: Math.max(0, totalFen - paidFen) };
}

/** A worker may question an entry that books work, not a reversal, and not one already corrected. */
export function checkDisputable(entry: { reversesEntryId: number | null; reversed: boolean }): void {
  if (entry.reversesEntryId !== null) {
    throw new RuleViolation("input", "a correction cannot be questioned; question the entry it corrects", {
      reason: "correctionNotQuestionable",
      field: "entryId",
    });
  }
  if (entry.reversed) {
    throw new RuleViolation("state", "this entry has already been corrected", {
      reason: "alreadyDone",
      params: { thing: "piecework entry" },
      field: "entryId",
    });
  }
}

/**
 * A question is answered once, by a reply, a correction of the very entry questioned, or both.
 */
export function checkDisputeAnswer(
  dispute: { entryId: number; answeredAt: Date | null },
  answer: { reply?: string; correction?: { reversesEntryId: number | null } },
): void {
  if (dispute.answeredAt !== null) {
    throw new RuleViolation("state", "this question has already been answered", {
      reason: "alreadyDone",
      params: { thing: "question" },
    });
  }
  if (!answer.reply && !answer.correction) {
    throw new RuleViolation("input", "answer with a reply or a correction", { reason: "answerNeeded", field: "reply" });
  }
  if (answer.correction && answer.correction.reversesEntryId !== dispute.entryId) {
    throw new RuleViolation("input", "the correction must reverse the entry the worker asked about", {
      reason: "correctionOfOtherEntry",
      field: "correctionEntryId",
    });
  }
}

/** Wages are recorded for a month that has begun, paid on a day that has come. */
export function checkWagePayment(payment: { month: string; paidOn: string }, today: string): void {
  if (`${payment.month}-01` > today) {
    throw new RuleViolation("input", "the month has not begun yet", { reason: "monthNotBegun", field: "month" });
  }
  if (payment.paidOn > today) {
    throw new RuleViolation("input", "must not be in the future", { reason: "paidInFuture", field: "paidOn" });
  }
}
