import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { dayAndTime, dayOf, formatCalendarDay, formatCalendarMonth, formatMoney, monthDays, monthOf } from "./format";

describe("on-screen formatting in Asia/Shanghai", () => {
  it("reads an instant's day and month in Shanghai, whatever the device's zone", () => {
    expect(dayOf("2026-12-31T16:30:00Z")).toBe("2027-01-01");
    expect(monthOf(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11");
    expect(dayAndTime("2026-11-23T06:05:00Z")).toBe("2026-11-23 14:05");
  });

  it("gives a month's first and last day", () => {
    expect(monthDays("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("shows fen as yuan without a float", () => {
    expect(formatMoney(12345)).toBe("¥123.45");
    expect(formatMoney(-5)).toBe("¥-0.05");
  });

  it("spells a calendar day and month in the interface language, never the day before", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(formatCalendarDay("2026-12-02")).toBe("2026年12月2日星期三");
    expect(formatCalendarMonth("2026-12")).toBe("2026年12月");
    await i18n.changeLanguage("en");
    expect(formatCalendarDay("2026-12-02")).toBe("Wednesday, December 2, 2026");
    await i18n.changeLanguage("zh-CN");
  });
});
