import i18n from "../i18n";

/**
 * Reads tRPC errors as the server formats them (packages/api/src/trpc.ts errorFormatter):
 * data.issues = [{ path: "lines.0.qty", message }] for invalid input, data.field for a rule violation.
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

/** The tRPC error code (BAD_REQUEST, CONFLICT, …), if the error came from the API. */
export function errorCode(error: unknown): string | undefined {
  return dataOf(error)?.code;
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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** One readable sentence for a banner; network failures say so instead of showing a stack. */
export function errorMessage(error: unknown): string {
  if (!error) return "";
  const message = messageOf(error);
  if (/Failed to fetch|NetworkError|Load failed/i.test(message)) return i18n.t("common:error.network");
  return message;
}
