/** Piecework and employment figures are booked by the Asia/Shanghai calendar (UTC+8, no daylight saving). */
const shanghaiNow = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString();

/** Today in Shanghai as YYYY-MM-DD, or the day `offsetDays` from it. */
export const shanghaiDay = (offsetDays = 0) => shanghaiNow(offsetDays).slice(0, 10);

/** This month in Shanghai as YYYY-MM. */
export const shanghaiMonth = () => shanghaiNow().slice(0, 7);

/** This quarter in Shanghai as YYYY-Qn. */
export const shanghaiQuarter = () =>
  `${shanghaiNow().slice(0, 4)}-Q${Math.floor((Number(shanghaiNow().slice(5, 7)) - 1) / 3) + 1}`;
