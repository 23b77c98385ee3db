/**
 * Map data per viewport at county scale: 20,000 sites (factories, workshops, 就业之家) and 300
 * villages in a generated county, with batches, shipments and a ledger behind them. Times the
 * map.sites procedure (SQL, status, server-side clustering) as the router runs it, and the JSON
 * bytes each viewport sends. Targets (issue 6): < 30 ms and < 300 KB per viewport. Printed only.
 */
import { gzipSync } from "node:zlib";
import { type Database, mapSiteMarks, openDatabase } from "@kitflow/db";
import { sql } from "drizzle-orm";
import { benchCallerFactory } from "../caller";
import type { BenchContext } from "../context";

const COUNTY = "369901";
const TOWNSHIPS = 20;
const VILLAGES_PER_TOWNSHIP = 15;
const FACTORIES = 20;
const SERVICE_POINTS = TOWNSHIPS * VILLAGES_PER_TOWNSHIP;
const WORKSHOPS = 20_000 - FACTORIES - SERVICE_POINTS;
const BATCHES_PER_WORKSHOP = 2;
const CENTRE = { lat: 26, lng: 116 };

/** Everything is generated in SQL (set-based), so the county exists in seconds, reproducibly. */
async function generateCounty(db: Database): Promise<{ factoryId: string; authorityId: string; userId: string }> {
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, lat, lng, point_approximate, point_source)
    values (${COUNTY}, '基准县', 'county', '3699', ${CENTRE.lat}, ${CENTRE.lng}, true, 'bench')`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, lat, lng, point_approximate, point_source)
    select ${COUNTY} || lpad(i::text, 3, '0'), '基准镇' || i, 'township', ${COUNTY},
      ${CENTRE.lat} + ((i - 1) / 5 - 1.5) * 0.14, ${CENTRE.lng} + ((i - 1) % 5 - 2) * 0.15, true, 'bench'
    from generate_series(1, ${TOWNSHIPS}) i`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, lat, lng, point_approximate, point_source)
    select t.code || lpad(j::text, 3, '0'), t.name || j || '村', 'village', t.code,
      t.lat + 0.035 * cos(j), t.lng + 0.04 * sin(j), true, 'bench'
    from regions t, generate_series(1, ${VILLAGES_PER_TOWNSHIP}) j
    where t.level = 'township' and t.parent_code = ${COUNTY}`);

  await db.execute(sql`insert into organisations (kind, name, short_name, region_code)
    values ('authority', '基准县人社局', '人社局', ${COUNTY})`);
  await db.execute(sql`insert into organisations (kind, name, short_name, region_code)
    select 'factory', '基准工厂' || i, '厂' || i, ${COUNTY} || lpad((1 + i % ${TOWNSHIPS})::text, 3, '0')
    from generate_series(1, ${FACTORIES}) i`);
  await db.execute(sql`insert into organisations (kind, name, short_name, workshop_mode, daily_capacity, region_code)
    select 'workshop', '基准车间' || i, '坊' || i,
      (case when i % 3 = 0 then 'premises' else 'home_based' end)::workshop_mode, 100,
      ${COUNTY} || lpad((1 + i % ${TOWNSHIPS})::text, 3, '0')
    from generate_series(1, ${WORKSHOPS}) i`);
  // Sites scatter around their township centre (sum of uniforms ≈ normal), as villages cluster in valleys.
  await db.execute(sql`insert into sites (organisation_id, kind, name, region_code, lat, lng)
    select o.id, o.kind::text::site_kind, o.name, o.region_code,
      r.lat + (random() + random() + random() - 1.5) * 0.05, r.lng + (random() + random() + random() - 1.5) * 0.06
    from organisations o join regions r on r.code = o.region_code
    where o.kind in ('factory', 'workshop') and o.region_code like ${`${COUNTY}%`}`);
  await db.execute(sql`insert into sites (organisation_id, kind, name, region_code, lat, lng)
    select a.id, 'service_point', r.name || '就业之家', r.code, r.lat, r.lng
    from regions r, (select id from organisations where kind = 'authority' and region_code = ${COUNTY}) a
    where r.level = 'village' and r.code like ${`${COUNTY}%`}`);
  await db.execute(sql`insert into partnerships (factory_id, workshop_id)
    select f.id, w.id
    from (select id, row_number() over (order by id) as rn from organisations where kind = 'workshop') w
    join (select id, row_number() over (order by id) - 1 as k from organisations where kind = 'factory') f
      on w.rn % ${FACTORIES} = f.k`);

  const factoryId = String(
    (await one(db, sql`select id from organisations where kind = 'factory' order by id limit 1`)).id,
  );
  const authorityId = String((await one(db, sql`select id from organisations where kind = 'authority'`)).id);
  const userId = "bench-map-user";
  await db.execute(sql`insert into "user" (id, name, email, role, organisation_id)
    values (${userId}, 'bench', 'bench-map@kitflow.test', 'factory_manager', ${factoryId})`);
  await db.execute(sql`insert into products (factory_id, code, name, piece_rate_fen)
    select id, 'BENCH-1', '基准产品', 50 from organisations where kind = 'factory'`);

  // Batches: most closed long ago, the rest spread over the open states, some overdue.
  await db.execute(sql`insert into batches (number, factory_id, workshop_id, product_id, product_code, product_name,
      piece_rate_fen, reject_deduction_fen, quantity, due_date, allowance_bp, tolerance_bp, status, created_by,
      created_at, updated_at)
    select 'BM' || lpad((row_number() over ())::text, 8, '0'), p.factory_id, p.workshop_id, pr.id, pr.code, pr.name,
      50, 0, 100 + (random() * 900)::int, current_date + (random() * 40 - 20)::int, 200, 100,
      (case when s < 0.6 then 'closed' when s < 0.7 then 'in_production' when s < 0.8 then 'dispatched'
            when s < 0.9 then 'partially_returned' when s < 0.95 then 'returned' else 'draft' end)::batch_status,
      ${userId}, now() - (random() * 300 || ' days')::interval, now() - (random() * 60 || ' days')::interval
    from partnerships p join products pr on pr.factory_id = p.factory_id,
      generate_series(1, ${BATCHES_PER_WORKSHOP}) g, lateral (select random() + 0 * g as s) r
    where g > 0`);
  // Ledger: four components dispatched per non-draft batch; received unless still on the road.
  await db.execute(sql`insert into ledger_entries (batch_id, component_code, kind, from_location, to_location, qty,
      idempotency_key, actor_user_id, created_at)
    select b.id, 'C' || c, 'dispatch', 'factory', 'in_transit', b.quantity * c, 'bench-d-' || b.number, ${userId},
      b.created_at
    from batches b, generate_series(1, 4) c where b.status <> 'draft'`);
  await db.execute(sql`insert into ledger_entries (batch_id, component_code, kind, from_location, to_location, qty,
      idempotency_key, actor_user_id, created_at)
    select b.id, 'C' || c, 'receipt', 'in_transit', 'workshop', b.quantity * c, 'bench-r-' || b.number, ${userId},
      b.created_at + interval '1 day'
    from batches b, generate_series(1, 4) c where b.status not in ('draft', 'dispatched')`);
  await db.execute(sql`insert into shipments (number, batch_id, kind, status, good_qty, defective_qty, created_by,
      created_at)
    select 'BR' || b.number, b.id, 'return',
      (case when b.status = 'partially_returned' then 'in_transit' else 'inspected' end)::shipment_status,
      b.quantity - 2, 2, ${userId}, b.updated_at
    from batches b where b.status in ('partially_returned', 'returned', 'closed')`);
  await db.execute(sql`analyze`);
  return { factoryId, authorityId, userId };
}

async function one(db: Database, query: ReturnType<typeof sql>): Promise<Record<string, unknown>> {
  const result = (await db.execute(query)) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const row = rows[0];
  if (!row) throw new Error("no row");
  return row;
}

interface View {
  label: string;
  bbox: [number, number, number, number];
  zoom: number;
}

/** Viewports a user pans through: the whole county, a township, a village, a street. */
function viewports(): View[] {
  const views: View[] = [];
  for (const zoom of [9, 10, 11]) views.push({ label: `county z${zoom}`, bbox: [115.55, 25.6, 116.45, 26.4], zoom });
  const half = { 12: [0.08, 0.12], 14: [0.02, 0.03], 16: [0.005, 0.008] } as const;
  for (let i = 0; i < TOWNSHIPS; i++) {
    const lat = CENTRE.lat + (Math.floor(i / 5) - 1.5) * 0.14;
    const lng = CENTRE.lng + ((i % 5) - 2) * 0.15;
    for (const zoom of [12, 14, 16] as const) {
      const [dLat, dLng] = half[zoom];
      views.push({ label: `z${zoom}`, bbox: [lng - dLng, lat - dLat, lng + dLng, lat + dLat], zoom });
    }
  }
  return views;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export default async function run(ctx: BenchContext): Promise<void> {
  const database = await ctx.createDatabase();
  const handle = await openDatabase({ kind: "postgres", url: database.url, poolSize: 4 });
  try {
    const started = performance.now();
    const { factoryId, authorityId, userId } = await generateCounty(handle.db);
    const counts = await one(
      handle.db,
      sql`select (select count(*) from sites)::int as sites,
        (select count(*) from regions where level = 'village' and code like ${`${COUNTY}%`})::int as villages,
        (select count(*) from batches)::int as batches, (select count(*) from ledger_entries)::int as ledger,
        (select count(*) from shipments)::int as shipments`,
    );
    ctx.report(
      `generated ${counts.sites} sites, ${counts.villages} villages, ${counts.batches} batches, ` +
        `${counts.ledger} ledger entries, ${counts.shipments} shipments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const callerAs = benchCallerFactory(handle.db);
    const base = { userId, username: "bench", name: "bench" };
    const callers = {
      official: callerAs({ ...base, role: "official", organisationId: authorityId, regionCode: COUNTY }),
      factory: callerAs({ ...base, role: "factory_manager", organisationId: factoryId }),
    };

    const views = viewports();
    for (const [who, caller] of Object.entries(callers)) {
      const byLabel = new Map<string, { ms: number[]; bytes: number[]; gzip: number[]; shown: number[] }>();
      // Two rounds to warm plans and caches, then three measured rounds over every viewport.
      for (let round = 0; round < 5; round++) {
        for (const view of views) {
          const t0 = performance.now();
          const result = await caller.map.sites({ bbox: view.bbox, zoom: view.zoom });
          const json = JSON.stringify({ result: { data: result } });
          const ms = performance.now() - t0;
          if (round < 2) continue;
          const entry = byLabel.get(view.label) ?? { ms: [], bytes: [], gzip: [], shown: [] };
          entry.ms.push(ms);
          entry.bytes.push(Buffer.byteLength(json));
          entry.gzip.push(gzipSync(json).length);
          entry.shown.push(result.total);
          byLabel.set(view.label, entry);
        }
      }
      const all = [...byLabel.values()].flatMap((e) => e.ms).sort((a, b) => a - b);
      for (const [label, e] of byLabel) {
        const ms = [...e.ms].sort((a, b) => a - b);
        ctx.report(
          `${who.padEnd(8)} ${label.padEnd(10)} sites in view ≤${Math.max(...e.shown)}  ` +
            `p50 ${percentile(ms, 50).toFixed(1)} ms  p99 ${percentile(ms, 99).toFixed(1)} ms  ` +
            `JSON max ${(Math.max(...e.bytes) / 1024).toFixed(1)} KB (gzip ${(Math.max(...e.gzip) / 1024).toFixed(1)} KB)`,
        );
      }
      ctx.report(
        `${who.padEnd(8)} all viewports p50 ${percentile(all, 50).toFixed(1)} ms  p99 ${percentile(all, 99).toFixed(1)} ms ` +
          "(target < 30 ms, < 300 KB)",
      );
      ctx.target({
        what: `map per viewport, 20,000 sites, ${who}: p99`,
        figure: `${percentile(all, 99).toFixed(1)} ms`,
        target: "< 30 ms",
        met: percentile(all, 99) < 30,
      });
    }

    // The SQL alone for the whole county, to see how the time splits between database and clustering.
    const sqlTimes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      await mapSiteMarks(
        handle.db,
        { regionCode: COUNTY },
        {
          activitySince: new Date(Date.now() - 30 * 86_400_000),
          today: new Date().toISOString().slice(0, 10),
        },
      );
      if (i >= 2) sqlTimes.push(performance.now() - t0);
    }
    sqlTimes.sort((a, b) => a - b);
    ctx.report(
      `official county marks SQL only (20,000 rows): p50 ${percentile(sqlTimes, 50).toFixed(1)} ms  p99 ${percentile(sqlTimes, 99).toFixed(1)} ms`,
    );
  } finally {
    await handle.close();
    await database.drop();
  }
}
