import { createHmac, timingSafeEqual } from "node:crypto";
import {
  clearSignInFailures,
  consumeSignInCode,
  createWorkerUser,
  recordSignInFailure,
  signInCandidates,
  throttleRows,
} from "@kitflow/db";
import {
  checkSignInCode,
  failuresInWindow,
  retryAfterSeconds,
  shanghaiDay,
  WORKER_SIGN_IN_LIMITS,
  type workerSignInInput,
} from "@kitflow/domain";
import type { z } from "zod";
import { ExplainedError } from "../errors";
import type { ContextInner } from "../trpc";
import type { Auth } from "./auth";

/**
 * Codes are short, so only a keyed digest is stored: a leaked table cannot be tried against all
 * 31⁶ codes without the server's secret. The key is derived for this one purpose.
 */
export function signInCodeDigest(auth: Auth, code: string): string {
  const secret = auth.options.secret;
  if (!secret) throw new Error("the auth secret is not configured");
  const key = createHmac("sha256", secret).update("kitflow/worker-sign-in-code/v1").digest();
  return createHmac("sha256", key).update(code).digest("hex");
}

function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const { perPhone, perAddress, windowSeconds } = WORKER_SIGN_IN_LIMITS;

/** Refuses before any code is compared when the phone or the address has failed too often. */
async function refuseWhenThrottled(ctx: ContextInner, keys: { phone: string; address: string }, now: Date) {
  const rows = new Map((await throttleRows(ctx.db, [keys.phone, keys.address])).map((r) => [r.key, r]));
  for (const [key, limit] of [
    [keys.phone, perPhone],
    [keys.address, perAddress],
  ] as const) {
    const row = rows.get(key);
    if (row && failuresInWindow(row, now, windowSeconds) >= limit) {
      const retry = retryAfterSeconds(row.windowStart, now, windowSeconds);
      throw new ExplainedError("TOO_MANY_REQUESTS", `too many sign-in attempts; try again in ${retry} seconds`, {
        reason: "tooManySignIns",
        params: { seconds: retry },
      });
    }
  }
}

/**
 * A worker signs in with its phone number and the code its lead issued. The code is checked here
 * (throttled per phone and per address, in the database so every server process counts alike),
 * used up in a transaction, and the session is then opened by better-auth itself.
 */
export async function signInWorker(ctx: ContextInner, input: z.output<typeof workerSignInInput>) {
  const now = new Date();
  const keys = { phone: `phone:${input.phone}`, address: `address:${ctx.clientIp}` };
  await refuseWhenThrottled(ctx, keys, now);
  const digest = signInCodeDigest(ctx.auth, input.code);
  const candidates = await signInCandidates(ctx.db, input.phone, shanghaiDay(now));
  const match = candidates.find((c) => sameDigest(c.codeDigest, digest));
  const verdict = checkSignInCode(match, now);
  if (!match || verdict !== "ok") {
    const windowStartsAfter = new Date(now.getTime() - windowSeconds * 1000);
    await recordSignInFailure(ctx.db, keys.phone, now, windowStartsAfter);
    await recordSignInFailure(ctx.db, keys.address, now, windowStartsAfter);
    if (verdict === "expired") {
      throw new ExplainedError("UNAUTHORIZED", "this code has expired; ask your workshop lead for a new one", {
        reason: "codeExpired",
      });
    }
    throw new ExplainedError("UNAUTHORIZED", "wrong phone number or code", { reason: "wrongCode" });
  }
  const userId = await ctx.db.transaction(async (tx) => {
    if (!(await consumeSignInCode(tx, match.workerId, match.codeDigest))) return null;
    return (
      match.userId ??
      (await createWorkerUser(tx, { id: match.workerId, name: match.name, workshopId: match.workshopId }))
    );
  });
  if (!userId) throw new ExplainedError("UNAUTHORIZED", "this code has just been used", { reason: "codeUsed" });
  await clearSignInFailures(ctx.db, keys.phone);
  const response = await ctx.auth.api.createWorkerSession({
    body: { userId },
    headers: new Headers({ "x-kitflow-client-ip": ctx.clientIp }),
    asResponse: true,
  });
  const token = response.headers.get("set-auth-token");
  if (!response.ok || !token) throw new Error("better-auth opened no worker session");
  ctx.setCookies(response.headers.getSetCookie());
  return { token };
}
