/**
 * Calendar arithmetic on YYYY-MM-DD strings (Asia/Shanghai days, handled as UTC dates so a
 * server's time zone never shifts a day).
 */

export type IsoDate = string;

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
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (month) {
    const from = `${key}-01`;
    return { kind: "month", key, from, to: monthEnd(from) };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const from = fmt(Number(quarter[1]), (Number(quarter[2]) - 1) * 3 + 1, 1);
    return { kind: "quarter", key, from, to: monthEnd(addMonths(from, 2)) };
  }
  if (/^\d{4}$/.test(key)) return { kind: "year", key, from: `${key}-01-01`, to: `${key}-12-31` };
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

/** The calendar day in Asia/Shanghai (UTC+8, no daylight saving) at `now`. */
export function shanghaiDay(now: Date): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
