import { describe, expect, it } from "vitest";
import { type Region, regionLabel, regionOptions } from "./regions";

const REGIONS: Region[] = [
  { code: "360781100", name: "象湖镇", level: "township", parentCode: "360781" },
  { code: "360781", name: "瑞金市", level: "county", parentCode: "3607" },
  { code: "360781100201", name: "城东村", level: "village", parentCode: "360781100" },
];

describe("regionOptions", () => {
  it("labels each region with its path from the county, in code order", () => {
    expect(regionOptions(REGIONS).map((o) => o.label)).toEqual([
      "瑞金市",
      "瑞金市 · 象湖镇",
      "瑞金市 · 象湖镇 · 城东村",
    ]);
  });

  it("falls back to the code for a region it does not know", () => {
    const options = regionOptions(REGIONS);
    expect(regionLabel(options, "360781100")).toBe("瑞金市 · 象湖镇");
    expect(regionLabel(options, "999999")).toBe("999999");
    expect(regionLabel(options, null)).toBe("");
  });
});
