/**
 * A business rule refused an operation. The API maps `kind` to a tRPC code:
 * "conservation" → PRECONDITION_FAILED, "state" → CONFLICT, "input" → BAD_REQUEST.
 */
export type RuleKind = "conservation" | "state" | "input";

export class RuleViolation extends Error {
  readonly kind: RuleKind;
  /** Path of the input field the problem concerns, when there is one (e.g. "lines.0.qty"). */
  readonly field: string | undefined;

  constructor(kind: RuleKind, message: string, field?: string) {
    super(message);
    this.name = "RuleViolation";
    this.kind = kind;
    this.field = field;
  }
}

/** Runs a rule for a page that previews it: the violation it would raise, or undefined when it passes. */
export function violationOf(rule: () => unknown): RuleViolation | undefined {
  try {
    rule();
    return undefined;
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
}
