import type { FailureKind } from "./queue";

/** Codes with which the server refuses the request itself; resending the same key cannot change that. */
const REJECTED = new Set([
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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** The tRPC error code, present only when the server answered with a tRPC error. */
export function trpcCode(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const data = (error as { data?: { code?: unknown } | null }).data;
  return data && typeof data.code === "string" ? data.code : undefined;
}

/**
 * A failure without a tRPC error code never reached kitflow's API: fetch threw (offline, DNS, dropped
 * connection) or something in between answered with a non-tRPC page. Both mean "try again later".
 */
export function isNetworkFailure(error: unknown): boolean {
  return trpcCode(error) === undefined;
}

export function classifyFailure(error: unknown): { kind: FailureKind; code?: string; message: string } {
  const code = trpcCode(error);
  const message = messageOf(error);
  if (code === undefined) return { kind: "network", message };
  if (code === "UNAUTHORIZED") return { kind: "paused", code, message };
  if (REJECTED.has(code)) return { kind: "rejected", code, message };
  return { kind: "transient", code, message };
}
