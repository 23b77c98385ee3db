import { describe, expect, it } from "vitest";
import { EARTH_RADIUS_M, haversineMeters } from "./haversine";
import { inBBox } from "./point";
import { nearestSite, SERVICE_RING_METERS, serviceGaps, withinRing } from "./rings";

const RUIJIN = { lat: 25.88854, lng: 116.02227 };

/** A point `meters` due north of `from` (a meridian arc is exact on the sphere). */
const north = (from: { lat: number; lng: number }, meters: number) => ({
  lat: from.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI),
  lng: from.lng,
});

describe("haversineMeters", () => {
  it("measures one degree of longitude on the equator", () => {
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(111_195.08, 1);
  });

  it("measures pole to pole as half a great circle", () => {
    expect(haversineMeters({ lat: 90, lng: 0 }, { lat: -90, lng: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 0);
  });

  it("gives Paris–London about 343.5 km", () => {
    const meters = haversineMeters({ lat: 48.8566, lng: 2.3522 }, { lat: 51.5074, lng: -0.1278 });
    expect(meters).toBeGreaterThan(343_000);
    expect(meters).toBeLessThan(344_000);
  });

  it("gives 象湖镇 to 九堡镇 centre about 12.3 km and is symmetric", () => {
    const xianghu = { lat: 25.89426, lng: 116.0188 };
    const jiubao = { lat: 25.93734, lng: 115.9057 };
    const there = haversineMeters(xianghu, jiubao);
    expect(there).toBeGreaterThan(12_200);
    expect(there).toBeLessThan(12_400);
    expect(haversineMeters(jiubao, xianghu)).toBe(there);
    expect(haversineMeters(xianghu, xianghu)).toBe(0);
  });
});

describe("service rings", () => {
  it("includes the rim and excludes a metre beyond it", () => {
    expect(withinRing(RUIJIN, north(RUIJIN, SERVICE_RING_METERS - 0.5))).toBe(true);
    expect(withinRing(RUIJIN, north(RUIJIN, SERVICE_RING_METERS + 1))).toBe(false);
    expect(withinRing(RUIJIN, north(RUIJIN, 4_000), 5_000)).toBe(true);
    expect(withinRing(RUIJIN, north(RUIJIN, 6_000), 5_000)).toBe(false);
  });

  it("finds the nearest site", () => {
    const sites = [
      { id: "far", ...north(RUIJIN, 20_000) },
      { id: "near", ...north(RUIJIN, 3_000) },
    ];
    const nearest = nearestSite(RUIJIN, sites);
    expect(nearest?.site.id).toBe("near");
    expect(nearest?.meters).toBeCloseTo(3_000, 3);
    expect(nearestSite(RUIJIN, [])).toBeNull();
  });

  it("lists villages outside every ring, farthest first, with the distance to the nearest site", () => {
    const sites = [{ id: "s1", ...RUIJIN }];
    const villages = [
      { code: "inside", ...north(RUIJIN, 14_000) },
      { code: "gap-near", ...north(RUIJIN, 16_000) },
      { code: "gap-far", ...north(RUIJIN, 30_000) },
    ];
    const gaps = serviceGaps(villages, sites);
    expect(gaps.map((g) => g.village.code)).toEqual(["gap-far", "gap-near"]);
    expect(gaps[1]?.nearest?.meters).toBeCloseTo(16_000, 3);
    expect(serviceGaps(villages, []).map((g) => g.nearest)).toEqual([null, null, null]);
  });
});

describe("inBBox", () => {
  it("includes the edges of a viewport", () => {
    expect(inBBox({ lat: 25, lng: 116 }, [115, 25, 116, 26])).toBe(true);
    expect(inBBox({ lat: 26.01, lng: 116 }, [115, 25, 116, 26])).toBe(false);
  });
});
