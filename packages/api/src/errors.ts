import { randomBytes } from "node:crypto";
import { describeDriverError } from "@kitflow/db";
import {
  type Explanation,
  issuesOf,
  type MessageParams,
  type RuleKind,
  RuleViolation,
  type Thing,
} from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { ZodError } from "zod";

const RULE_CODES: Record<RuleKind, TRPC_ERROR_CODE_KEY> = {
  conservation: "PRECONDITION_FAILED",
  state: "CONFLICT",
  input: "BAD_REQUEST",
};

/**
 * A refusal of the API itself (not found, taken, signed out, rate-limited) that says why as a stable
 * key and parameters, like a RuleViolation, so the client can put it in the person's language.
 */
export class ExplainedError extends TRPCError {
  readonly reason: Explanation["reason"];
  readonly params: MessageParams;

  constructor(code: TRPC_ERROR_CODE_KEY, message: string, explanation: Explanation, cause?: unknown) {
    super({ code, message, cause });
    this.reason = explanation.reason;
    this.params = explanation.params ?? {};
  }
}

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
      return new ExplainedError("CONFLICT", "that already exists", { reason: "alreadyExists" }, cause);
    case "23503":
      // A check in the procedure names the field; this is the backstop for a reference it did not check.
      return new ExplainedError(
        "BAD_REQUEST",
        "refers to a record that does not exist",
        { reason: "unknownReference" },
        cause,
      );
    case "40001":
    case "40P01":
      return new ExplainedError(
        "CONFLICT",
        "a concurrent change won; reload and retry",
        { reason: "concurrentChange" },
        cause,
      );
    case "22P02":
    case "22003":
      return new ExplainedError(
        "BAD_REQUEST",
        "a value is out of range or malformed",
        { reason: "malformedValue" },
        cause,
      );
    default:
      return error.code === "INTERNAL_SERVER_ERROR" && !(error instanceof InternalError)
        ? new InternalError(cause ?? error)
        : error;
  }
}

/**
 * A fault of the server, not of the request. Its message is generic with an id to quote; the driver's
 * message would repeat the SQL and its parameters (phone numbers, identity digests) to whoever sent the
 * request. The same id is in the log line (`internalErrorLogLine`), which names the fault without data.
 */
export class InternalError extends TRPCError {
  readonly errorId: string;
  constructor(cause: unknown) {
    const errorId = randomBytes(6).toString("hex");
    super({
      code: "INTERNAL_SERVER_ERROR",
      message: `something went wrong on the server; try again (error ${errorId})`,
      cause,
    });
    this.errorId = errorId;
  }
}

/** Wraps anything unexpected (a failed context, a driver fault) into an InternalError; TRPCErrors pass through. */
export function asClientSafe(error: unknown): TRPCError {
  if (error instanceof TRPCError) return translateError(error);
  return new InternalError(error);
}

/** One log line for a server fault: error id, procedure, code and the driver's own code and message. */
export function internalErrorLogLine(error: TRPCError, procedure: string | undefined): string {
  const errorId = error instanceof InternalError ? error.errorId : "-";
  const fault = describeDriverError(error instanceof InternalError ? error.cause : (error.cause ?? error));
  const frames = fault.stack ? `\n${fault.stack}` : "";
  return `[trpc] error ${errorId} in ${procedure ?? "?"}: ${error.code} ${fault.name}${fault.code ? ` ${fault.code}` : ""}: ${fault.message}${frames}`;
}

export function notFound(thing: Thing): TRPCError {
  // Another tenant's record answers exactly like a missing one: its existence is not revealed.
  return new ExplainedError("NOT_FOUND", `${thing} not found`, { reason: "notFound", params: { thing } });
}

/** A unique name or code already in use. */
export function taken(thing: Extract<Thing, "username" | "product code">, value: string): TRPCError {
  const message = thing === "username" ? `username ${value} is taken` : `product code ${value} is already used`;
  return new ExplainedError("CONFLICT", message, { reason: "taken", params: { thing, value } });
}

/**
 * What every error carries for the client besides code and message (errorFormatter): the field it
 * concerns, the input issues, and why as a key with parameters, for the client to translate.
 */
export function errorData(error: TRPCError) {
  const cause = error.cause;
  const issues = cause instanceof ZodError ? issuesOf(cause.issues) : undefined;
  const explained = cause instanceof RuleViolation ? cause : error instanceof ExplainedError ? error : undefined;
  const field = cause instanceof RuleViolation ? cause.field : issues?.[0]?.path;
  return {
    field: field || undefined,
    issues,
    reason: explained?.reason,
    params: explained?.reason ? explained.params : undefined,
  };
}

export { RuleViolation };
