import { z } from "zod";
import { isQuarterStart, monitoringRulesSchema } from "../workforce/rules";
import { idempotencyKey, isoDate } from "./common";

/**
 * 就业帮扶车间 monitoring rules as an official sets them. A version takes effect on the first day of
 * a quarter and governs every quarter from then until a later version; past quarters keep theirs.
 */
export const rulesEffectiveFrom = isoDate.refine(isQuarterStart, {
  message: "must be the first day of a quarter (01-01, 04-01, 07-01 or 10-01)",
  params: { reason: "notAQuarterStart" },
});

/** Rules are set for a county; the default is the official's own region. */
const countyCode = z.string().regex(/^\d{6}$/, "must be a 6-digit county code");

export const rulesProposal = monitoringRulesSchema.extend({
  effectiveFrom: rulesEffectiveFrom,
  regionCode: countyCode.optional(),
});
export type RulesProposal = z.infer<typeof rulesProposal>;

/** `employment.previewRules`: which workshops the proposal would move, for the quarter it first governs. */
export const previewRulesInput = rulesProposal;

/** `employment.updateRules`: saves the proposal as a new version (never overwriting an older one). */
export const updateRulesInput = rulesProposal.extend({ idempotencyKey });
export type UpdateRulesInput = z.infer<typeof updateRulesInput>;
