/**
 * Staff accounts (username and password): how long a session lasts and how many sign-in attempts
 * an account and a client address get. Workers' code sign-in has its own rules
 * (workforce/sign-in-code.ts).
 */

/**
 * A staff session ends after 7 days without use; while it is used it is renewed once a day, so a
 * lead who opens the app daily stays signed in, and a phone left in a drawer is signed out within
 * a week. An admin can end any account's sessions at once (disable it or reset its password).
 */
export const STAFF_SESSION_DAYS = 7;
export const STAFF_SESSION_RENEW_HOURS = 24;

export interface SignInLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Default attempts per account: ten in a quarter hour, wherever they come from, so spreading
 * guesses over many addresses does not help; the owner waits at most 15 minutes.
 */
export const ACCOUNT_SIGN_IN_LIMIT: SignInLimit = { max: 10, windowSeconds: 15 * 60 };

export interface CountedAttempt {
  /** Attempts counted in the current window, this one included. */
  attempts: number;
  windowStart: Date;
}

/** Seconds to wait when this attempt goes past the limit, else null. */
export function signInWait(counted: CountedAttempt, limit: SignInLimit, now: Date): number | null {
  if (counted.attempts <= limit.max) return null;
  const ends = counted.windowStart.getTime() + limit.windowSeconds * 1000;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

/** The key an account's attempts are counted under; usernames are compared case-blind. */
export const accountThrottleKey = (username: string) => `account:${username.trim().toLowerCase()}`;
/** Password sign-ins per client address, apart from workers' code sign-ins (`address:`). */
export const passwordAddressThrottleKey = (address: string) => `password-address:${address}`;
