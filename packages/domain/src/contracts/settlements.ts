import { z } from "zod";
import { MONTH_KEY } from "../calendar";
import { id, idempotencyKey, isoDate, moneyFen, mustBePositive, optionalText } from "./common";
import { WAGE_PAYMENT_METHODS } from "./worker-access";

/** A calendar month YYYY-MM, read in Asia/Shanghai time like every date on screen. */
export const month = z.string().regex(MONTH_KEY, "must be a month YYYY-MM");

export const monthlySettlementInput = z.object({
  month,
  /** A factory narrows to one partner workshop; a workshop lead may only name its own. */
  workshopId: id.optional(),
});
export type MonthlySettlementInput = z.infer<typeof monthlySettlementInput>;

/** How a factory paid a workshop: the same ways wages are paid (现金, 银行转账, 微信, 支付宝). */
export const SETTLEMENT_PAYMENT_METHODS = WAGE_PAYMENT_METHODS;
export type SettlementPaymentMethod = (typeof SETTLEMENT_PAYMENT_METHODS)[number];

/** A factory's payment to a partner workshop: partial, dated, never above what is still owed. */
export const recordPaymentInput = z.object({
  workshopId: id,
  amountFen: moneyFen.refine((n) => n > 0, mustBePositive),
  paidOn: isoDate,
  method: z.enum(SETTLEMENT_PAYMENT_METHODS),
  /** Bank reference, receipt number or note (流水号). */
  reference: optionalText(100),
  idempotencyKey,
});
export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;

/** A factory narrows to one partner workshop; a workshop lead may only name its own. */
export const paymentsInput = z.object({ workshopId: id.optional() }).default({});
export const balancesInput = z.object({ workshopId: id.optional() }).default({});

/** The month's 对账单 between the caller's factory and one workshop. */
export const statementInput = z.object({ month, workshopId: id });
