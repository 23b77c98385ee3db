import type { z } from "zod";

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
  "exceedsHeld", // {component, needed, held, tolerance}
  "exceedsOrdered", // {ordered, returned, max}
  "unusedOverCarried", // {component, counted, carried}
  "verdictMismatch", // {accepted, rejected, missing, scrapped, units}
  "exceedsRejected", // {qty, available}: rework beyond the rejected units at the factory
  "exceedsReworkHeld", // {qty, held}: a return's rework units beyond those the workshop received
  "reworkOverSent", // {counted, sent}
  "stillInTransit", // {component, qty}
  "leftAtWorkshop", // {component, qty, writtenOff}
  "awaitingInspection", // {count}
  "reworkOut", // {inTransit, atWorkshop}: rework not back from the workshop when closing
  "receiptNeedsNote", // {components}
  "requestOfOtherBatch", // {number}: a replacement answers a request of the batch it is sent for
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
  "villageOutsideCounty",
  "unknownRegion",
  "unknownReference",
  "unreadableFile", // {format}
  "fileTooLarge", // {megabytes}: a spreadsheet that unpacks past the import limit
  "tooManyRows", // {max}
  "badCursor",
  "notAQuarter",
  "roleOrganisation", // {role, expected}: a lead belongs to a workshop, a factory manager to a factory
  "adminNoOrganisation",
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
  "accountDisabled",
  "ownAccount",
  // input issues the contracts explain themselves (zod `params.reason`)
  "mustBePositive",
  "appearsTwice", // {value}
  "outsideChina",
  "notADate",
  "endsBeforeStart",
  "rangeTooLong", // {days}
  "emptyReturn",
  "linesOrSets",
  // workers on their own phone
  "noMobile", // {name}
  "workerLeft", // {name}
  "wrongCode",
  "codeExpired",
  "codeUsed",
  "noLongerOnRoster",
  "correctionNotQuestionable",
  "alreadyAsked",
  "answerNeeded",
  "correctionOfOtherEntry",
  "monthNotBegun",
  "paidInFuture",
  // monitoring rules an official sets
  "notAQuarterStart",
  "rulesEffectiveInPast", // {quarter}: the earliest quarter a new version may take effect
  "rulesSetByCounty",
  "prefectureOnly",
  "countyOfficialsOnly",
  // money between factory and workshop
  "paymentAboveOwed", // {owedFen, amountFen, owed (yuan, "12.34")}
  // jobs near home
  "payRangeReversed",
  "notAMobile",
  "consentNeeded",
  "unknownVillage",
  "notYourSite",
  "jobClosed",
  "alreadyApplied",
  "tooManyApplications", // {limit}: per phone (a day) or per address (an hour)
  "applicationDecided", // {status}
] as const;

export type Reason = (typeof REASONS)[number];

/** Records a refusal may name (`thing`); the client translates each (`term.<thing>`). */
export const THINGS = [
  "batch",
  "shipment",
  "trip",
  "product",
  "workshop",
  "organisation",
  "region",
  "township",
  "worker",
  "piecework entry",
  "username",
  "product code",
  "question",
  "replacement request",
  "account",
  "job",
  "application",
  "site",
] as const;

export type Thing = (typeof THINGS)[number];

/** Why a request was refused, in a form the client can translate. */
export interface Explanation {
  reason: Reason;
  params?: MessageParams;
}

export class RuleViolation extends Error {
  readonly kind: RuleKind;
  /** Path of the input field the problem concerns, when there is one (e.g. "lines.0.qty"). */
  readonly field: string | undefined;
  readonly reason: Reason;
  readonly params: MessageParams;

  constructor(kind: RuleKind, message: string, explanation: Explanation & { field?: string }) {
    super(message);
    this.name = "RuleViolation";
    this.kind = kind;
    this.field = explanation.field;
    this.reason = explanation.reason;
    this.params = explanation.params ?? {};
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

/** One input problem as the client receives it (data.issues), and as the web reads a contract it checks itself. */
export interface InputIssue {
  path: string;
  message: string;
  /** zod's issue code: too_small, invalid_type, invalid_format, custom… */
  code: string;
  /** zod's parameters (minimum, maximum, origin, expected…) and a refinement's own, such as `reason`. */
  params: MessageParams;
}

/** Zod's issue fields beyond path and message (minimum, maximum, expected, format…), as plain JSON values. */
function issueParams(issue: z.core.$ZodIssue): MessageParams {
  const params: Record<string, string | number> = {};
  const {
    code: _code,
    path: _path,
    message: _message,
    input: _input,
    params: custom,
    ...rest
  } = issue as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries({ ...rest, ...(custom as object | undefined) })) {
    if (typeof value === "string" || typeof value === "number") params[name] = value;
    else if (typeof value === "boolean" || typeof value === "bigint") params[name] = String(value);
    else if (Array.isArray(value)) params[name] = value.map(String).join(", ");
  }
  return params;
}

/** zod's issues as the client receives them: the field, zod's code and its parameters, the English text. */
export function issuesOf(issues: readonly z.core.$ZodIssue[]): InputIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
    params: issueParams(issue),
  }));
}
