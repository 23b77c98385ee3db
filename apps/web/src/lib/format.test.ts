import fc from "fast-check";
import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import {
  dayAndTime,
  dayOf,
  formatCalendarDay,
  formatCalendarMonth,
  formatMoney,
  formatRefreshed,
  formatUnitTotals,
  monthDays,
  monthOf,
} from "./format";

describe("on-screen formatting in Asia/Shanghai", () => {
  it("reads an instant's day and month in Shanghai, whatever the device's zone", () => {
    expect(dayOf("2026-12-31T16:30:00Z")).toBe("2027-01-01");
    expect(monthOf(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11");
    expect(dayAndTime("2026-11-23T06:05:00Z")).toBe("2026-11-23 14:05");
  });

  it("gives a month's first and last day", () => {
    expect(monthDays("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("shows fen as yuan without a float, thousands grouped and one real minus sign", () => {
    expect(formatMoney(12345)).toBe("¥123.45");
    expect(formatMoney(123450)).toBe("¥1,234.50");
    expect(formatMoney(123456789012)).toBe("¥1,234,567,890.12");
    expect(formatMoney(0)).toBe("¥0.00");
    expect(formatMoney(-5)).toBe("\u2212¥0.05");
    expect(formatMoney(-123450)).toBe("\u2212¥1,234.50");
    expect(formatMoney(-0)).toBe("¥0.00");
  });

  it("shows every sum of money with at most one sign and never a float's digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
        const text = formatMoney(fen);
        expect(text).toMatch(/^\u2212?¥\d{1,3}(,\d{3})*\.\d{2}$/);
        const back = Number(text.replace(/[\u2212¥,.]/g, "")) * (text.startsWith("\u2212") ? -1 : 1);
        expect(back).toBe(fen === 0 ? 0 : fen);
      }),
    );
  });

  it("refuses fractions of a fen", () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });

  it("totals quantities per unit, never across units", () => {
    expect(
      formatUnitTotals([
        { qty: 600, unit: "个" },
        { qty: 232, unit: "根" },
        { qty: 400, unit: "个" },
      ]),
    ).toBe("1,000 个 · 232 根");
    expect(formatUnitTotals([{ qty: 5, unit: "个" }, { qty: 2 }])).toBe("5 个 · 2");
    expect(formatUnitTotals([])).toBe("");
  });

  it("spells a calendar day and month in the interface language, never the day before", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(formatCalendarDay("2026-12-02")).toBe("2026年12月2日星期三");
    expect(formatCalendarMonth("2026-12")).toBe("2026年12月");
    await i18n.changeLanguage("en");
    expect(formatCalendarDay("2026-12-02")).toBe("Wednesday, December 2, 2026");
    await i18n.changeLanguage("zh-CN");
  });

  it("says when a copy kept on the phone was fetched: the time today, the day before that", () => {
    const now = Date.parse("2026-12-01T08:00:00Z"); // 16:00 in Shanghai
    expect(formatRefreshed(Date.parse("2026-12-01T02:32:00Z"), now)).toBe("10:32");
    // 23:50 UTC on 30 Nov is already 1 Dec in Shanghai: still today.
    expect(formatRefreshed(Date.parse("2026-11-30T23:50:00Z"), now)).toBe("07:50");
    expect(formatRefreshed(Date.parse("2026-11-30T15:59:00Z"), now)).toBe("11-30 23:59");
  });
});
