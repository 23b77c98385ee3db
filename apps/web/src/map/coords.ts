import gcoord from "gcoord";

/**
 * Everything kitflow stores is WGS-84. Gaode/AutoNavi tiles are drawn in GCJ-02, so when they are the
 * base map every overlay is shifted into GCJ-02 at display time (≈ 580 m in Ruijin), and viewports
 * read from the map are shifted back before they are sent to the server.
 */
export type DisplayDatum = "WGS84" | "GCJ02";

export interface LatLngLike {
  lat: number;
  lng: number;
}

export type Project = (point: LatLngLike) => [number, number];

/** WGS-84 → display coordinates as a Leaflet [lat, lng] tuple. */
export function toDisplay(point: LatLngLike, datum: DisplayDatum): [number, number] {
  if (datum === "WGS84") return [point.lat, point.lng];
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [lat, lng];
}

/** Display coordinates → WGS-84 (gcoord's iterative inverse for GCJ-02). */
export function fromDisplay(point: LatLngLike, datum: DisplayDatum): LatLngLike {
  if (datum === "WGS84") return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return { lat, lng };
}

export function projectorFor(datum: DisplayDatum): Project {
  return (point) => toDisplay(point, datum);
}

/** A GeoJSON object (boundaries) moved into the display datum; the input is left untouched. */
export function geoJsonToDisplay<T extends object>(geojson: T, datum: DisplayDatum): T {
  if (datum === "WGS84") return geojson;
  return gcoord.transform(structuredClone(geojson) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as T;
}

/** A display viewport back in WGS-84, clamped to the valid range and rounded so nearby pans share a cache key. */
export function viewportToWgs84(
  south: number,
  west: number,
  north: number,
  east: number,
  datum: DisplayDatum,
): [number, number, number, number] {
  const sw = fromDisplay({ lat: Math.max(-85, south), lng: Math.max(-180, west) }, datum);
  const ne = fromDisplay({ lat: Math.min(85, north), lng: Math.min(180, east) }, datum);
  const round = (n: number, up: boolean) => (up ? Math.ceil(n * 1000) : Math.floor(n * 1000)) / 1000;
  return [
    Math.max(-180, round(sw.lng, false)),
    Math.max(-90, round(sw.lat, false)),
    Math.min(180, round(ne.lng, true)),
    Math.min(90, round(ne.lat, true)),
  ];
}
