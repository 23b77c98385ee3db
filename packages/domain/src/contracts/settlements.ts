import { z } from "zod";
import { MONTH_KEY } from "../calendar";
import { id } from "./common";

/** A calendar month YYYY-MM, read in Asia/Shanghai time like every date on screen. */
export const month = z.string().regex(MONTH_KEY, "must be a month YYYY-MM");

export const monthlySettlementInput = z.object({
  month,
  /** A factory narrows to one partner workshop; a workshop lead may only name its own. */
  workshopId: id.optional(),
});
export type MonthlySettlementInput = z.infer<typeof monthlySettlementInput>;
