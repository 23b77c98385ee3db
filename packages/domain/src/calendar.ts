/**
 * The one Asia/Shanghai calendar: day, month, quarter and year keys, and the UTC instants they
 * cover. Days are YYYY-MM-DD strings handled as UTC dates, so a server's or phone's time zone never
 * shifts a day; only this module knows that Shanghai is UTC+8 (it has no daylight saving).
 */

export type IsoDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Key formats, shared with the zod contracts so a key is parsed in one place. */
export const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_KEY = /^\d{4}-Q[1-4]$/;
export const YEAR_KEY = /^\d{4}$/;
export const PERIOD_KEY = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

function parts(date: IsoDate): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

function fmt(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months; the 31st plus one month is the last day of the next month. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(date: IsoDate): IsoDate {
  const [y, m] = parts(date);
  return fmt(y, m, daysInMonth(y, m));
}

export function quarterOf(date: IsoDate): string {
  const [y, m] = parts(date);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export type PeriodKind = "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** "2026-03", "2026-Q1" or "2026". */
  key: string;
  from: IsoDate;
  to: IsoDate;
}

/** Parses "2026-03", "2026-Q1" or "2026" into the days it covers. */
export function periodOf(key: string): Period {
  if (MONTH_KEY.test(key)) {
    const from = `${key}-01`;
    return { kind: "month", key, from, to: monthEnd(from) };
  }
  if (QUARTER_KEY.test(key)) {
    const from = fmt(Number(key.slice(0, 4)), (Number(key.slice(6)) - 1) * 3 + 1, 1);
    return { kind: "quarter", key, from, to: monthEnd(addMonths(from, 2)) };
  }
  if (YEAR_KEY.test(key)) return { kind: "year", key, from: `${key}-01-01`, to: `${key}-12-31` };
  throw new RangeError(`not a period: ${key}`);
}

/** The months a period touches, as first days, in order. */
export function monthsIn(from: IsoDate, to: IsoDate): IsoDate[] {
  const months: IsoDate[] = [];
  for (let m = monthStart(from); m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * Splits [from, to] into whole months (read from the monthly rollup) and the days of partly
 * covered months at either end (read from the entries themselves).
 */
export function splitByMonth(
  from: IsoDate,
  to: IsoDate,
): { wholeMonths: { first: IsoDate; last: IsoDate } | null; partialDays: { from: IsoDate; to: IsoDate }[] } {
  if (from > to) return { wholeMonths: null, partialDays: [] };
  const firstWhole = from === monthStart(from) ? from : addMonths(monthStart(from), 1);
  const lastWhole = to === monthEnd(to) ? monthStart(to) : addMonths(monthStart(to), -1);
  if (firstWhole > lastWhole) return { wholeMonths: null, partialDays: [{ from, to }] };
  const partialDays: { from: IsoDate; to: IsoDate }[] = [];
  if (from < firstWhole) partialDays.push({ from, to: addDays(firstWhole, -1) });
  const afterLast = addMonths(lastWhole, 1);
  if (afterLast <= to) partialDays.push({ from: afterLast, to });
  return { wholeMonths: { first: firstWhole, last: lastWhole }, partialDays };
}

/**
 * The quarters (first days) that [from, to] covers exactly, or null when it does not start on a
 * quarter's first day and end on a quarter's last: a quarter's figures can then come from the
 * worker-quarter rollup.
 */
export function wholeQuarters(from: IsoDate, to: IsoDate): IsoDate[] | null {
  const [, m] = parts(from);
  if (from > to || from !== monthStart(from) || (m - 1) % 3 !== 0) return null;
  const quarters: IsoDate[] = [];
  for (let q = from; q <= to; q = addMonths(q, 3)) quarters.push(q);
  const last = quarters[quarters.length - 1];
  return last !== undefined && monthEnd(addMonths(last, 2)) === to ? quarters : null;
}

/** The calendar day in Asia/Shanghai at `now`. */
export function shanghaiDay(now: Date): IsoDate {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Date and time to the second in Asia/Shanghai at `at`, as "2026-03-01 14:05:09" (for exports). */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** The month key (YYYY-MM) in Asia/Shanghai at `now`. */
export function shanghaiMonth(now: Date): string {
  return shanghaiDay(now).slice(0, 7);
}

/** The quarter key (YYYY-Qn) in Asia/Shanghai at `now`. */
export function shanghaiQuarter(now: Date): string {
  return quarterOf(shanghaiDay(now));
}

/** The UTC instant a Shanghai day starts. */
export function dayStart(date: IsoDate): Date {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS);
}

/** The UTC instants [from, to) of the Shanghai days `from` to `to`, both included. */
export function daysRange(from: IsoDate, to: IsoDate): { from: Date; to: Date } {
  return { from: dayStart(from), to: dayStart(addDays(to, 1)) };
}

/** The UTC instants [from, to) of a month, quarter or year key in Shanghai. */
export function periodRange(key: string): { from: Date; to: Date } {
  const period = periodOf(key);
  return daysRange(period.from, period.to);
}

/** The UTC instants [from, to) of a month (YYYY-MM) in Shanghai. */
export function shanghaiMonthRange(month: string): { from: Date; to: Date } {
  return periodRange(month);
}
