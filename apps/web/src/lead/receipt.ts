/** One line of a delivery as the lead counts it. */
export interface CountedLine {
  componentCode: string;
  sent: number;
  counted: number;
}

/** Counted minus sent for every line that differs (negative: fewer arrived than the note says). */
export function receiptDifferences(lines: readonly CountedLine[]): { componentCode: string; diff: number }[] {
  return lines
    .filter((l) => l.counted !== l.sent)
    .map((l) => ({ componentCode: l.componentCode, diff: l.counted - l.sent }));
}

/**
 * What must be fixed before a receipt is sent, as i18n keys of the "lead" namespace per field path
 * (the same paths the API uses). A difference needs a note saying why: the factory reads it when
 * the shortfall is booked as lost in transit. The API refuses more than was sent.
 */
export function receiptProblems(lines: readonly CountedLine[], note: string): Record<string, string> {
  const problems: Record<string, string> = {};
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.counted) || l.counted < 0) problems[`lines.${i}.qtyReceived`] = "receive.countInvalid";
    else if (l.counted > l.sent) problems[`lines.${i}.qtyReceived`] = "receive.overSent";
  });
  if (receiptDifferences(lines).length > 0 && note.trim() === "") problems.note = "receive.noteRequired";
  return problems;
}
