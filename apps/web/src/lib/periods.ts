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

/** The period before: the previous month, quarter or year ("2026-Q1" → "2025-Q4"). */
export function previousPeriod(key: string): string {
  if (/^\d{4}$/.test(key)) return String(Number(key) - 1);
  if (/^\d{4}-Q[1-4]$/.test(key)) {
    const year = Number(key.slice(0, 4));
    const q = Number(key.slice(6));
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  return addMonths(`${key}-01`, -1).slice(0, 7);
}

export function kindOf(key: string): PeriodKind {
  return /^\d{4}$/.test(key) ? "year" : key.includes("Q") ? "quarter" : "month";
}

/**
 * The change from one shown figure to the next: null where either is hidden, so a change never
 * tells more than the two figures it is worked out from.
 */
export function changeOf(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  return current - previous;
}
