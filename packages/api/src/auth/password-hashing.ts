import { hashPassword as scryptHash, verifyPassword as scryptVerify } from "better-auth/crypto";

/**
 * better-auth's scrypt (N=16384, r=16) takes 32 MB of memory outside the JavaScript heap for each hash, and
 * Node runs up to four at once on its thread pool: a handful of people signing in together would lift the
 * server's memory by 100 MB for a moment. Hashes run one at a time instead; each is a fraction of a second,
 * sign-ins are rare, and on a two-core machine running more at once would not finish them sooner anyway.
 */
let previous: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = previous.then(work, work);
  previous = turn.catch(() => undefined);
  return turn;
}

export function hashPassword(password: string): Promise<string> {
  return oneAtATime(() => scryptHash(password));
}

export function verifyPassword(data: { hash: string; password: string }): Promise<boolean> {
  return oneAtATime(() => scryptVerify(data));
}
