import { TRPCError } from "@trpc/server";
import type { Outcome } from "./procedures";

/**
 * The tRPC code a call ends with, or "OK" when it succeeds. Any other error is not an answer of the API
 * but a crash, so it is rethrown with its stack rather than compared as a code.
 */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

/** Code and message of a thrown error; anything but a TRPCError is named as such so it never matches a code. */
export function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof TRPCError) return { code: error.code, message: error.message };
  return { code: `non-tRPC error: ${String(error)}`, message: "" };
}

/** Code and message a call ends with: "OK" and no message when it succeeds. */
export async function codeAndMessageOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    return failureOf(error);
  }
}

/** The tRPC code of a dotted-path call's outcome, or "OK". */
export function outcomeCode(outcome: Outcome): string {
  return outcome.ok ? "OK" : failureOf(outcome.error).code;
}

/** "CODE: message" of a dotted-path call's outcome, or "OK", so one string shows both in an assertion. */
export function outcomeCodeAndMessage(outcome: Outcome): string {
  if (outcome.ok) return "OK";
  const e = outcome.error;
  return e instanceof TRPCError ? `${e.code}: ${e.message}` : `non-tRPC error: ${String(e)}`;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/**
 * Runs a call to its end and keeps its answer or its error's code and message, so racing calls can all
 * be awaited and judged afterwards. A thunk is called inside the guard, so a synchronous throw is kept too.
 */
export async function settle<T>(call: Promise<T> | (() => Promise<T>)): Promise<Settled<T>> {
  try {
    return { ok: true, value: await (typeof call === "function" ? call() : call) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    return { ok: false, code: String(e.code), message: String(e.message) };
  }
}

/** Code and the input field a rule refusal names ("OK" when the call succeeds). */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
    return { code: "OK" };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, field: (error.cause as { field?: string } | undefined)?.field };
  }
}
