import { describe, expect, it } from "vitest";
import { dayOf, monthOf } from "../lib/format";
import { currentMonth, recentMonths } from "./owed";

describe("months in China time", () => {
  it("a UTC evening on the last of the month is already the next month in Shanghai", () => {
    expect(monthOf("2026-11-30T16:00:00Z")).toBe("2026-12");
    expect(monthOf("2026-11-30T15:59:59Z")).toBe("2026-11");
    expect(dayOf("2026-12-31T16:30:00Z")).toBe("2027-01-01");
    expect(currentMonth(new Date("2026-01-31T17:00:00Z"))).toBe("2026-02");
  });

  it("lists recent months newest first across a year boundary", () => {
    expect(recentMonths("2026-02", 4)).toEqual(["2026-02", "2026-01", "2025-12", "2025-11"]);
  });
});
