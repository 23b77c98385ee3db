/**
 * When the phone's copy was fetched, as a lead reads it: "10:32" today, "11-30 10:32" before.
 * Asia/Shanghai whatever the phone's zone (times on screen are China time).
 * A local helper until the web app's shared format module exists.
 */
const ZONE = "Asia/Shanghai";
const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function refreshedLabel(updatedAt: number, now: number): string {
  const time = clock.format(updatedAt);
  const updatedDay = day.format(updatedAt);
  return updatedDay === day.format(now) ? time : `${updatedDay.slice(5)} ${time}`;
}
