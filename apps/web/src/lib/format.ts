import { periodOf, shanghaiDay, shanghaiMonth } from "@kitflow/domain";
// The shared i18next instance (set up by ../i18n at start), read without its browser set-up so pure helpers stay testable.
import i18n from "i18next";

/**
 * Everything the web shows of a time, a sum of money or a quantity is formatted here. Times are stored
 * in UTC and shown in Asia/Shanghai whatever the device's zone; the calendar itself (days, months,
 * quarters) is packages/domain's calendar module, so no page does its own offset arithmetic.
 */
const TIME_ZONE = "Asia/Shanghai";

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "2026年11月23日 14:05" / "Nov 23, 2026, 2:05 PM", in the interface language. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(i18n.language, {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(toDate(value));
}

/** The day of an instant, in the interface language ("2026年11月23日"). */
export function formatDate(value: string | Date): string {
  return new Intl.DateTimeFormat(i18n.language, { timeZone: TIME_ZONE, dateStyle: "medium" }).format(toDate(value));
}

/** A calendar date (YYYY-MM-DD) is already a Shanghai day: shown as written, never shifted by a zone. */
export function formatDay(value: string | null | undefined): string {
  return value ?? "";
}

/**
 * A calendar date spelled out in the interface language ("2026年12月2日星期三"), for a date input the
 * browser draws in its own locale. The key names a day, not an instant: it is read and written in UTC,
 * so no zone can move it to the day before.
 */
export function formatCalendarDay(day: string): string {
  return new Intl.DateTimeFormat(i18n.language, { timeZone: "UTC", dateStyle: "full" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A month key (YYYY-MM) spelled out in the interface language ("2026年12月"). */
export function formatCalendarMonth(month: string): string {
  return new Intl.DateTimeFormat(i18n.language, { timeZone: "UTC", year: "numeric", month: "long" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" });

/** "2026-11-23", the Shanghai day of an instant (today when none is given). */
export function dayOf(value: string | Date = new Date()): string {
  return shanghaiDay(toDate(value));
}

/** "2026-11", the Shanghai month of an instant (this month when none is given). */
export function monthOf(value: string | Date = new Date()): string {
  return shanghaiMonth(toDate(value));
}

/** "2026-11-23 14:05", compact for phone lists. */
export function dayAndTime(value: string | Date): string {
  return `${dayOf(value)} ${timeFormat.format(toDate(value))}`;
}

/** When a copy kept on the phone was fetched: "10:32" today, "11-30 10:32" on an earlier (Shanghai) day. */
export function formatRefreshed(updatedAt: number | Date, now: number | Date = new Date()): string {
  const day = dayOf(new Date(updatedAt));
  const time = timeFormat.format(new Date(updatedAt));
  return day === dayOf(new Date(now)) ? time : `${day.slice(5)} ${time}`;
}

/** The first and last day of a month key (YYYY-MM), as the API's period filters take them. */
export function monthDays(month: string): { from: string; to: string } {
  const { from, to } = periodOf(month);
  return { from, to };
}

/** Yuan are grouped by thousands the same way in Chinese and English. */
const yuanGroups = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
/** A real minus sign (U+2212), before the currency sign: "−¥1,234.50", never "¥-1234.5". */
const MINUS = "\u2212";

/** 123450 fen → "¥1,234.50"; money never passes through a float (fen are split with integer arithmetic). */
export function formatMoney(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be whole fen, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = yuanGroups.format(Math.trunc(abs / 100));
  const cents = String(abs % 100).padStart(2, "0");
  return `${fen < 0 ? MINUS : ""}¥${yuan}.${cents}`;
}

/** A count of units with the interface language's digit grouping. */
export function formatCount(n: number): string {
  return n.toLocaleString(i18n.language);
}

/**
 * Quantities in different units are never added together: lines of 个 and 根 total as
 * "1,000 个 · 232 根", each unit in the order it first appears. A line without a unit counts apart.
 */
export function formatUnitTotals(lines: readonly { qty: number; unit?: string | null }[]): string {
  const byUnit = new Map<string, number>();
  for (const line of lines) {
    const unit = line.unit?.trim() ?? "";
    byUnit.set(unit, (byUnit.get(unit) ?? 0) + line.qty);
  }
  return [...byUnit].map(([unit, qty]) => (unit ? `${formatCount(qty)} ${unit}` : formatCount(qty))).join(" · ");
}
