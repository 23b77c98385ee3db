import { monthOf } from "../lib/format";

/** This month in China ("YYYY-MM"), the default of the owed page. */
export function currentMonth(now: Date = new Date()): string {
  return monthOf(now);
}

/** The last `count` months ending with `current` ("YYYY-MM"), newest first, for the month picker. */
export function recentMonths(current: string, count: number): string[] {
  const [y, m] = current.split("-").map(Number) as [number, number];
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = y * 12 + (m - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`);
  }
  return months;
}
