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

/** A tenant's piece worker, signed in on its own phone, with a question asked and an entry not yet asked about. */
export interface SignedInWorker {
  pieceWorkerPhone: string;
  workerCaller: Caller;
  workerUserId: string;
  unquestionedEntryId: number;
  disputeId: string;
}

/**
 * Gives the tenant's piece worker a mobile number, two entries on the closable batch (all its units are
 * back, so there is room), signs it in and has it question the first entry.
 */
export async function signInPieceWorker(
  app: TestApp,
  tenant: { lead: string; pieceWorkerId: string; closableBatchId: string },
  phone: string,
  label: string,
): Promise<SignedInWorker> {
  const lead = app.as(tenant.lead);
  await lead.workforce.updateWorker({ id: tenant.pieceWorkerId, phone, idempotencyKey: `${label}-phone` });
  const workDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const book = async (n: number) => {
    const booked = await lead.workforce.enterPiecework({
      batchId: tenant.closableBatchId,
      workDate,
      entries: [{ workerId: tenant.pieceWorkerId, qty: 1 }],
      idempotencyKey: `${label}-piece-${n}`,
    });
    const entry = booked.entries[0];
    if (!entry) throw new Error("no piecework booked");
    return entry.id;
  };
  const asked = await book(1);
  const unquestionedEntryId = await book(2);
  const session = await signInAsWorker(app, lead, { id: tenant.pieceWorkerId, phone }, `${label}-session`);
  const dispute = await session.caller.me.dispute({
    entryId: asked,
    note: "少记了",
    idempotencyKey: `${label}-dispute`,
  });
  return {
    pieceWorkerPhone: phone,
    workerCaller: session.caller,
    workerUserId: session.userId,
    unquestionedEntryId,
    disputeId: dispute.id,
  };
}
