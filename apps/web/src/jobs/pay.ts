import type { JobPay } from "@kitflow/domain";
import i18n from "i18next";
import { formatMoney } from "../lib/format";

/** "¥120.00–¥150.00/天"; one figure when the range is a single amount. */
export function formatPay(pay: JobPay): string {
  const unit = i18n.t(`jobs:pay.unit.${pay.kind}`);
  const amount =
    pay.minFen === pay.maxFen ? formatMoney(pay.minFen) : `${formatMoney(pay.minFen)}–${formatMoney(pay.maxFen)}`;
  return `${amount}${unit}`;
}

/** "约 3.1 公里" from an approximate village point, "3.1 公里" from the phone's own position. */
export function formatDistance(km: number | null, approximate: boolean): string | null {
  if (km === null) return null;
  return i18n.t(approximate ? "jobs:public.distanceApprox" : "jobs:public.distance", { km: km.toFixed(1) });
}
