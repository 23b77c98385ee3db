import i18n from "../i18n";

/** Times are stored in UTC and shown in Asia/Shanghai, whatever the device's zone. */
const TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(i18n.language, {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
}

/** A calendar date (YYYY-MM-DD) is already a Shanghai day: shown as written, never shifted by a zone. */
export function formatDay(value: string | null | undefined): string {
  return value ?? "";
}

/** Today in Asia/Shanghai as YYYY-MM-DD, for date inputs' defaults and minimums. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function shanghaiMonth(): string {
  return shanghaiToday().slice(0, 7);
}
