import type { MonitoringReason } from "@kitflow/domain";
import type { TFunction } from "i18next";

/** A monitoring reason in the official's words. */
export function reasonText(t: TFunction, reason: MonitoringReason): string {
  return reason.code === "too_few_poor_workers"
    ? t("official:reason.too_few_poor_workers", { counted: reason.counted, required: reason.required })
    : t("official:reason.no_insurance", { on: reason.on });
}
