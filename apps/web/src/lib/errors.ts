import type { InputIssue } from "@kitflow/domain";
import i18n from "../i18n";

/**
 * The one reader of API errors in the web app, and the one place their words are put in the person's
 * language. tRPC errors arrive as the server formats them (packages/api/src/errors.ts errorData):
 * data.code is the tRPC code; data.reason and data.params say why (a key of REASONS in
 * packages/domain); data.issues = [{ path: "lines.0.qty", message, code, params }] for invalid input;
 * data.field names the field a refusal concerns. The English message is the last resort.
 */

type Params = Record<string, string | number>;

interface ErrorData {
  code?: string;
  field?: string;
  issues?: (Partial<InputIssue> & { path: string; message: string })[];
  reason?: string;
  params?: Params;
}

/** Parameters that hold terms (a record, a status, a role) rather than values, translated too. */
const TERM_PARAMS = new Set(["thing", "status", "next", "action", "role", "roles", "expected", "actual"]);

function withTerms(params: Params = {}): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] =
      TERM_PARAMS.has(name) && typeof value === "string"
        ? value
            .split(", ")
            .map((term) => i18n.t(`errors:term.${term}`, { defaultValue: term }))
            .join(i18n.t("errors:listSeparator", { defaultValue: ", " }))
        : value;
  }
  return out;
}

/** A refusal's sentence from its key and parameters; `fallback` (the English message) when the key is unknown. */
export function reasonText(reason: string, params: Params | undefined, fallback: string): string {
  return i18n.t(`errors:reason.${reason}`, { ...withTerms(params), defaultValue: fallback });
}

/**
 * The keys that may word an issue, most specific first: "too_small_number_exclusive", "too_small_number",
 * "too_small"; "invalid_format_date"; "invalid_type_int".
 */
function issueKeys(issue: Partial<InputIssue>): string[] {
  const { code = "custom", params = {} } = issue;
  if (code === "too_small" && params.origin === "string" && Number(params.minimum) === 1) return ["zod.required"];
  const kind = params.origin ?? params.format ?? (code === "invalid_type" ? params.expected : undefined);
  const variant = typeof kind === "string" ? `${code}_${kind}` : undefined;
  const exclusive = variant && String(params.inclusive) === "false" ? `${variant}_exclusive` : undefined;
  return [exclusive, variant, code].filter((k): k is string => Boolean(k)).map((k) => `zod.${k}`);
}

/** An input problem in the person's language: the contract's own reason, else zod's code with its parameters. */
export function issueText(issue: Partial<InputIssue> & { message: string }): string {
  const reason = issue.params?.reason;
  if (typeof reason === "string") return reasonText(reason, issue.params, issue.message);
  if (!issue.code) return issue.message;
  return i18n.t(
    issueKeys(issue).map((key) => `errors:${key}`),
    { ...withTerms(issue.params), defaultValue: issue.message },
  );
}

function dataOf(error: unknown): ErrorData | undefined {
  if (!error || typeof error !== "object") return undefined;
  const data = (error as { data?: unknown }).data;
  return data && typeof data === "object" ? (data as ErrorData) : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** The tRPC error code (BAD_REQUEST, CONFLICT, …), present only when the server answered with a tRPC error. */
export function errorCode(error: unknown): string | undefined {
  const code = dataOf(error)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Codes with which the server refuses the request itself: sending the same request again gets the same
 * answer, so neither a query nor the offline queue ever retries them.
 */
export const FINAL_CODES: ReadonlySet<string> = new Set([
  "BAD_REQUEST",
  "PARSE_ERROR",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_SUPPORTED",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNPROCESSABLE_CONTENT",
  "UNSUPPORTED_MEDIA_TYPE",
]);

/**
 * How a failed request is treated:
 * - network: the server was not reached; try again when the connection is back.
 * - transient: the server answered but may succeed later (overloaded, internal error); back off.
 * - paused: the session expired; nothing succeeds until the person signs in again.
 * - rejected: the server refused it (conflict, invalid, not allowed); never send it again as it is.
 */
export type FailureKind = "network" | "transient" | "paused" | "rejected";

export interface Failure {
  kind: FailureKind;
  code?: string;
  message: string;
}

/**
 * A failure without a tRPC error code never reached kitflow's API: fetch threw (offline, DNS, dropped
 * connection) or something in between answered with a non-tRPC page. Both mean "try again later".
 */
export function classifyFailure(error: unknown): Failure {
  const code = errorCode(error);
  if (code === undefined) return { kind: "network", message: messageOf(error) };
  // Kept with a refused offline entry and shown to the lead later: in the person's language.
  const message = errorMessage(error);
  if (code === "UNAUTHORIZED") return { kind: "paused", code, message };
  if (FINAL_CODES.has(code)) return { kind: "rejected", code, message };
  return { kind: "transient", code, message };
}

export function isNetworkFailure(error: unknown): boolean {
  return classifyFailure(error).kind === "network";
}

/** Whether retrying a failed query at once can help: not when refused or signed out. */
export function worthRetrying(error: unknown): boolean {
  const { kind } = classifyFailure(error);
  return kind === "network" || kind === "transient";
}

/** Error text per field path ("quantity", "lines.0.qty"); a rule violation names its field too. */
export function fieldErrors(error: unknown): Record<string, string> {
  const data = dataOf(error);
  if (!data) return {};
  const out: Record<string, string> = {};
  for (const issue of data.issues ?? []) {
    const path = issue.path || "input";
    if (!(path in out)) out[path] = issueText(issue);
  }
  if (data.field && !(data.field in out)) out[data.field] = errorMessage(error);
  return out;
}

/** One readable sentence for a banner, in the person's language; network failures say so instead of a stack. */
export function errorMessage(error: unknown): string {
  if (!error) return "";
  const message = messageOf(error);
  if (/Failed to fetch|NetworkError|Load failed/i.test(message)) return i18n.t("common:error.network");
  const data = dataOf(error);
  if (data?.reason) return reasonText(data.reason, data.params, message);
  if (data?.issues?.length) {
    return data.issues.map((issue) => `${issue.path || "input"}: ${issueText(issue)}`).join("; ");
  }
  if (data?.code) return i18n.t(`errors:code.${data.code}`, { defaultValue: message });
  return message;
}
