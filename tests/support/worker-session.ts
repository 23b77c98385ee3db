import type { Caller, TestApp } from "./app";

let signIns = 0;

/**
 * A worker signed in on its own phone the real way: its lead issues a code, the worker signs in
 * with phone and code (from its own client address), and calls the API with the bearer token.
 */
export async function signInAsWorker(
  app: TestApp,
  lead: Caller,
  worker: { id: string; phone: string },
  label: string,
): Promise<{ caller: Caller; userId: string; token: string }> {
  const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: `code-${label}` });
  const phone = await app.withHeaders(new Headers(), `10.66.${Math.floor(++signIns / 250)}.${signIns % 250}`);
  const { token, user } = await phone.auth.workerSignIn({ phone: worker.phone, code });
  return {
    caller: await app.withHeaders(new Headers({ authorization: `Bearer ${token}` })),
    userId: user.userId,
    token,
  };
}
