import { checkReceiptNote, receiptDifferences as differencesOf, type QtyLine, violationOf } from "@kitflow/domain";

/** One line of a delivery as the lead counts it. */
export interface CountedLine {
  componentCode: string;
  sent: number;
  counted: number;
}

function sentOf(lines: readonly CountedLine[]): QtyLine[] {
  return lines.map((l) => ({ componentCode: l.componentCode, qty: l.sent }));
}

function countedOf(lines: readonly CountedLine[]): QtyLine[] {
  return lines.map((l) => ({ componentCode: l.componentCode, qty: l.counted }));
}

/** Counted minus sent for every line that differs (negative: fewer arrived; positive: a surplus). */
export function receiptDifferences(lines: readonly CountedLine[]): { componentCode: string; diff: number }[] {
  return differencesOf(sentOf(lines), countedOf(lines));
}

/**
 * What must be fixed before a receipt is sent, as i18n keys of the "lead" namespace per field path
 * (the same paths the API uses). A difference, fewer or more, needs a note saying why (the domain's
 * checkReceiptNote, which the server runs too). More than was sent is a surplus, never an error.
 */
export function receiptProblems(lines: readonly CountedLine[], note: string): Record<string, string> {
  const problems: Record<string, string> = {};
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.counted) || l.counted < 0) problems[`lines.${i}.qtyReceived`] = "receive.countInvalid";
  });
  if (violationOf(() => checkReceiptNote(sentOf(lines), countedOf(lines), note)))
    problems.note = "receive.noteRequired";
  return problems;
}

/** How a line's difference reads on the phone: "多 N" for a surplus, "少 N" for a shortfall, nothing when it matches. */
export function differenceLabel(diff: number): { key: "receive.surplus" | "receive.short"; count: number } | null {
  if (diff > 0) return { key: "receive.surplus", count: diff };
  if (diff < 0) return { key: "receive.short", count: -diff };
  return null;
}
