import { haversineMeters } from "@kitflow/domain";
import { describe, expect, it } from "vitest";
import { serviceArea } from "./service-area";

const RUIJIN = { lat: 25.88854, lng: 116.02227 };
const east = (km: number) => ({
  lat: RUIJIN.lat,
  lng: RUIJIN.lng + km / (111.32 * Math.cos((RUIJIN.lat * Math.PI) / 180)),
});

describe("serviceArea", () => {
  it("is nothing without sites", () => {
    expect(serviceArea([], 15_000)).toBeNull();
  });

  it("merges overlapping rings into one polygon whose boundary lies 15 km from the nearest site", () => {
    const sites = [RUIJIN, east(10), east(20)];
    const area = serviceArea(sites, 15_000);
    expect(area).toHaveLength(1);
    const ring = area?.[0]?.[0] ?? [];
    expect(ring.length).toBeGreaterThan(64);
    for (const [lng, lat] of ring) {
      const nearest = Math.min(...sites.map((s) => haversineMeters(s, { lat: lat as number, lng: lng as number })));
      // A 64-step circle's chords cut in by at most r(1 − cos(π/64)) ≈ 18 m; vertices sit on the circle.
      expect(nearest).toBeGreaterThan(14_900);
      expect(nearest).toBeLessThan(15_100);
    }
  });

  it("keeps rings apart that do not touch", () => {
    expect(serviceArea([RUIJIN, east(40)], 15_000)).toHaveLength(2);
  });
});
