import { addMonths, shanghaiDay, shanghaiMonth } from "@kitflow/domain";

/** "2026-11": this month in China. */
export function thisMonth(now = new Date()): string {
  return shanghaiMonth(now);
}

/** The last `count` months, newest first, for month pickers. */
export function lastMonths(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(`${from}-01`, -i).slice(0, 7));
}

export function today(now = new Date()): string {
  return shanghaiDay(now);
}
