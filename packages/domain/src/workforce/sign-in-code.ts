/**
 * Sign-in codes a lead hands a worker on paper or on screen (no SMS): short, typed on a cheap
 * phone, so the alphabet leaves out characters that are easily misread (0/O, 1/I/L).
 */

export const SIGN_IN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const SIGN_IN_CODE_LENGTH = 6;
export const SIGN_IN_CODE_DAYS = 7;
/** A worker checks pay now and then on its own phone: the session outlives a pay month. */
export const WORKER_SESSION_DAYS = 60;

/**
 * Failed sign-ins allowed per window, per phone and per client address. 31⁶ codes against ten
 * guesses a quarter hour make guessing hopeless; a worker who mistypes a few times is not locked out.
 */
export const WORKER_SIGN_IN_LIMITS = { perPhone: 10, perAddress: 30, windowSeconds: 15 * 60 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A code drawn with `pick(n)`, a uniform random integer in [0, n) (crypto.randomInt on the server). */
export function makeSignInCode(pick: (n: number) => number): string {
  let code = "";
  for (let i = 0; i < SIGN_IN_CODE_LENGTH; i++) code += SIGN_IN_CODE_ALPHABET[pick(SIGN_IN_CODE_ALPHABET.length)];
  return code;
}

/** What the worker typed, as the code was printed: upper case, without spaces or dashes. */
export function normaliseSignInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

export function signInCodeExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + SIGN_IN_CODE_DAYS * DAY_MS);
}

export function workerSessionExpiresAt(now: Date): Date {
  return new Date(now.getTime() + WORKER_SESSION_DAYS * DAY_MS);
}

/** A stored code is good until it expires; it is deleted when used, so it never checks twice. */
export function checkSignInCode(stored: { expiresAt: Date } | undefined, now: Date): "ok" | "unknown" | "expired" {
  if (!stored) return "unknown";
  return stored.expiresAt.getTime() > now.getTime() ? "ok" : "expired";
}

/** The eleven digits of a mainland mobile number, however it was written (+86, spaces, dashes). */
export function normalisePhone(written: string): string {
  const digits = written.replace(/\D/g, "");
  return digits.length === 13 && digits.startsWith("86") ? digits.slice(2) : digits;
}

/**
 * Failures counted in a window that starts at the first failure; once the window has passed,
 * the count starts again.
 */
export function failuresInWindow(
  row: { windowStart: Date; failures: number } | undefined,
  now: Date,
  windowSeconds: number,
): number {
  if (!row) return 0;
  return now.getTime() - row.windowStart.getTime() < windowSeconds * 1000 ? row.failures : 0;
}

/** Seconds until the window of a throttled key ends. */
export function retryAfterSeconds(windowStart: Date, now: Date, windowSeconds: number): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
}
