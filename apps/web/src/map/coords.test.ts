import { haversineMeters } from "@kitflow/domain";
import { describe, expect, it } from "vitest";
import { fromDisplay, geoJsonToDisplay, toDisplay, viewportToWgs84 } from "./coords";

const RUIJIN = { lat: 25.88854, lng: 116.02227 };
const asPoint = ([lat, lng]: [number, number]) => ({ lat, lng });

describe("display datum", () => {
  it("leaves WGS-84 alone for the offline, Tianditu and OpenStreetMap maps", () => {
    expect(toDisplay(RUIJIN, "WGS84")).toEqual([RUIJIN.lat, RUIJIN.lng]);
    expect(fromDisplay(RUIJIN, "WGS84")).toEqual(RUIJIN);
  });

  it("shifts Ruijin by the known GCJ-02 offset (≈490 m east, ≈320 m south in display)", () => {
    const shown = asPoint(toDisplay(RUIJIN, "GCJ02"));
    const meters = haversineMeters(RUIJIN, shown);
    expect(meters).toBeGreaterThan(450);
    expect(meters).toBeLessThan(700);
    // GCJ-02 lies east and south of WGS-84 here (SOURCE.md: WGS-84 is ≈490 m west, ≈320 m north).
    expect(shown.lng).toBeGreaterThan(RUIJIN.lng);
    expect(shown.lat).toBeLessThan(RUIJIN.lat);
  });

  it("round-trips WGS-84 → GCJ-02 → WGS-84 within 1 m across the county", () => {
    for (let lat = 25.5; lat <= 26.4; lat += 0.15) {
      for (let lng = 115.6; lng <= 116.4; lng += 0.15) {
        const back = fromDisplay(asPoint(toDisplay({ lat, lng }, "GCJ02")), "GCJ02");
        expect(haversineMeters({ lat, lng }, back)).toBeLessThan(1);
      }
    }
  });

  it("moves boundary GeoJSON without touching the stored copy", () => {
    const ring = [
      [116, 25.8],
      [116.1, 25.8],
      [116.1, 25.9],
      [116, 25.8],
    ];
    const geojson = { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring] } };
    const shown = geoJsonToDisplay(geojson, "GCJ02");
    expect(geojson.geometry.coordinates[0]?.[0]).toEqual([116, 25.8]);
    const first = shown.geometry.coordinates[0]?.[0];
    if (!first) throw new Error("no vertex");
    const [lng, lat] = first as [number, number];
    expect(haversineMeters({ lat: 25.8, lng: 116 }, { lat, lng })).toBeGreaterThan(450);
  });

  it("turns a GCJ-02 viewport back into a WGS-84 bbox that contains the WGS-84 view", () => {
    const [south, west] = toDisplay({ lat: 25.8, lng: 115.9 }, "GCJ02");
    const [north, east] = toDisplay({ lat: 26, lng: 116.1 }, "GCJ02");
    const [w, s, e, n] = viewportToWgs84(south, west, north, east, "GCJ02");
    expect(w).toBeLessThanOrEqual(115.9);
    expect(s).toBeLessThanOrEqual(25.8);
    expect(e).toBeGreaterThanOrEqual(116.1);
    expect(n).toBeGreaterThanOrEqual(26);
    expect(w).toBeGreaterThan(115.89);
    expect(viewportToWgs84(-89, -200, 89, 200, "WGS84")).toEqual([-180, -85, 180, 85]);
  });
});
