import { issuesOf } from "@kitflow/domain";
import type { z } from "zod";
import { issueText } from "../lib/errors";

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * Checks a form's input against the same zod contract the API applies, so a bad latitude or username is
 * named beside its field before the round trip, worded as the server's issues are (lib/errors.ts).
 * Paths join like the API's ("lat").
 */
export function checkContract<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of issuesOf(result.error.issues)) {
    const path = issue.path || "input";
    if (!(path in errors)) errors[path] = issueText(issue);
  }
  return { ok: false, errors };
}

/**
 * An empty select fails the contract as "must be a valid id" or a region-code pattern, which tells a person
 * nothing; for the selects left on their placeholder, say "choose one" instead.
 */
export function withUnpicked(
  errors: Record<string, string>,
  form: Record<string, unknown>,
  selects: readonly string[],
  message: string,
): Record<string, string> {
  const out = { ...errors };
  for (const field of selects) if (field in out && form[field] === "") out[field] = message;
  return out;
}
