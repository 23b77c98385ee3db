import { daysRange } from "@kitflow/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { rowsOf } from "./rows";

/**
 * Whose sites and figures a map may show: a factory its own sites and its partner workshops (figures
 * from its own batches only), an authority everything located in its region, an admin everything.
 */
export type MapScope = { factoryId: string } | { regionCode: string } | { all: true };

export type MapSiteKindRow = "factory" | "workshop" | "service_point";

export interface MapSiteQuery {
  /** [west, south, east, north], WGS-84. */
  bbox?: readonly [number, number, number, number];
  kinds?: readonly MapSiteKindRow[];
  townshipCode?: string;
  /** Today in Asia/Shanghai: a batch due before it and still out is overdue. */
  today: string;
  /** Batches updated before this instant count only if still open (older activity cannot change a status). */
  activitySince: Date;
}

/** What placing, colouring and clustering a site needs, and nothing more: 20,000 of these must stay cheap. */
export interface MapSiteMark {
  id: string;
  organisationId: string;
  kind: MapSiteKindRow;
  lat: number;
  lng: number;
  openBatches: number;
  overdueBatches: number;
  /** Latest batch change since `activitySince`, or null. */
  lastActivityAt: Date | null;
}

const OPEN = sql`('draft', 'dispatched', 'in_production', 'partially_returned', 'returned')`;
/** Statuses in which the workshop still owes finished units, so a passed due date means late. */
const OWING = sql`('dispatched', 'in_production', 'partially_returned')`;

/** Escapes LIKE wildcards so a region code can only ever match as a prefix. */
function prefixPattern(code: string): string {
  return `${code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function siteScope(scope: MapScope): SQL {
  if ("factoryId" in scope) {
    return sql`(s.organisation_id = ${scope.factoryId} or s.organisation_id in
      (select p.workshop_id from partnerships p where p.factory_id = ${scope.factoryId}))`;
  }
  if ("regionCode" in scope) return sql`s.region_code like ${prefixPattern(scope.regionCode)}`;
  return sql`true`;
}

/** A factory aggregates only its own batches, never another factory's work at a shared workshop. */
function batchScope(scope: MapScope): SQL {
  return "factoryId" in scope ? sql`and b.factory_id = ${scope.factoryId}` : sql``;
}

function siteFilters(scope: MapScope, query: Pick<MapSiteQuery, "bbox" | "kinds" | "townshipCode">): SQL {
  const filters: SQL[] = [siteScope(scope)];
  if (query.bbox) {
    const [west, south, east, north] = query.bbox;
    filters.push(sql`s.lng between ${west} and ${east} and s.lat between ${south} and ${north}`);
  }
  if (query.kinds && query.kinds.length > 0) {
    filters.push(
      sql`s.kind in (${sql.join(
        query.kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
  }
  if (query.townshipCode) filters.push(sql`s.region_code like ${prefixPattern(query.townshipCode)}`);
  return sql.join(filters, sql` and `);
}

const fromEpoch = (value: unknown) => (value === null || value === undefined ? null : new Date(Number(value) * 1000));

/**
 * Sites in scope and viewport with what their status needs (open and overdue batches, recent
 * change), aggregated per organisation on the side the site stands for: a workshop's batches for a
 * workshop site, a factory's for a factory site.
 */
export async function mapSiteMarks(db: Executor, scope: MapScope, query: MapSiteQuery): Promise<MapSiteMark[]> {
  const result = await db.execute(sql`
    with scoped_sites as (
      select s.id, s.organisation_id, s.kind, s.lat, s.lng from sites s where ${siteFilters(scope, query)}
    ),
    recent as materialized (
      select b.workshop_id, b.factory_id, b.status, b.due_date, b.updated_at from batches b
      where (b.status in ${OPEN} or b.updated_at >= ${query.activitySince.toISOString()}::timestamptz)
        ${batchScope(scope)}
        and (b.workshop_id in (select organisation_id from scoped_sites where kind = 'workshop')
          or b.factory_id in (select organisation_id from scoped_sites where kind = 'factory'))
    ),
    by_workshop as (
      select workshop_id as org, count(*) filter (where status in ${OPEN}) as open,
        count(*) filter (where status in ${OWING} and due_date < ${query.today}::date) as overdue,
        max(updated_at) as last
      from recent group by workshop_id
    ),
    by_factory as (
      select factory_id as org, count(*) filter (where status in ${OPEN}) as open, 0 as overdue,
        max(updated_at) as last
      from recent group by factory_id
    )
    select ss.id, ss.organisation_id, ss.kind, ss.lat, ss.lng,
      coalesce(w.open, f.open, 0)::int as open, coalesce(w.overdue, f.overdue, 0)::int as overdue,
      extract(epoch from coalesce(w.last, f.last))::float8 as last
    from scoped_sites ss
      left join by_workshop w on ss.kind = 'workshop' and w.org = ss.organisation_id
      left join by_factory f on ss.kind = 'factory' and f.org = ss.organisation_id
  `);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: String(r.id),
    organisationId: String(r.organisation_id),
    kind: r.kind as MapSiteKindRow,
    lat: Number(r.lat),
    lng: Number(r.lng),
    openBatches: Number(r.open),
    overdueBatches: Number(r.overdue),
    lastActivityAt: fromEpoch(r.last),
  }));
}

export interface MapSiteDetail {
  id: string;
  organisationName: string;
  name: string;
  address: string | null;
  regionCode: string | null;
  /** Component units on the road for this site's open batches (ledger balance of in_transit). */
  unitsInTransit: number;
  /** Finished units (good + defective) returned in the period. */
  returnedInPeriod: number;
  /** Latest batch change or shipment, however long ago. */
  lastActivityAt: Date | null;
  /** Workshops only: people on the roster today. */
  workers: number | null;
}

/**
 * The popup and table figures of the sites a map actually shows one by one (never thousands:
 * clustered sites need none of this), from the ledger, shipments and the roster.
 */
export async function mapSiteDetails(
  db: Executor,
  scope: MapScope,
  siteIds: readonly string[],
  query: { period: { from: string; to: string }; today: string },
): Promise<Map<string, MapSiteDetail>> {
  if (siteIds.length === 0) return new Map();
  const range = daysRange(query.period.from, query.period.to);
  const periodFrom = range.from.toISOString();
  const periodTo = range.to.toISOString();
  const ids = sql.join(
    siteIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with ss as (
      -- The organisation's name by its key, row by row: a join let the planner hash all 20,000 organisations
      -- of a county to name the 200 sites a viewport shows one by one.
      select s.id, s.organisation_id, s.kind, s.name, s.address, s.region_code,
        (select o.short_name from organisations o where o.id = s.organisation_id) as short_name
      from sites s
      where s.id in (${ids})
    ),
    sb as (
      select 'workshop' as side, b.workshop_id as org, b.id, b.status, b.updated_at from batches b
      where b.workshop_id in (select organisation_id from ss where kind = 'workshop') ${batchScope(scope)}
      union all
      select 'factory', b.factory_id, b.id, b.status, b.updated_at from batches b
      where b.factory_id in (select organisation_id from ss where kind = 'factory') ${batchScope(scope)}
    ),
    per_batch as (
      select sb.side, sb.org,
        case when sb.status in ${OPEN} then
          (select coalesce(sum(case when l.to_location = 'in_transit' then l.qty else -l.qty end), 0)
           from ledger_entries l
           where l.batch_id = sb.id and (l.to_location = 'in_transit' or l.from_location = 'in_transit'))
        else 0 end as in_transit,
        (select coalesce(sum(sh.good_qty + sh.defective_qty), 0) from shipments sh
         where sh.batch_id = sb.id and sh.kind = 'return'
           and sh.created_at >= ${periodFrom}::timestamptz and sh.created_at < ${periodTo}::timestamptz) as returned,
        (select max(greatest(sh.created_at, sh.received_at)) from shipments sh where sh.batch_id = sb.id) as shipped
      from sb
      -- A closed batch can only have returned in the period if it changed since the period began.
      where sb.status in ${OPEN} or sb.updated_at >= ${periodFrom}::timestamptz
    ),
    per_org as (
      select side, org, sum(in_transit) as in_transit, sum(returned) as returned, max(shipped) as shipped
      from per_batch group by side, org
    ),
    last_change as (select side, org, max(updated_at) as changed from sb group by side, org)
    select ss.id, ss.short_name, ss.name, ss.address, ss.region_code,
      coalesce(po.in_transit, 0)::int as in_transit, coalesce(po.returned, 0)::int as returned,
      extract(epoch from greatest(lc.changed, po.shipped))::float8 as last,
      case when ss.kind = 'workshop' then
        (select count(*) from workers w where w.workshop_id = ss.organisation_id
          and w.joined_on <= ${query.today}::date and (w.left_on is null or w.left_on >= ${query.today}::date))
      end as workers
    from ss
      left join per_org po on po.side = ss.kind::text and po.org = ss.organisation_id
      left join last_change lc on lc.side = ss.kind::text and lc.org = ss.organisation_id
  `);
  const details = new Map<string, MapSiteDetail>();
  for (const r of rowsOf<Record<string, unknown>>(result)) {
    details.set(String(r.id), {
      id: String(r.id),
      organisationName: String(r.short_name),
      name: String(r.name),
      address: r.address === null ? null : String(r.address),
      regionCode: r.region_code === null ? null : String(r.region_code),
      unitsInTransit: Number(r.in_transit),
      returnedInPeriod: Number(r.returned),
      lastActivityAt: fromEpoch(r.last),
      workers: r.workers === null || r.workers === undefined ? null : Number(r.workers),
    });
  }
  return details;
}

/** Sites to draw service rings around: positions and names only. */
export async function mapSitePositions(
  db: Executor,
  scope: MapScope,
  query: Pick<MapSiteQuery, "kinds" | "townshipCode">,
): Promise<{ id: string; name: string; kind: MapSiteKindRow; lat: number; lng: number }[]> {
  const result = await db.execute(sql`
    select s.id, s.name, s.kind, s.lat, s.lng from sites s where ${siteFilters(scope, query)} order by s.name, s.id
  `);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: String(r.id),
    name: String(r.name),
    kind: r.kind as MapSiteKindRow,
    lat: Number(r.lat),
    lng: Number(r.lng),
  }));
}

export interface MapFlowRow {
  workshopId: string;
  workshopName: string;
  /** Component units dispatched and not yet counted in, plus unused components on their way back. */
  componentsInTransit: number;
  /** Finished units on returns the factory has not inspected yet. */
  finishedInTransit: number;
  /** Finished units (good + defective) returned in the period. */
  returnedInPeriod: number;
  openBatches: number;
}

/** What moves between a factory and each partner workshop, from its own batches and the ledger. */
export async function mapFlowRows(
  db: Executor,
  factoryId: string,
  period: { from: string; to: string },
): Promise<MapFlowRow[]> {
  const range = daysRange(period.from, period.to);
  const periodFrom = range.from.toISOString();
  const periodTo = range.to.toISOString();
  const result = await db.execute(sql`
    with partner as (
      select o.id, o.short_name from partnerships p join organisations o on o.id = p.workshop_id
      where p.factory_id = ${factoryId}
    ),
    fb as (
      select b.id, b.workshop_id, b.status from batches b
      where b.factory_id = ${factoryId} and b.workshop_id in (select id from partner)
    ),
    transit as (
      select fb.workshop_id,
        sum(case when l.to_location = 'in_transit' then l.qty else -l.qty end) as qty
      from fb join ledger_entries l on l.batch_id = fb.id
      where fb.status in ${OPEN} and (l.to_location = 'in_transit' or l.from_location = 'in_transit')
      group by fb.workshop_id
    ),
    returns as (
      select fb.workshop_id,
        sum(sh.good_qty + sh.defective_qty) filter (where sh.status = 'in_transit') as finished_in_transit,
        sum(sh.good_qty + sh.defective_qty) filter (
          where sh.created_at >= ${periodFrom}::timestamptz and sh.created_at < ${periodTo}::timestamptz)
          as returned
      from fb join shipments sh on sh.batch_id = fb.id and sh.kind = 'return'
      group by fb.workshop_id
    ),
    open_batches as (
      select workshop_id, count(*)::int as n from fb where status in ${OPEN} group by workshop_id
    )
    select partner.id, partner.short_name,
      coalesce(t.qty, 0)::int as components_in_transit,
      coalesce(r.finished_in_transit, 0)::int as finished_in_transit,
      coalesce(r.returned, 0)::int as returned_in_period,
      coalesce(ob.n, 0)::int as open_batches
    from partner
      left join transit t on t.workshop_id = partner.id
      left join returns r on r.workshop_id = partner.id
      left join open_batches ob on ob.workshop_id = partner.id
    order by partner.short_name
  `);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    workshopId: String(r.id),
    workshopName: String(r.short_name),
    componentsInTransit: Number(r.components_in_transit),
    finishedInTransit: Number(r.finished_in_transit),
    returnedInPeriod: Number(r.returned_in_period),
    openBatches: Number(r.open_batches),
  }));
}

export interface RegionPoint {
  code: string;
  name: string;
  level: "county" | "township" | "village";
  parentCode: string | null;
  lat: number | null;
  lng: number | null;
  pointApproximate: boolean;
}

/** Townships and villages under a region code (a county or a township), or every one for null. */
export async function regionPointsUnder(db: Executor, regionCode: string | null): Promise<RegionPoint[]> {
  const under = regionCode ? sql`and r.code like ${prefixPattern(regionCode)} and r.code <> ${regionCode}` : sql``;
  const result = await db.execute(sql`
    select r.code, r.name, r.level, r.parent_code, r.lat, r.lng, r.point_approximate
    from regions r
    where r.level in ('township', 'village') ${under}
    order by r.code
  `);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    code: String(r.code),
    name: String(r.name),
    level: r.level as RegionPoint["level"],
    parentCode: r.parent_code === null ? null : String(r.parent_code),
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    pointApproximate: Boolean(r.point_approximate),
  }));
}

/**
 * Changes whenever a movement is booked, a batch is numbered, or a site or partnership is added:
 * cheap enough (an index lookup, a sequence and two small counts) to ask on every viewport, so
 * cached map marks are reused only while they are still true. Status-only changes (a cancel, a
 * close without write-offs) are not seen here; the cache's short lifetime covers them.
 */
export async function mapDataVersion(db: Executor): Promise<string> {
  const result = await db.execute(sql`
    select (select coalesce(max(id), 0) from ledger_entries) as l,
      (select last_value from batch_number_seq) as b,
      (select count(*) from sites) as s,
      (select count(*) from partnerships) as p,
      (select coalesce(max(id), 0) from monitoring_rule_versions) as r
  `);
  const [row] = rowsOf<Record<string, unknown>>(result);
  // A new rules version changes workshop statuses: the map must not keep colours from the old rules.
  return `${row?.l}:${row?.b}:${row?.s}:${row?.p}:${row?.r}`;
}
