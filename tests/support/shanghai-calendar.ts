import { addDays, shanghaiDay as dayAt, shanghaiMonth as monthAt, shanghaiQuarter as quarterAt } from "@kitflow/domain";

/** Piecework and employment figures are booked by the Asia/Shanghai calendar of packages/domain. */

/** Today in Shanghai as YYYY-MM-DD, or the day `offsetDays` from it. */
export const shanghaiDay = (offsetDays = 0) => addDays(dayAt(new Date()), offsetDays);

/** This month in Shanghai as YYYY-MM. */
export const shanghaiMonth = () => monthAt(new Date());

/** This quarter in Shanghai as YYYY-Qn. */
export const shanghaiQuarter = () => quarterAt(new Date());
