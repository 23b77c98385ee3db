import { describe, expect, it } from "vitest";
import {
  addMonths,
  daysRange,
  MONTH_KEY,
  monthsIn,
  PERIOD_KEY,
  periodOf,
  periodRange,
  QUARTER_KEY,
  shanghaiDay,
  shanghaiMonth,
  shanghaiMonthRange,
  shanghaiQuarter,
  splitByMonth,
  wholeQuarters,
} from "./calendar";

describe("periods", () => {
  it("parses months, quarters and years", () => {
    expect(periodOf("2026-02")).toMatchObject({ kind: "month", from: "2026-02-01", to: "2026-02-28" });
    expect(periodOf("2026-Q4")).toMatchObject({ kind: "quarter", from: "2026-10-01", to: "2026-12-31" });
    expect(periodOf("2028")).toMatchObject({ kind: "year", from: "2028-01-01", to: "2028-12-31" });
    expect(() => periodOf("2026-13")).toThrow(RangeError);
  });

  it("adds months clamping to the month's last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2026-03-15", -15)).toBe("2024-12-15");
  });

  it("splits a day range into whole months and partial days", () => {
    expect(splitByMonth("2026-04-01", "2026-06-30")).toEqual({
      wholeMonths: { first: "2026-04-01", last: "2026-06-01" },
      partialDays: [],
    });
    expect(splitByMonth("2026-03-15", "2026-05-10")).toEqual({
      wholeMonths: { first: "2026-04-01", last: "2026-04-01" },
      partialDays: [
        { from: "2026-03-15", to: "2026-03-31" },
        { from: "2026-05-01", to: "2026-05-10" },
      ],
    });
    expect(splitByMonth("2026-03-15", "2026-04-10")).toEqual({
      wholeMonths: null,
      partialDays: [{ from: "2026-03-15", to: "2026-04-10" }],
    });
    expect(monthsIn("2026-11-15", "2027-01-02")).toEqual(["2026-11-01", "2026-12-01", "2027-01-01"]);
  });

  it("tells a range of whole quarters", () => {
    expect(wholeQuarters("2026-04-01", "2026-06-30")).toEqual(["2026-04-01"]);
    expect(wholeQuarters("2026-01-01", "2026-12-31")).toEqual(["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]);
    expect(wholeQuarters("2026-10-01", "2027-03-31")).toEqual(["2026-10-01", "2027-01-01"]);
    expect(wholeQuarters("2026-04-01", "2026-04-30")).toBeNull();
    expect(wholeQuarters("2026-05-01", "2026-07-31")).toBeNull();
    expect(wholeQuarters("2026-04-01", "2026-09-29")).toBeNull();
    expect(wholeQuarters("2026-04-02", "2026-06-30")).toBeNull();
  });

  it("reads the Shanghai calendar day", () => {
    expect(shanghaiDay(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01");
    expect(shanghaiDay(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31");
  });
});

describe("Asia/Shanghai keys and UTC ranges", () => {
  it("reads today, this month and this quarter at UTC+8", () => {
    const newYearInShanghai = new Date("2026-12-31T16:30:00Z");
    expect(shanghaiDay(newYearInShanghai)).toBe("2027-01-01");
    expect(shanghaiMonth(newYearInShanghai)).toBe("2027-01");
    expect(shanghaiQuarter(newYearInShanghai)).toBe("2027-Q1");
    expect(shanghaiDay(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31");
  });

  it("starts a day at 16:00 UTC the day before and includes the last day", () => {
    expect(daysRange("2026-03-01", "2026-03-01")).toEqual({
      from: new Date("2026-02-28T16:00:00Z"),
      to: new Date("2026-03-01T16:00:00Z"),
    });
  });

  it("covers months, quarters and years", () => {
    expect(shanghaiMonthRange("2025-01")).toEqual({
      from: new Date("2024-12-31T16:00:00Z"),
      to: new Date("2025-01-31T16:00:00Z"),
    });
    expect(periodRange("2026-Q4")).toEqual({
      from: new Date("2026-09-30T16:00:00Z"),
      to: new Date("2026-12-31T16:00:00Z"),
    });
    expect(periodRange("2024").to).toEqual(new Date("2024-12-31T16:00:00Z"));
  });

  it("recognises each key format and nothing else", () => {
    expect(MONTH_KEY.test("2026-12")).toBe(true);
    expect(MONTH_KEY.test("2026-13")).toBe(false);
    expect(QUARTER_KEY.test("2026-Q4")).toBe(true);
    expect(QUARTER_KEY.test("2026-Q5")).toBe(false);
    expect(["2026", "2026-03", "2026-Q1"].every((k) => PERIOD_KEY.test(k))).toBe(true);
    expect(PERIOD_KEY.test("2026-3")).toBe(false);
  });
});
