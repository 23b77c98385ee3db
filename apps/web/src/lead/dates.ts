/** Times are UTC in the database and Asia/Shanghai on screen (HOUSE.md). */
const ZONE = "Asia/Shanghai";

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit" });

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "2026-11-23", the calendar day in China. */
export function shanghaiDay(value: string | Date): string {
  return dayFormat.format(toDate(value));
}

/** "2026-11", the settlement month in China. */
export function shanghaiMonth(value: string | Date): string {
  return shanghaiDay(value).slice(0, 7);
}

/** "2026-11-23 14:05" */
export function shanghaiDateTime(value: string | Date): string {
  return `${shanghaiDay(value)} ${timeFormat.format(toDate(value))}`;
}
