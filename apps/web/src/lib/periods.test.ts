import { describe, expect, it } from "vitest";
import { changeOf, kindOf, previousPeriod } from "./periods";

describe("previousPeriod", () => {
  it("steps back a quarter, a month and a year, across the new year", () => {
    expect(previousPeriod("2026-Q1")).toBe("2025-Q4");
    expect(previousPeriod("2026-Q3")).toBe("2026-Q2");
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(previousPeriod("2026")).toBe("2025");
    expect(kindOf("2026-Q3")).toBe("quarter");
  });
});

describe("changeOf", () => {
  it("is the difference of two shown figures and nothing where either is hidden", () => {
    expect(changeOf(12, 9)).toBe(3);
    expect(changeOf(null, 9)).toBeNull();
    expect(changeOf(12, null)).toBeNull();
  });
});
