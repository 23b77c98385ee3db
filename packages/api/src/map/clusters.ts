import type { MapSiteMark } from "@kitflow/db";
import { MAP_SITE_STATUSES, type MapSiteStatus } from "@kitflow/domain";
import Supercluster from "supercluster";

/** A site's mark with the status it is drawn in. */
export type Marked = MapSiteMark & { status: MapSiteStatus; graceEndsOn: string | null };

/** Below this many sites in a viewport every site is sent as itself; above it they are clustered. */
export const CLUSTER_ABOVE = 200;
/** Cluster radius in screen pixels at the requested zoom. */
const CLUSTER_RADIUS_PX = 60;

export interface MapSiteCluster {
  id: number;
  lat: number;
  lng: number;
  count: number;
  /** Zoom at which the cluster breaks apart. */
  expansionZoom: number;
  byStatus: Record<MapSiteStatus, number>;
  byKind: Record<MapSiteMark["kind"], number>;
}

export interface ClusterProps {
  byStatus: Record<MapSiteStatus, number>;
  byKind: Record<MapSiteMark["kind"], number>;
}

const emptyCounts = (): ClusterProps => ({
  byStatus: { running: 0, under_watch: 0, removed: 0, not_monitored: 0 },
  byKind: { factory: 0, workshop: 0, service_point: 0 },
});

/**
 * Clusters one zoom level only (minZoom = maxZoom = zoom): building the index for the requested
 * level is what keeps a 20,000-site county inside the per-viewport time budget.
 */
export function buildClusterIndex(points: readonly Marked[], zoom: number) {
  const index = new Supercluster<{ i: number }, ClusterProps>({
    radius: CLUSTER_RADIUS_PX,
    minZoom: zoom,
    maxZoom: zoom,
    map: (p) => {
      const point = points[p.i] as Marked;
      const counts = emptyCounts();
      counts.byStatus[point.status] = 1;
      counts.byKind[point.kind] = 1;
      return counts;
    },
    reduce: (acc, p) => {
      for (const s of MAP_SITE_STATUSES) acc.byStatus[s] += p.byStatus[s];
      acc.byKind.factory += p.byKind.factory;
      acc.byKind.workshop += p.byKind.workshop;
      acc.byKind.service_point += p.byKind.service_point;
    },
  });
  index.load(
    points.map((p, i) => ({
      type: "Feature" as const,
      properties: { i },
      geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] },
    })),
  );
  return index;
}

export function clustersIn(
  index: Supercluster<{ i: number }, ClusterProps>,
  points: readonly Marked[],
  bbox: readonly [number, number, number, number],
  zoom: number,
) {
  const clusters: MapSiteCluster[] = [];
  const single: Marked[] = [];
  for (const feature of index.getClusters([...bbox], zoom)) {
    const [lng, lat] = feature.geometry.coordinates as [number, number];
    const props = feature.properties;
    if ("cluster" in props && props.cluster) {
      clusters.push({
        id: props.cluster_id,
        lat,
        lng,
        count: props.point_count,
        expansionZoom: Math.min(zoom + 2, 18),
        byStatus: props.byStatus,
        byKind: props.byKind,
      });
    } else {
      single.push(points[(props as { i: number }).i] as Marked);
    }
  }
  return { clusters, points: single };
}
