import { createHmac } from "node:crypto";
import {
  activeSessionCounts,
  createWorkerUser,
  deleteSessionsOf,
  deleteSignInCode,
  disputesOfWorkshop,
  getPieceworkEntry,
  getWorker,
  insertWagePayment,
  listWorkers,
  lockDispute,
  saveDisputeAnswer,
  saveSignInCode,
  signInCodesOf,
  wagePaymentsFor,
} from "@kitflow/db";
import {
  answerDisputeInput,
  checkDisputeAnswer,
  checkWagePayment,
  endWorkerSessionsInput,
  issueSignInCodeInput,
  makeSignInCode,
  normalisePhone,
  RuleViolation,
  recordWagePaymentInput,
  shanghaiDay,
  signInCodeExpiresAt,
  wagePaymentsInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Auth } from "../auth/auth";
import { sessionCacheOf } from "../auth/session";
import { signInCodeDigest } from "../auth/worker-sign-in";
import { notFound } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";

const leadProcedure = roleProcedure("workshop_lead");

/** Answered questions stay on the lead's list this long, so a worker's follow-up finds them. */
const ANSWERED_SHOWN_DAYS = 30;

/**
 * The code is drawn from a keyed digest of the request (lead, worker, idempotency key), so a replay
 * of the same request shows the same code while the code itself is stored nowhere, not even in the
 * idempotency record.
 */
function codeFor(auth: Auth, leadUserId: string, workerId: string, idempotencyKey: string): string {
  const secret = auth.options.secret;
  if (!secret) throw new Error("the auth secret is not configured");
  const bytes = createHmac("sha256", secret)
    .update(`kitflow/worker-sign-in-code-draw/v1:${leadUserId}:${workerId}:${idempotencyKey}`)
    .digest();
  // Rejection sampling keeps every character equally likely: a byte ≥ 248 (8 × 31) is skipped.
  let next = 0;
  return makeSignInCode((n) => {
    const limit = 256 - (256 % n);
    for (;;) {
      const byte = bytes[next++ % bytes.length] ?? 0;
      if (byte < limit) return byte % n;
    }
  });
}

export const workerAccessProcedures = {
  /**
   * A code the lead hands a worker (on screen or on a printed slip) to sign in on its own phone.
   * Issuing again replaces the previous code; the worker's account is made on the first issue.
   */
  issueSignInCode: leadProcedure.input(issueSignInCodeInput).mutation(async ({ ctx, input }) => {
    const issued = await runMutation(ctx, "workforce.issueSignInCode", input, async (tx) => {
      const workshopId = ctx.actor.organisationId;
      const worker = await getWorker(tx, workshopId, input.workerId);
      if (!worker) throw notFound("worker");
      if (worker.leftOn && worker.leftOn <= shanghaiDay(new Date())) {
        throw new RuleViolation("state", `${worker.name} has left the roster`, {
          reason: "workerLeft",
          params: { name: worker.name },
          field: "workerId",
        });
      }
      const phone = worker.phone ? normalisePhone(worker.phone) : "";
      if (!/^1\d{10}$/.test(phone)) {
        throw new RuleViolation("input", `add ${worker.name}'s mobile number to the roster first`, {
          reason: "noMobile",
          params: { name: worker.name },
          field: "workerId",
        });
      }
      if (!worker.userId) await createWorkerUser(tx, worker);
      const code = codeFor(ctx.auth, ctx.actor.userId, worker.id, input.idempotencyKey);
      const expiresAt = signInCodeExpiresAt(new Date());
      await saveSignInCode(tx, {
        workerId: worker.id,
        codeDigest: signInCodeDigest(ctx.auth, code),
        expiresAt,
        issuedBy: ctx.actor.userId,
      });
      return {
        result: {
          workerId: worker.id,
          name: worker.name,
          phone,
          expiresAt: expiresAt.toISOString(),
          // The printed slip's QR opens the worker's sign-in page with the phone number filled in.
          signInUrl: new URL(`/me/signin?phone=${phone}`, ctx.publicUrl).toString(),
        },
        audit: { entityType: "worker", entityId: worker.id, detail: { expiresAt } },
      };
    });
    return { ...issued, code: codeFor(ctx.auth, ctx.actor.userId, input.workerId, input.idempotencyKey) };
  }),

  /** Signs the worker out on every phone and voids a code not yet used (a lost phone or slip). */
  endWorkerSessions: leadProcedure.input(endWorkerSessionsInput).mutation(async ({ ctx, input }) => {
    const ended = await runMutation(ctx, "workforce.endWorkerSessions", input, async (tx) => {
      const worker = await getWorker(tx, ctx.actor.organisationId, input.workerId);
      if (!worker) throw notFound("worker");
      const sessionsEnded = worker.userId ? await deleteSessionsOf(tx, worker.userId) : 0;
      await deleteSignInCode(tx, worker.id);
      return {
        result: { workerId: worker.id, userId: worker.userId, sessionsEnded },
        audit: { entityType: "worker", entityId: worker.id, detail: { sessionsEnded } },
      };
    });
    if (ended.userId) sessionCacheOf(ctx.auth).evictUser(ended.userId);
    return { workerId: ended.workerId, sessionsEnded: ended.sessionsEnded };
  }),

  /** Per worker on the roster: whether a code is waiting and on how many phones it is signed in. */
  signInStatus: leadProcedure.query(async ({ ctx }) => {
    const workshopId = ctx.actor.organisationId;
    const roster = await listWorkers(ctx.db, workshopId, { includeLeft: false, asOf: shanghaiDay(new Date()) });
    const [codes, sessions] = await Promise.all([
      signInCodesOf(ctx.db, workshopId),
      activeSessionCounts(
        ctx.db,
        roster.flatMap((w) => (w.userId ? [w.userId] : [])),
      ),
    ]);
    const now = Date.now();
    return roster.map((w) => {
      const code = codes.get(w.id);
      return {
        workerId: w.id,
        hasMobile: /^1\d{10}$/.test(w.phone ? normalisePhone(w.phone) : ""),
        codeExpiresAt: code && code.getTime() > now ? code.toISOString() : null,
        activeSessions: w.userId ? (sessions.get(w.userId) ?? 0) : 0,
      };
    });
  }),

  /** Questions the workshop's workers asked about their piecework: open first, then recently answered. */
  disputes: leadProcedure.query(({ ctx }) =>
    disputesOfWorkshop(
      ctx.db,
      ctx.actor.organisationId,
      new Date(Date.now() - ANSWERED_SHOWN_DAYS * 24 * 60 * 60 * 1000),
    ),
  ),

  /**
   * Answers a question with a reply, a correction (the reversing entry made with correctPiecework),
   * or both.
   */
  answerDispute: leadProcedure.input(answerDisputeInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "workforce.answerDispute", input, async (tx) => {
      const workshopId = ctx.actor.organisationId;
      const dispute = await lockDispute(tx, workshopId, input.disputeId);
      if (!dispute) throw notFound("question");
      let correction: { reversesEntryId: number | null } | undefined;
      if (input.correctionEntryId !== undefined) {
        correction = await getPieceworkEntry(tx, workshopId, input.correctionEntryId);
        if (!correction) throw notFound("piecework entry");
      }
      checkDisputeAnswer(dispute, { reply: input.reply, correction });
      const answered = await saveDisputeAnswer(tx, dispute.id, {
        reply: input.reply || null,
        correctionEntryId: input.correctionEntryId ?? null,
        answeredBy: ctx.actor.userId,
        answeredAt: new Date(),
      });
      return {
        result: answered,
        audit: {
          entityType: "piecework_dispute",
          entityId: dispute.id,
          detail: { correctionEntryId: answered.correctionEntryId },
        },
      };
    }),
  ),

  /** Wages paid to a worker for a month (发工资): the worker sees when and how. */
  recordWagePayment: leadProcedure.input(recordWagePaymentInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "workforce.recordWagePayment", input, async (tx) => {
      const workshopId = ctx.actor.organisationId;
      const worker = await getWorker(tx, workshopId, input.workerId);
      if (!worker) throw notFound("worker");
      checkWagePayment(input, shanghaiDay(new Date()));
      const payment = await insertWagePayment(tx, {
        workshopId,
        workerId: worker.id,
        month: `${input.month}-01`,
        amountFen: input.amountFen,
        paidOn: input.paidOn,
        method: input.method,
        createdBy: ctx.actor.userId,
      });
      return {
        result: payment,
        audit: { entityType: "wage_payment", entityId: payment.id, detail: { amountFen: input.amountFen } },
      };
    }),
  ),

  /** The month's wage payments of the workshop, for the pay page. */
  wagePayments: leadProcedure
    .input(wagePaymentsInput)
    .query(({ ctx, input }) => wagePaymentsFor(ctx.db, ctx.actor.organisationId, `${input.month}-01`)),
} satisfies TRPCRouterRecord;
