import type { DeductionLike } from "../../lib/deductions";
import { deductionKey, deductionLine } from "../../lib/deductions";

/** Each deduction on its own line, with its cause and how the amount comes about. */
export function DeductionList({ deductions, testId }: { deductions: readonly DeductionLike[]; testId?: string }) {
  if (deductions.length === 0) return null;
  return (
    <ul className="deduction-causes" data-testid={testId}>
      {deductions.map((d) => (
        <li key={deductionKey(d)}>{deductionLine(d)}</li>
      ))}
    </ul>
  );
}
