import { describe, expect, it } from "vitest";
import { REGIONS, type RegionSeed, regionByCode, villagesOf } from "./regions";

/*
 * Row counts observed in the reference regions.csv (360 data rows) the JSON was built from:
 *   county 1 (360781 瑞金市), township 24, village 335.
 * The JSON adds the two parent counties missing from the CSV (360702 章贡区, 360703 南康区),
 * so it has 3 counties.
 * 瑞金市 (360781) in the CSV: 18 townships and 247 villages. (The CSV's README says
 * "241 villages", but the file itself has 247 village rows under 360781, including the
 * virtual community 360781400498; the test follows the file.)
 */
const CSV_COUNTS = { county: 1, township: 24, village: 335 } as const;
const ADDED_COUNTIES = ["360702", "360703"] as const;
const RUIJIN = "360781";
const RUIJIN_TOWNSHIPS = 18;
const RUIJIN_VILLAGES = 247;

function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

const ofLevel = (level: RegionSeed["level"]) => REGIONS.filter((r) => r.level === level);

describe("region seed data", () => {
  it("has unique codes", () => {
    const codes = REGIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("has the CSV's rows by level plus the two added counties", () => {
    expect(ofLevel("county")).toHaveLength(CSV_COUNTS.county + ADDED_COUNTIES.length);
    expect(ofLevel("township")).toHaveLength(CSV_COUNTS.township);
    expect(ofLevel("village")).toHaveLength(CSV_COUNTS.village);
    expect(REGIONS).toHaveLength(CSV_COUNTS.county + ADDED_COUNTIES.length + CSV_COUNTS.township + CSV_COUNTS.village);
  });

  it("adds 章贡区 and 南康区 as approximate boundary centroids", () => {
    for (const [code, name] of [
      ["360702", "章贡区"],
      ["360703", "南康区"],
    ] as const) {
      expect(regionByCode(code)).toMatchObject({
        code,
        name,
        level: "county",
        parentCode: "3607",
        pointApproximate: true,
        pointSource: "boundary-centroid",
      });
    }
  });

  it("gives counties the city-level parent 3607 and every other level an existing parent", () => {
    for (const r of REGIONS) {
      if (r.level === "county") {
        expect(r.parentCode, r.code).toBe("3607");
        continue;
      }
      expect(r.parentCode, r.code).not.toBeNull();
      const parent = regionByCode(r.parentCode as string);
      expect(parent, `${r.code} parent ${r.parentCode}`).toBeDefined();
      expect(parent?.level, r.code).toBe(r.level === "township" ? "county" : "township");
    }
  });

  it("has 9-digit township codes and 12-digit village codes that start with their parent's code", () => {
    for (const r of ofLevel("township")) {
      expect(r.code, r.code).toMatch(/^\d{9}$/);
      expect(r.code.startsWith(r.parentCode as string), r.code).toBe(true);
    }
    for (const r of ofLevel("village")) {
      expect(r.code, r.code).toMatch(/^\d{12}$/);
      expect(r.code.startsWith(r.parentCode as string), r.code).toBe(true);
    }
  });

  it("puts every point inside the bounding box of Jiangxi", () => {
    for (const r of REGIONS) {
      expect(Number.isFinite(r.lat) && Number.isFinite(r.lng), r.code).toBe(true);
      expect(r.lat, r.code).toBeGreaterThanOrEqual(24);
      expect(r.lat, r.code).toBeLessThanOrEqual(30);
      expect(r.lng, r.code).toBeGreaterThanOrEqual(113);
      expect(r.lng, r.code).toBeLessThanOrEqual(119);
    }
  });

  it("keeps every village within 6 km of its township point", () => {
    for (const v of ofLevel("village")) {
      const township = regionByCode(v.parentCode as string);
      if (!township) throw new Error(`missing township for ${v.code}`);
      expect(haversineKm(v, township), v.code).toBeLessThanOrEqual(6);
    }
  });

  it("places approximate villages 1–5 km from their township and marks them", () => {
    for (const v of ofLevel("village").filter((r) => r.pointApproximate)) {
      expect(v.pointSource, v.code).toBe("approx-around-township");
      const township = regionByCode(v.parentCode as string);
      if (!township) throw new Error(`missing township for ${v.code}`);
      const km = haversineKm(v, township);
      expect(km, v.code).toBeGreaterThanOrEqual(0.98);
      expect(km, v.code).toBeLessThanOrEqual(5.02);
    }
  });

  it("marks every point source consistently", () => {
    const approximateSources = new Set(["boundary-centroid", "approx-from-county", "approx-around-township"]);
    for (const r of REGIONS) {
      expect(r.pointSource, r.code).not.toBe("");
      expect(approximateSources.has(r.pointSource), r.code).toBe(r.pointApproximate);
    }
    // Townships without a point in the CSV.
    for (const code of ["360702091", "360702103", "360702190", "360781203", "360781400"]) {
      expect(regionByCode(code), code).toMatchObject({
        pointApproximate: true,
        pointSource: "approx-from-county",
      });
    }
  });

  it("has all 18 townships and 247 villages of 瑞金市, as in the CSV", () => {
    const townships = ofLevel("township").filter((r) => r.parentCode === RUIJIN);
    expect(townships).toHaveLength(RUIJIN_TOWNSHIPS);
    const villages = townships.flatMap((t) => villagesOf(t.code));
    expect(villages).toHaveLength(RUIJIN_VILLAGES);
    expect(ofLevel("village").filter((r) => r.code.startsWith(RUIJIN))).toHaveLength(RUIJIN_VILLAGES);
  });

  it("has 羊角村 under 九堡镇", () => {
    const jiubao = regionByCode("360781103");
    expect(jiubao).toMatchObject({
      name: "九堡镇",
      level: "township",
      parentCode: RUIJIN,
    });
    const yangjiao = villagesOf("360781103").filter((v) => v.name.startsWith("羊角村"));
    expect(yangjiao).toHaveLength(1);
    expect(yangjiao[0]).toMatchObject({
      code: "360781103211",
      name: "羊角村民委员会",
      level: "village",
    });
  });

  it("returns undefined / empty for unknown codes", () => {
    expect(regionByCode("999999")).toBeUndefined();
    expect(villagesOf("999999999")).toEqual([]);
  });
});
