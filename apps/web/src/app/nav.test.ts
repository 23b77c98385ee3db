import { describe, expect, it } from "vitest";
import { homeOf, NAV, navOf } from "./nav";

const official = (regionCode: string | null) => ({ role: "official" as const, organisation: { regionCode } });

describe("where an official starts and what its navigation holds", () => {
  it("sends a prefecture's official (four-digit region) to the prefecture page, with nothing else in its navigation", () => {
    expect(homeOf(official("3607"))).toBe("/official/prefecture");
    expect(navOf(official("3607")).map((e) => e.to)).toEqual(["/official/prefecture"]);
  });

  it("keeps a county's or township's official on the county pages", () => {
    for (const region of ["360781", "360781103"]) {
      expect(homeOf(official(region))).toBe("/official");
      expect(navOf(official(region))).toBe(NAV.official);
    }
  });

  it("leaves other roles alone", () => {
    expect(homeOf({ role: "factory_manager", organisation: { regionCode: "3607" } })).toBe("/factory");
    expect(navOf({ role: "admin", organisation: null })).toBe(NAV.admin);
  });
});
