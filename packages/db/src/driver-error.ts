import { DrizzleQueryError } from "drizzle-orm/errors";

export interface DriverErrorSummary {
  /** The error's class, e.g. PostgresError, TypeError. */
  name: string;
  /** SQLSTATE (`23505`) or the driver's own code (`CONNECTION_CLOSED`, `ECONNRESET`), when there is one. */
  code?: string;
  /** The driver's message, never the statement or its parameters. */
  message: string;
  /** Where it was thrown: the stack's frames only, without the message line. */
  stack?: string;
}

/**
 * What may be logged about a failed query. Drizzle's own message repeats the SQL and every parameter
 * (keyed digests of identity numbers, phone numbers, names), so it is skipped for the driver's error
 * beneath it, whose message names the problem without the values.
 */
export function describeDriverError(error: unknown): DriverErrorSummary {
  let current: unknown = error;
  for (let depth = 0; current instanceof DrizzleQueryError && depth < 4; depth++) current = current.cause;
  if (current instanceof DrizzleQueryError) return { name: "DrizzleQueryError", message: "query failed" };
  if (!(current instanceof Error)) return { name: typeof current, message: "non-error thrown" };
  const code = (current as { code?: unknown }).code;
  const frames = (current.stack ?? "")
    .split("\n")
    .filter((line) => line.startsWith("    at "))
    .slice(0, 8)
    .join("\n");
  return {
    name: current.name,
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
    message: current.message,
    ...(frames ? { stack: frames } : {}),
  };
}
