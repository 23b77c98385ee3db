/**
 * A business rule refused an operation. The API maps `kind` to a tRPC code:
 * "conservation" → PRECONDITION_FAILED, "state" → CONFLICT, "input" → BAD_REQUEST.
 */
export type RuleKind = "conservation" | "state" | "input";

/** The values a refusal's message is built from: codes, numbers, counts, names. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Stable keys of every refusal the server explains (`data.reason` next to `data.params`). The web client
 * translates them (apps/web/src/i18n/locales/<lang>/errors.json `reason.<key>`); the English message
 * stays for API clients and logs. Parameters named `thing`, `status`, `next`, `action`, `role`,
 * `expected` and `actual` hold terms the client translates too (`term.<value>`).
 */
export const REASONS = [
  // rules of the ledger and the batch
  "unknownComponent", // {component}
  "exceedsKit", // {component, kit, sent, max}
  "countedOverSent", // {component, counted, sent}
  "exceedsHeld", // {component, needed, held, tolerance}
  "exceedsOrdered", // {ordered, returned, max}
  "unusedOverCarried", // {component, counted, carried}
  "verdictMismatch", // {accepted, rejected, units}
  "stillInTransit", // {component, qty}
  "leftAtWorkshop", // {component, qty, writtenOff}
  "awaitingInspection", // {count}
  "receiptNeedsNote", // {}
  "pieceworkOverCap", // {number, total, cap, headroom}
  // states
  "batchState", // {number, status, action}
  "tripState", // {number, status, next}
  "tripArrived", // {number}
  "alreadyDone", // {thing, number?}: a shipment confirmed, a return inspected, an entry corrected
  "wrongKind", // {expected}: only a dispatch is confirmed, a partnership needs a factory and a workshop
  "reversalNotCorrectable",
  "importInProgress",
  // input beyond the contract
  "joinedAfterLeft",
  "leftBeforeJoined", // {joinedOn}
  "futureWorkDate",
  "notOnRoster", // {name, date}
  "unreadableFile", // {format}
  "badCursor",
  "notAQuarter",
  "roleOrganisation", // {role, expected, actual?}: an admin has none, a lead belongs to a workshop
  // the API's own refusals
  "notFound", // {thing}
  "taken", // {thing, value}
  "alreadyExists",
  "concurrentChange",
  "malformedValue",
  "keyReused",
  "signInFirst",
  "rolesOnly", // {roles}
  "aggregatesOnly",
  "wrongCredentials",
  "noOrganisation",
  "tooManySignIns", // {seconds}
] as const;

export type Reason = (typeof REASONS)[number];

/** Why a request was refused, in a form the client can translate. */
export interface Explanation {
  reason: Reason;
  params?: MessageParams;
}

export class RuleViolation extends Error {
  readonly kind: RuleKind;
  /** Path of the input field the problem concerns, when there is one (e.g. "lines.0.qty"). */
  readonly field: string | undefined;
  readonly reason: Reason | undefined;
  readonly params: MessageParams;

  constructor(kind: RuleKind, message: string, explanation?: string | (Explanation & { field?: string })) {
    super(message);
    this.name = "RuleViolation";
    this.kind = kind;
    const explained = typeof explanation === "string" ? { field: explanation } : explanation;
    this.field = explained?.field;
    this.reason = explained && "reason" in explained ? explained.reason : undefined;
    this.params = explained && "params" in explained ? (explained.params ?? {}) : {};
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
