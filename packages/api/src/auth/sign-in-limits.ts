import { clearSignInFailures, countSignInAttempt, forgiveSignInAttempt } from "@kitflow/db";
import { accountThrottleKey, passwordAddressThrottleKey, type SignInLimit, signInWait } from "@kitflow/domain";
import { ExplainedError } from "../errors";
import type { ContextInner } from "../trpc";
import { signInLimitsOf } from "./auth";

export interface CountedSignIn {
  /** The attempt was good: the account starts afresh and the address gets its attempt back. */
  succeeded(): Promise<void>;
}

/**
 * Counts a password sign-in against its account (from any address) and its client address (for any
 * account) before the password is checked, in the database (sign_in_throttle, shared with workers'
 * code sign-ins under other keys), so every server process sees the same counts. Each attempt is
 * counted in one statement, so a burst of parallel attempts cannot all slip under the limit.
 */
export async function countPasswordSignIn(ctx: ContextInner, username: string): Promise<CountedSignIn> {
  const limits = signInLimitsOf(ctx.auth);
  const now = new Date();
  const checks: [string, SignInLimit][] = [
    [accountThrottleKey(username), limits.perAccount],
    [passwordAddressThrottleKey(ctx.clientIp), limits.perAddress],
  ];
  let wait: number | null = null;
  for (const [key, limit] of checks) {
    const windowStartsAfter = new Date(now.getTime() - limit.windowSeconds * 1000);
    const counted = await countSignInAttempt(ctx.db, key, now, windowStartsAfter);
    const seconds = signInWait(counted, limit, now);
    if (seconds !== null) wait = Math.max(wait ?? 0, seconds);
  }
  if (wait !== null) {
    throw new ExplainedError("TOO_MANY_REQUESTS", `too many sign-in attempts; try again in ${wait} seconds`, {
      reason: "tooManySignIns",
      params: { seconds: wait },
    });
  }
  const [accountKey, addressKey] = checks.map(([key]) => key) as [string, string];
  return {
    async succeeded() {
      await clearSignInFailures(ctx.db, accountKey);
      await forgiveSignInAttempt(ctx.db, addressKey);
    },
  };
}
