/** A WGS-84 position in decimal degrees; every point kitflow stores is in this datum. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** A viewport as [west, south, east, north] in WGS-84 degrees, the order GeoJSON and supercluster use. */
export type BBox = readonly [west: number, south: number, east: number, north: number];

export function inBBox(point: LatLng, [west, south, east, north]: BBox): boolean {
  return point.lng >= west && point.lng <= east && point.lat >= south && point.lat <= north;
}
