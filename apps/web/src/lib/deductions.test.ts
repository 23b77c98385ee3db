/**
 * Every deduction cause the domain books has a label in both languages, and the settlement page, 本月应收,
 * CSV and 对账单 (which all word deductions through this module) show how each amount comes about.
 */
import { DEDUCTION_CAUSES } from "@kitflow/domain";
import { afterAll, describe, expect, it } from "vitest";
import i18n from "../i18n";
import en from "../i18n/locales/en/common.json";
import zh from "../i18n/locales/zh-CN/common.json";
import { deductionCause, deductionCsv, deductionLine } from "./deductions";

const LOCALES = { "zh-CN": zh, en } as const;

describe.each(Object.entries(LOCALES))("%s deduction causes", (_lang, texts) => {
  it("names every cause the domain books, and no other", () => {
    const labels = texts.deductionCause as Record<string, string>;
    expect(DEDUCTION_CAUSES.filter((cause) => !labels[cause]?.trim())).toEqual([]);
    expect(Object.keys(labels).filter((key) => !(DEDUCTION_CAUSES as readonly string[]).includes(key))).toEqual([]);
  });
});

describe("deduction wording", () => {
  const missing = { cause: "units_missing", componentCode: null, qty: 2, unitFen: 34, amountFen: 68 };
  const charged = { cause: "components_charged", componentCode: "EYE", qty: 780, unitFen: 2, amountFen: 1_560 };
  afterAll(() => i18n.changeLanguage("zh-CN"));

  it("words units the workshop lost as 缺数扣款, per unit at the cost of a set", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(deductionCause(missing)).toBe("缺数扣款");
    expect(deductionLine(missing)).toBe("缺数扣款 2 × ¥0.34 = ¥0.68");
    expect(deductionCsv(missing)).toBe("缺数扣款 2×0.34=0.68");
    expect(deductionCause(charged, () => "眼睛")).toBe("零件扣款 EYE 眼睛");
    await i18n.changeLanguage("en");
    expect(deductionCause(missing)).toBe("Units missing (缺数)");
    expect(deductionCause(charged)).toBe("Components charged: EYE");
  });
});
