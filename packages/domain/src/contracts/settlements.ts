import { z } from "zod";
import { id } from "./common";

/** A calendar month YYYY-MM, read in Asia/Shanghai time like every date on screen. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM");

export const monthlySettlementInput = z.object({
  month,
  /** A factory narrows to one partner workshop; a workshop lead may only name its own. */
  workshopId: id.optional(),
});
export type MonthlySettlementInput = z.infer<typeof monthlySettlementInput>;

/** Asia/Shanghai has no daylight saving: a month there starts 8 hours before it starts in UTC. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The UTC instants [from, to) of a month in Asia/Shanghai. */
export function shanghaiMonthRange(value: string): { from: Date; to: Date } {
  const [year, monthNumber] = value.split("-").map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(year, monthNumber - 1, 1) - SHANGHAI_OFFSET_MS),
    to: new Date(Date.UTC(year, monthNumber, 1) - SHANGHAI_OFFSET_MS),
  };
}
