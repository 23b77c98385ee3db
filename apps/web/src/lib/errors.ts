import i18n from "../i18n";

/**
 * The one reader of API errors in the web app. tRPC errors arrive as the server formats them
 * (packages/api/src/trpc.ts errorFormatter): data.code is the tRPC code, data.issues =
 * [{ path: "lines.0.qty", message }] for invalid input, data.field for a rule violation.
 */

interface ErrorData {
  code?: string;
  field?: string;
  issues?: { path: string; message: string }[];
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
  const message = messageOf(error);
  if (code === undefined) return { kind: "network", message };
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
    if (!(path in out)) out[path] = issue.message;
  }
  if (data.field && !(data.field in out)) out[data.field] = messageOf(error);
  return out;
}

/** One readable sentence for a banner; network failures say so instead of showing a stack. */
export function errorMessage(error: unknown): string {
  if (!error) return "";
  const message = messageOf(error);
  if (/Failed to fetch|NetworkError|Load failed/i.test(message)) return i18n.t("common:error.network");
  return message;
}
