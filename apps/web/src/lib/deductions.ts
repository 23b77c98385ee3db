import { formatFen } from "@kitflow/domain";
import i18n from "i18next";
import { formatCount, formatMoney } from "./format";

/** A deduction as settlements list it (settlements.monthly rows, the 对账单, the close preview). */
export interface DeductionLike {
  cause: string;
  componentCode: string | null;
  qty: number;
  unitFen: number;
  amountFen: number;
}

/**
 * Its cause in the interface language: "不合格品扣款", "缺数扣款", "零件扣款 EYE-12MM", "其他扣款"; with
 * `nameOf`, the component's name follows its code ("零件扣款 EYE-12MM 眼睛").
 */
export function deductionCause(d: DeductionLike, nameOf?: (code: string) => string): string {
  const code = d.componentCode && nameOf ? `${d.componentCode} ${nameOf(d.componentCode)}` : (d.componentCode ?? "");
  return i18n.t(`common:deductionCause.${d.cause}`, { code }).trim();
}

/** A React key for a deduction: one line per cause, component and unit price in every list of them. */
export function deductionKey(d: DeductionLike): string {
  return `${d.cause}-${d.componentCode ?? ""}-${d.unitFen}`;
}

/** "7 × ¥0.20": how the amount comes about; empty for "other", the part of an old deduction no cause explains. */
export function deductionRate(d: DeductionLike): string {
  return d.cause === "other" ? "" : `${formatCount(d.qty)} × ${formatMoney(d.unitFen)}`;
}

/** "不合格品扣款 7 × ¥0.20 = ¥1.40": the cause and how the amount comes about, on screen. */
export function deductionLine(d: DeductionLike): string {
  if (d.cause === "other") return `${deductionCause(d)} ${formatMoney(d.amountFen)}`;
  return `${deductionCause(d)} ${deductionRate(d)} = ${formatMoney(d.amountFen)}`;
}

/** The same for a CSV cell: plain yuan without grouping, so a spreadsheet can read it back. */
export function deductionCsv(d: DeductionLike): string {
  if (d.cause === "other") return `${deductionCause(d)} ${formatFen(d.amountFen)}`;
  return `${deductionCause(d)} ${d.qty}×${formatFen(d.unitFen)}=${formatFen(d.amountFen)}`;
}
