import { addMonths, quarterOf, shanghaiDay, shanghaiQuarter } from "@kitflow/domain";

export type PeriodKind = "month" | "quarter" | "year";

/** Recent periods of a kind, newest first: "2026-11", "2026-Q4" or "2026". */
export function recentPeriods(kind: PeriodKind, now = new Date()): string[] {
  const today = shanghaiDay(now);
  if (kind === "year") {
    const year = Number(today.slice(0, 4));
    return [year, year - 1, year - 2].map(String);
  }
  if (kind === "quarter") {
    const seen = new Set<string>();
    for (let i = 0; seen.size < 8; i += 3) seen.add(quarterOf(addMonths(today, -i)));
    return [...seen];
  }
  return Array.from({ length: 13 }, (_, i) => addMonths(today, -i).slice(0, 7));
}

export function currentQuarter(now = new Date()): string {
  return shanghaiQuarter(now);
}
