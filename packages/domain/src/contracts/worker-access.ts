import { z } from "zod";
import {
  normalisePhone,
  normaliseSignInCode,
  SIGN_IN_CODE_ALPHABET,
  SIGN_IN_CODE_LENGTH,
} from "../workforce/sign-in-code";
import { id, idempotencyKey, isoDate, moneyFen, note, shortText } from "./common";
import { text } from "./text";
import { yearMonth } from "./workforce";

/* ------------------------------- the lead's side ------------------------------- */

export const issueSignInCodeInput = z.object({ workerId: id, idempotencyKey });
export const endWorkerSessionsInput = z.object({ workerId: id, idempotencyKey });

export const WAGE_PAYMENT_METHODS = ["cash", "bank", "wechat", "alipay"] as const;
export type WagePaymentMethod = (typeof WAGE_PAYMENT_METHODS)[number];

export const recordWagePaymentInput = z.object({
  workerId: id,
  month: yearMonth,
  amountFen: moneyFen.refine((n) => n > 0, "must be greater than 0"),
  paidOn: isoDate,
  method: z.enum(WAGE_PAYMENT_METHODS),
  idempotencyKey,
});
export type RecordWagePaymentInput = z.infer<typeof recordWagePaymentInput>;

export const wagePaymentsInput = z.object({ month: yearMonth });

const entryId = z.number().int("must be a whole number").positive("must be a piecework entry");

export const answerDisputeInput = z
  .object({
    disputeId: id,
    reply: note(300),
    /** The reversing entry made with workforce.correctPiecework. */
    correctionEntryId: entryId.optional(),
    idempotencyKey,
  })
  .refine((v) => Boolean(v.reply) || v.correctionEntryId !== undefined, {
    message: "answer with a reply or a correction",
    path: ["reply"],
  });
export type AnswerDisputeInput = z.infer<typeof answerDisputeInput>;

/* ------------------------------ the worker's side ------------------------------ */

export const workerSignInInput = z.object({
  // Checked as typed first, so a control character is refused rather than normalised away.
  phone: text({ max: 30 })
    .transform(normalisePhone)
    .refine((p) => /^1\d{10}$/.test(p), "must be a mobile number (11 digits)"),
  code: text({ max: 30, trim: false })
    .transform(normaliseSignInCode)
    .refine(
      (c) => c.length === SIGN_IN_CODE_LENGTH && [...c].every((ch) => SIGN_IN_CODE_ALPHABET.includes(ch)),
      `must be the ${SIGN_IN_CODE_LENGTH}-character code from your workshop`,
    ),
});
export type WorkerSignInInput = z.input<typeof workerSignInInput>;

export const myMonthInput = z.object({ month: yearMonth });

export const disputeEntryInput = z.object({ entryId, note: shortText(300), idempotencyKey });
export type DisputeEntryInput = z.infer<typeof disputeEntryInput>;
