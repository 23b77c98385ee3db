import {
  listPartnersOf,
  type MapScope,
  type MapSiteDetail,
  type MapSiteMark,
  mapFlowRows,
  mapSiteDetails,
  mapSiteMarks,
  mapSitePositions,
  organisationsWithSites,
  regionPointsUnder,
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
  quarterOf,
  SERVICE_RING_METERS,
  serviceGaps,
  shanghaiDay,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { type Actor, areaWithin } from "../actor";
import { CLUSTER_ABOVE, clustersIn, type MapSiteCluster, type Marked } from "../map/clusters";
import { cachedMarks, clusterIndexAt } from "../map/marks-cache";
import { officialAreaFigures, type ShownArea } from "../official-figures";
import { type WorkshopStatus, workshopStatuses } from "../region-monitoring";
import { roleProcedure } from "../trpc";

/*
 * Who sees what on the map:
 * - factory manager: its own sites and its partner workshops, figures from its own batches only;
 * - official: every site located in its region, village employment and service coverage there;
 * - admin: every site and the coverage of the whole table (no employment figures: not its job);
 * - workshop lead: FORBIDDEN. A lead has one site and already sees its own work on its pages; the
 *   map would only show it other organisations' places, and its pages must stay light on a phone.
 */

function periodOrThisMonth(period: MapPeriod | undefined, now: Date): MapPeriod {
  if (period) return period;
  const today = shanghaiDay(now);
  return { from: monthStart(today), to: monthEnd(today) };
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
  /** The quarterly 就业帮扶车间 status, the same as on the monitoring page; not_monitored for others. */
  status: MapSiteStatus;
  /** Under watch or removed: the day the grace period ends (ended). */
  graceEndsOn: string | null;
  /** The quarter the status is for. */
  statusQuarter: string;
  /** Activity, shown as activity: open batches and those of them past their due date. */
  openBatches: number;
  overdueBatches: number;
  unitsInTransit: number;
  returnedInPeriod: number;
  workers: number | null;
  lastActivityAt: string | null;
}

function pointOf(mark: Marked, detail: MapSiteDetail | undefined, statusQuarter: string): MapSitePoint {
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
    graceEndsOn: mark.graceEndsOn,
    statusQuarter,
    openBatches: mark.openBatches,
    overdueBatches: mark.overdueBatches,
    unitsInTransit: detail?.unitsInTransit ?? 0,
    returnedInPeriod: detail?.returnedInPeriod ?? 0,
    workers: detail?.workers ?? null,
    lastActivityAt: (detail?.lastActivityAt ?? mark.lastActivityAt)?.toISOString() ?? null,
  };
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

/** The regions whose rules judge the workshops a caller's map shows: an official's own, else each county. */
async function monitoredRegions(ctx: Parameters<typeof countiesOf>[0]): Promise<string[]> {
  return ctx.actor.role === "official" ? [ctx.actor.regionCode] : countiesOf(ctx);
}

function statusOf(
  mark: MapSiteMark,
  statuses: ReadonlyMap<string, WorkshopStatus>,
): { status: MapSiteStatus; graceEndsOn: string | null } {
  const found = mark.kind === "workshop" ? statuses.get(mark.organisationId) : undefined;
  return found
    ? { status: found.status, graceEndsOn: found.graceEndsOn }
    : { status: "not_monitored", graceEndsOn: null };
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
      const today = shanghaiDay(now);
      // The status is the monitoring page's for the quarter the period ends in.
      const quarter = quarterOf(period.to);
      const scope = scopeOf(ctx.actor);
      const key = JSON.stringify([
        scope,
        input.kinds ?? null,
        input.townshipCode ?? null,
        input.status ?? null,
        today,
        quarter,
      ]);
      // Marks for the whole scope, not just this viewport: the next pan reuses them and clusters stay put.
      const cached = await cachedMarks(ctx.db, key, async () => {
        const marks = await mapSiteMarks(ctx.db, scope, {
          kinds: input.kinds,
          townshipCode: input.townshipCode,
          today,
          activitySince: new Date(now.getTime() - IDLE_AFTER_DAYS * 86_400_000),
        });
        const statuses = await workshopStatuses(ctx.db, await monitoredRegions(ctx), quarter, today);
        const marked = marks.map((m) => ({ ...m, ...statusOf(m, statuses) }));
        const wanted = new Set(input.status?.length ? input.status : MAP_SITE_STATUSES);
        return marked.filter((m) => wanted.has(m.status));
      });
      const inView = cached.marks.filter((m) => inBBox(m, input.bbox));
      const total = inView.length;
      const clustered = total > CLUSTER_ABOVE;
      let clusters: MapSiteCluster[] = [];
      let single = inView;
      if (clustered) {
        const index = clusterIndexAt(cached, input.zoom);
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
        .map((m) => pointOf(m, details.get(m.id), quarter))
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

  /**
   * Per village: people working and the share from 脱贫 households; township totals for zoomed-out
   * views. Figures are the protected ones of the overview (small counts hidden and complemented),
   * over whole months: a range of days would let two overlapping ranges be subtracted.
   */
  villages: roleProcedure("official")
    .input(mapVillagesInput)
    .query(async ({ ctx, input }) => {
      const now = new Date();
      const asked = periodOrThisMonth(input.period, now);
      const period = { from: monthStart(asked.from), to: monthEnd(asked.to) };
      const regionCode = areaWithin(ctx.actor.regionCode, input.townshipCode, "township");
      const [figures, places] = await Promise.all([
        officialAreaFigures(ctx.db, ctx.actor.regionCode, period.from, period.to),
        regionPointsUnder(ctx.db, regionCode),
      ]);
      const placeOf = new Map(places.map((p) => [p.code, p]));
      const share = (f: ShownArea) =>
        f.people !== null && f.poorPeople !== null && f.people > 0 ? f.poorPeople / f.people : null;
      const villages = figures.flatMap((f) => {
        const village = f.level === "village" ? placeOf.get(f.code) : undefined;
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
            suppressed: f.suppressed,
            people: f.people,
            poorPeople: f.poorPeople,
            monitoredPeople: f.monitoredPeople,
            poorShare: share(f),
            daysWorked: f.daysWorked,
            earningsFen: f.earningsFen,
          },
        ];
      });
      const townships = places
        .filter((p) => p.level === "township" && p.lat !== null && p.lng !== null)
        .map((t) => {
          const f = figures.find((a) => a.code === t.code && (a.level === "township" || a.level === "region"));
          return {
            code: t.code,
            name: t.name,
            lat: t.lat as number,
            lng: t.lng as number,
            pointApproximate: t.pointApproximate,
            villages: villages.filter((v) => v.townshipCode === t.code).length,
            suppressed: f?.suppressed ?? false,
            people: f ? f.people : 0,
            poorPeople: f ? f.poorPeople : 0,
            poorShare: f ? share(f) : 0,
            earningsFen: f ? f.earningsFen : 0,
          };
        });
      return { period, regionCode, villages, townships };
    }),

  /** The 15-km service area around every workshop and 就业之家, and the villages and townships outside it. */
  coverage: roleProcedure("official", "admin")
    .input(mapCoverageInput)
    .query(async ({ ctx, input }) => {
      const scope = scopeOf(ctx.actor);
      const regionCode = ctx.actor.role === "official" ? ctx.actor.regionCode : null;
      const under = regionCode ? areaWithin(regionCode, input.townshipCode, "township") : input.townshipCode;
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
      // Townships whose own point (the seat) is outside every ring: gaps at a larger scale.
      const townshipPoints = places
        .filter((p) => p.level === "township" && p.lat !== null && p.lng !== null)
        .map((p) => ({ ...p, lat: p.lat as number, lng: p.lng as number }));
      const townshipGaps = serviceGaps(townshipPoints, rings, SERVICE_RING_METERS).map(({ village, nearest }) => ({
        code: village.code,
        name: village.name,
        lat: village.lat,
        lng: village.lng,
        nearestSiteName: nearest?.site.name ?? null,
        nearestMeters: nearest ? Math.round(nearest.meters) : null,
      }));
      // Turf's geometry is loaded on the first coverage request, not by every server at start.
      const { serviceArea } = await import("../map/service-area");
      return {
        radiusMeters: SERVICE_RING_METERS,
        rings,
        /** The union of the rings: one service area, [lng, lat] MultiPolygon coordinates (WGS-84). */
        area: serviceArea(rings, SERVICE_RING_METERS),
        gaps,
        townshipGaps,
        villagesTotal: villages.length,
        villagesCovered: villages.length - gaps.length,
      };
    }),
} satisfies TRPCRouterRecord;
