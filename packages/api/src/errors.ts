import { type RuleKind, RuleViolation } from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { ZodError } from "zod";

const RULE_CODES: Record<RuleKind, TRPC_ERROR_CODE_KEY> = {
  conservation: "PRECONDITION_FAILED",
  state: "CONFLICT",
  input: "BAD_REQUEST",
};

function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function zodMessage(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}

/** Maps validation, rule and database errors onto the contract's tRPC codes with readable messages. */
export function translateError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: zodMessage(cause), cause });
  }
  if (cause instanceof RuleViolation) {
    return new TRPCError({ code: RULE_CODES[cause.kind], message: cause.message, cause });
  }
  switch (pgCode(cause)) {
    case "23505":
      return new TRPCError({ code: "CONFLICT", message: "that already exists", cause });
    case "40001":
    case "40P01":
      return new TRPCError({ code: "CONFLICT", message: "a concurrent change won; reload and retry", cause });
    case "22P02":
    case "22003":
      return new TRPCError({ code: "BAD_REQUEST", message: "a value is out of range or malformed", cause });
    default:
      return error;
  }
}

export function notFound(what: string): TRPCError {
  // Another tenant's record answers exactly like a missing one: its existence is not revealed.
  return new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });
}

export function conflict(message: string): TRPCError {
  return new TRPCError({ code: "CONFLICT", message });
}

export { RuleViolation };
