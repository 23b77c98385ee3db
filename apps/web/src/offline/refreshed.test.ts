import { describe, expect, it } from "vitest";
import { refreshedLabel } from "./refreshed";

describe("refreshedLabel", () => {
  const now = Date.parse("2026-12-01T08:00:00Z"); // 16:00 in Shanghai

  it("shows only the China time for a copy from today", () => {
    expect(refreshedLabel(Date.parse("2026-12-01T02:32:00Z"), now)).toBe("10:32");
  });

  it("adds the day for an older copy, by the China calendar not UTC's", () => {
    // 23:50 UTC on 30 Nov is already 1 Dec in Shanghai: still today.
    expect(refreshedLabel(Date.parse("2026-11-30T23:50:00Z"), now)).toBe("07:50");
    expect(refreshedLabel(Date.parse("2026-11-30T15:59:00Z"), now)).toBe("11-30 23:59");
  });
});
