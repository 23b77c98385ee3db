import { haversineMeters } from "./haversine";
import type { LatLng } from "./point";

/** The rural employment-service circle: a workshop or 就业之家 within 15 km (赣州经开区's "15-km rural circle"). */
export const SERVICE_RING_METERS = 15_000;

export function withinRing(centre: LatLng, point: LatLng, radiusMeters = SERVICE_RING_METERS): boolean {
  return haversineMeters(centre, point) <= radiusMeters;
}

export interface Nearest<T> {
  site: T;
  meters: number;
}

/** The closest of `sites` to `point`, or null when there are none. */
export function nearestSite<T extends LatLng>(point: LatLng, sites: readonly T[]): Nearest<T> | null {
  let best: Nearest<T> | null = null;
  for (const site of sites) {
    const meters = haversineMeters(point, site);
    if (!best || meters < best.meters) best = { site, meters };
  }
  return best;
}

export interface ServiceGap<V, S> {
  village: V;
  /** Null when there is no site at all to measure against. */
  nearest: Nearest<S> | null;
}

/**
 * Villages outside every ring: each with the distance to the nearest site, farthest first so the
 * worst-served villages lead the list.
 */
export function serviceGaps<V extends LatLng, S extends LatLng>(
  villages: readonly V[],
  sites: readonly S[],
  radiusMeters = SERVICE_RING_METERS,
): ServiceGap<V, S>[] {
  const gaps: ServiceGap<V, S>[] = [];
  for (const village of villages) {
    const nearest = nearestSite(village, sites);
    if (!nearest || nearest.meters > radiusMeters) gaps.push({ village, nearest });
  }
  return gaps.sort((a, b) => (b.nearest?.meters ?? Infinity) - (a.nearest?.meters ?? Infinity));
}
