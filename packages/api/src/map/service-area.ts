import circle from "@turf/circle";
import { featureCollection } from "@turf/helpers";
import union from "@turf/union";
import type { MultiPolygon, Polygon } from "geojson";

/** Vertices per circle: about 1.5 km between vertices on a 15-km ring, finer than any village point. */
const STEPS = 64;

/**
 * The service area: the union of the rings around every site, as one MultiPolygon in WGS-84
 * ([lng, lat] positions, GeoJSON order), or null when there is no site. Overlapping rings merge
 * into one shaded area, so the map draws one outline instead of one per site.
 */
export function serviceArea(
  centres: readonly { lat: number; lng: number }[],
  radiusMeters: number,
): MultiPolygon["coordinates"] | null {
  if (centres.length === 0) return null;
  const circles = centres.map((c) =>
    circle([c.lng, c.lat], radiusMeters / 1000, { steps: STEPS, units: "kilometers" }),
  );
  const merged = circles.length === 1 ? circles[0] : union(featureCollection<Polygon | MultiPolygon>(circles));
  if (!merged) return null;
  const geometry = merged.geometry;
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}
