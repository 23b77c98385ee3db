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

/** Counted minus sent for every line that differs (negative: fewer arrived than the note says). */
export function receiptDifferences(lines: readonly CountedLine[]): { componentCode: string; diff: number }[] {
  return differencesOf(sentOf(lines), countedOf(lines));
}

/**
 * What must be fixed before a receipt is sent, as i18n keys of the "lead" namespace per field path
 * (the same paths the API uses). A difference needs a note saying why (the domain's checkReceiptNote,
 * which the server runs too). The API refuses more than was sent.
 */
export function receiptProblems(lines: readonly CountedLine[], note: string): Record<string, string> {
  const problems: Record<string, string> = {};
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.counted) || l.counted < 0) problems[`lines.${i}.qtyReceived`] = "receive.countInvalid";
    else if (l.counted > l.sent) problems[`lines.${i}.qtyReceived`] = "receive.overSent";
  });
  if (violationOf(() => checkReceiptNote(sentOf(lines), countedOf(lines), note)))
    problems.note = "receive.noteRequired";
  return problems;
}
