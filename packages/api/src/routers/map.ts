import {
  listPartnersOf,
  type MapScope,
  type MapSiteDetail,
  type MapSiteMark,
  mapDataVersion,
  mapFlowRows,
  mapSiteDetails,
  mapSiteMarks,
  mapSitePositions,
  organisationsWithSites,
  regionPointsUnder,
  villageEmployment,
} from "@kitflow/db";
import {
  IDLE_AFTER_DAYS,
  inBBox,
  MAP_SITE_STATUSES,
  type MapPeriod,
  type MapSiteStatus,
  mapCoverageInput,
  mapFlowsInput,
  mapSitesInput,
  mapVillagesInput,
  monthEnd,
  monthStart,
  SERVICE_RING_METERS,
  serviceGaps,
  siteStatus,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import Supercluster from "supercluster";
import type { Actor } from "../actor";
import { notFound } from "../errors";
import { roleProcedure } from "../trpc";

/*
 * Who sees what on the map:
 * - factory manager: its own sites and its partner workshops, figures from its own batches only;
 * - official: every site located in its region, village employment and service coverage there;
 * - admin: every site and the coverage of the whole table (no employment figures: not its job);
 * - workshop lead: FORBIDDEN. A lead has one site and already sees its own work on its pages; the
 *   map would only show it other organisations' places, and its pages must stay light on a phone.
 */

/** Below this many sites in a viewport every site is sent as itself; above it they are clustered. */
export const CLUSTER_ABOVE = 200;
/** Cluster radius in screen pixels at the requested zoom. */
const CLUSTER_RADIUS_PX = 60;

/** Today in Asia/Shanghai (no daylight saving), as YYYY-MM-DD. */
function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function periodOrThisMonth(period: MapPeriod | undefined, now: Date): MapPeriod {
  if (period) return period;
  const today = shanghaiToday(now);
  return { from: monthStart(today), to: monthEnd(today) };
}

/** A township filter must lie inside the caller's region; one outside it answers like a missing one. */
function withinRegion(townshipCode: string | undefined, regionCode: string): string | undefined {
  if (townshipCode === undefined) return undefined;
  if (!townshipCode.startsWith(regionCode)) throw notFound("township");
  return townshipCode;
}

function scopeOf(actor: Actor): MapScope {
  switch (actor.role) {
    case "factory_manager":
      return { factoryId: actor.organisationId };
    case "official":
      return { regionCode: actor.regionCode };
    default:
      return { all: true };
  }
}

export interface MapSitePoint {
  id: string;
  organisationId: string;
  organisationName: string;
  kind: MapSiteMark["kind"];
  name: string;
  address: string | null;
  regionCode: string | null;
  lat: number;
  lng: number;
  status: MapSiteStatus;
  openBatches: number;
  overdueBatches: number;
  unitsInTransit: number;
  returnedInPeriod: number;
  workers: number | null;
  lastActivityAt: string | null;
}

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

type Marked = MapSiteMark & { status: MapSiteStatus };

function pointOf(mark: Marked, detail: MapSiteDetail | undefined): MapSitePoint {
  return {
    id: mark.id,
    organisationId: mark.organisationId,
    organisationName: detail?.organisationName ?? "",
    kind: mark.kind,
    name: detail?.name ?? "",
    address: detail?.address ?? null,
    regionCode: detail?.regionCode ?? null,
    lat: mark.lat,
    lng: mark.lng,
    status: mark.status,
    openBatches: mark.openBatches,
    overdueBatches: mark.overdueBatches,
    unitsInTransit: detail?.unitsInTransit ?? 0,
    returnedInPeriod: detail?.returnedInPeriod ?? 0,
    workers: detail?.workers ?? null,
    lastActivityAt: (detail?.lastActivityAt ?? mark.lastActivityAt)?.toISOString() ?? null,
  };
}

interface ClusterProps {
  byStatus: Record<MapSiteStatus, number>;
  byKind: Record<MapSiteMark["kind"], number>;
}

const emptyCounts = (): ClusterProps => ({
  byStatus: { active: 0, idle: 0, under_watch: 0 },
  byKind: { factory: 0, workshop: 0, service_point: 0 },
});

/**
 * Clusters one zoom level only (minZoom = maxZoom = zoom): building the index for the requested
 * level is what keeps a 20,000-site county inside the per-viewport time budget.
 */
function buildClusterIndex(points: readonly Marked[], zoom: number) {
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

function clustersIn(
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

/**
 * A county's marks (20,000 sites) take far longer to read than a viewport may cost, and panning asks
 * for many viewports in a row. So the marks of a scope and filter, with their cluster index per zoom,
 * are kept per database while mapDataVersion is unchanged and for at most MARKS_TTL_MS.
 */
const MARKS_TTL_MS = 10_000;
const MARKS_ENTRIES = 32;

interface CachedMarks {
  version: string;
  loadedAt: number;
  marks: Marked[];
  indexes: Map<number, Supercluster<{ i: number }, ClusterProps>>;
}

const marksCache = new WeakMap<object, Map<string, CachedMarks>>();

async function cachedMarks(
  db: Parameters<typeof mapSiteMarks>[0],
  key: string,
  load: () => Promise<Marked[]>,
): Promise<CachedMarks> {
  const [version, now] = [await mapDataVersion(db), Date.now()];
  let perDb = marksCache.get(db);
  if (!perDb) {
    perDb = new Map();
    marksCache.set(db, perDb);
  }
  const hit = perDb.get(key);
  if (hit && hit.version === version && now - hit.loadedAt < MARKS_TTL_MS) return hit;
  const entry: CachedMarks = { version, loadedAt: now, marks: await load(), indexes: new Map() };
  perDb.delete(key);
  perDb.set(key, entry);
  // Oldest first in insertion order: drop it once the map holds too many scopes.
  if (perDb.size > MARKS_ENTRIES) perDb.delete(perDb.keys().next().value as string);
  return entry;
}

/** The counties a caller's map covers: an official's own, a factory's and its partners', or all for an admin. */
async function countiesOf(ctx: { db: Parameters<typeof regionPointsUnder>[0]; actor: Actor }): Promise<string[]> {
  const { actor } = ctx;
  if (actor.role === "official") return [actor.regionCode.slice(0, 6)];
  if (actor.role === "factory_manager") {
    const own = await organisationsWithSites(ctx.db, [actor.organisationId]);
    const partners = await listPartnersOf(ctx.db, actor.organisationId);
    const codes = [...own, ...partners].flatMap((o) => o.sites.map((s) => s.regionCode?.slice(0, 6)));
    return [...new Set(codes.filter((c): c is string => Boolean(c)))].sort();
  }
  const townships = (await regionPointsUnder(ctx.db, null)).filter((p) => p.level === "township");
  return [...new Set(townships.map((t) => t.code.slice(0, 6)))].sort();
}

export const mapRouter = {
  /** The offline base map's content: which county boundaries to draw and the township labels. */
  places: roleProcedure("factory_manager", "official", "admin").query(async ({ ctx }) => {
    const counties = await countiesOf(ctx);
    const perCounty = await Promise.all(counties.map((code) => regionPointsUnder(ctx.db, code)));
    const townships = perCounty
      .flat()
      .filter((p) => p.level === "township" && p.lat !== null && p.lng !== null)
      .map((p) => ({
        code: p.code,
        name: p.name,
        lat: p.lat as number,
        lng: p.lng as number,
        pointApproximate: p.pointApproximate,
      }));
    return { counties, townships };
  }),

  /** Sites in the viewport with kind, status and figures; clustered server-side when there are many. */
  sites: roleProcedure("factory_manager", "official", "admin")
    .input(mapSitesInput)
    .query(async ({ ctx, input }) => {
      const now = new Date();
      const period = periodOrThisMonth(input.period, now);
      const today = shanghaiToday(now);
      const scope = scopeOf(ctx.actor);
      const key = JSON.stringify([scope, input.kinds ?? null, input.townshipCode ?? null, input.status ?? null, today]);
      // Marks for the whole scope, not just this viewport: the next pan reuses them and clusters stay put.
      const cached = await cachedMarks(ctx.db, key, async () => {
        const marks = await mapSiteMarks(ctx.db, scope, {
          kinds: input.kinds,
          townshipCode: input.townshipCode,
          today,
          activitySince: new Date(now.getTime() - IDLE_AFTER_DAYS * 86_400_000),
        });
        const marked = marks.map((m) => ({ ...m, status: siteStatus(m, now) }));
        const wanted = new Set(input.status?.length ? input.status : MAP_SITE_STATUSES);
        return marked.filter((m) => wanted.has(m.status));
      });
      const inView = cached.marks.filter((m) => inBBox(m, input.bbox));
      const total = inView.length;
      const clustered = total > CLUSTER_ABOVE;
      let clusters: MapSiteCluster[] = [];
      let single = inView;
      if (clustered) {
        let index = cached.indexes.get(input.zoom);
        if (!index) {
          index = buildClusterIndex(cached.marks, input.zoom);
          cached.indexes.set(input.zoom, index);
        }
        ({ clusters, points: single } = clustersIn(index, cached.marks, input.bbox, input.zoom));
      }
      // Names and figures only for the sites drawn one by one.
      const details = await mapSiteDetails(
        ctx.db,
        scope,
        single.map((m) => m.id),
        { period, today },
      );
      const points = single
        .map((m) => pointOf(m, details.get(m.id)))
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, "zh-CN"));
      return { period, total, clustered, clusters, points };
    }),

  /** Factory → partner workshop lines, weighted by what is on the road and what came back in the period. */
  flows: roleProcedure("factory_manager")
    .input(mapFlowsInput)
    .query(async ({ ctx, input }) => {
      const now = new Date();
      const period = periodOrThisMonth(input.period, now);
      const factoryId = ctx.actor.organisationId;
      const rows = await mapFlowRows(ctx.db, factoryId, period);
      const orgs = await organisationsWithSites(ctx.db, [factoryId, ...rows.map((r) => r.workshopId)]);
      const sitesOf = new Map(orgs.map((o) => [o.id, o.sites]));
      const origin = [...(sitesOf.get(factoryId) ?? [])].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"))[0];
      const flows = rows.flatMap((r) =>
        (sitesOf.get(r.workshopId) ?? []).map((site) => ({
          ...r,
          siteId: site.id,
          siteName: site.name,
          lat: site.lat,
          lng: site.lng,
          /** Pieces on the road plus pieces back this period: what the line's width shows. */
          weight: r.componentsInTransit + r.finishedInTransit + r.returnedInPeriod,
        })),
      );
      return {
        period,
        factory: origin ? { siteId: origin.id, name: origin.name, lat: origin.lat, lng: origin.lng } : null,
        flows,
      };
    }),

  /** Per village: people working and the share from 脱贫 households; township totals for zoomed-out views. */
  villages: roleProcedure("official")
    .input(mapVillagesInput)
    .query(async ({ ctx, input }) => {
      const now = new Date();
      const period = periodOrThisMonth(input.period, now);
      const regionCode = withinRegion(input.townshipCode, ctx.actor.regionCode) ?? ctx.actor.regionCode;
      const [figures, places] = await Promise.all([
        villageEmployment(ctx.db, { regionCode, from: period.from, to: period.to }),
        regionPointsUnder(ctx.db, regionCode),
      ]);
      const placeOf = new Map(places.map((p) => [p.code, p]));
      const villages = figures.flatMap((f) => {
        const village = placeOf.get(f.villageCode);
        if (!village || village.lat === null || village.lng === null) return [];
        const township = village.parentCode ? placeOf.get(village.parentCode) : undefined;
        return [
          {
            code: village.code,
            name: village.name,
            townshipCode: village.parentCode,
            townshipName: township?.name ?? null,
            lat: village.lat,
            lng: village.lng,
            pointApproximate: village.pointApproximate,
            people: f.people,
            poorPeople: f.poorPeople,
            monitoredPeople: f.monitoredPeople,
            poorShare: f.people > 0 ? f.poorPeople / f.people : 0,
            daysWorked: f.daysWorked,
            earningsFen: f.earningsFen,
          },
        ];
      });
      const townships = places
        .filter((p) => p.level === "township" && p.lat !== null && p.lng !== null)
        .map((t) => {
          const inside = villages.filter((v) => v.townshipCode === t.code);
          const people = inside.reduce((n, v) => n + v.people, 0);
          const poorPeople = inside.reduce((n, v) => n + v.poorPeople, 0);
          return {
            code: t.code,
            name: t.name,
            lat: t.lat as number,
            lng: t.lng as number,
            pointApproximate: t.pointApproximate,
            villages: inside.length,
            people,
            poorPeople,
            poorShare: people > 0 ? poorPeople / people : 0,
            earningsFen: inside.reduce((n, v) => n + v.earningsFen, 0),
          };
        });
      return { period, regionCode, villages, townships };
    }),

  /** 15-km rings around every workshop and 就业之家, and the villages outside all of them. */
  coverage: roleProcedure("official", "admin")
    .input(mapCoverageInput)
    .query(async ({ ctx, input }) => {
      const scope = scopeOf(ctx.actor);
      const regionCode = ctx.actor.role === "official" ? ctx.actor.regionCode : null;
      const under = regionCode ? withinRegion(input.townshipCode, regionCode) : input.townshipCode;
      const [siteRows, places] = await Promise.all([
        mapSitePositions(ctx.db, scope, { kinds: input.kinds ?? ["workshop", "service_point"] }),
        regionPointsUnder(ctx.db, under ?? regionCode),
      ]);
      const names = new Map(places.filter((p) => p.level === "township").map((p) => [p.code, p.name]));
      const rings = siteRows.map((s) => ({ siteId: s.id, name: s.name, kind: s.kind, lat: s.lat, lng: s.lng }));
      const villages = places
        .filter((p) => p.level === "village" && p.lat !== null && p.lng !== null)
        .map((p) => ({ ...p, lat: p.lat as number, lng: p.lng as number }));
      const gaps = serviceGaps(villages, rings, SERVICE_RING_METERS).map(({ village, nearest }) => ({
        code: village.code,
        name: village.name,
        townshipCode: village.parentCode,
        townshipName: village.parentCode ? (names.get(village.parentCode) ?? null) : null,
        lat: village.lat,
        lng: village.lng,
        pointApproximate: village.pointApproximate,
        nearestSiteId: nearest?.site.siteId ?? null,
        nearestSiteName: nearest?.site.name ?? null,
        nearestMeters: nearest ? Math.round(nearest.meters) : null,
      }));
      return {
        radiusMeters: SERVICE_RING_METERS,
        rings,
        gaps,
        villagesTotal: villages.length,
        villagesCovered: villages.length - gaps.length,
      };
    }),
} satisfies TRPCRouterRecord;
