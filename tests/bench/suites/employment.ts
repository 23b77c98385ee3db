/**
 * Employment figures at county scale (issue 5): 5,000 workers in 300 villages, 40 workshops and
 * 1,000,000 piecework entries over twelve months, generated in SQL. Times the official overview
 * for the county and a quarter — the query function alone and the employment.overview procedure
 * as the router runs it — plus the village figures the map draws and an unaligned day range
 * (partial months read from the entries). Target: < 100 ms server time. Printed, not asserted.
 */
import {
  type Database,
  employmentByArea,
  openDatabase,
  rebuildWorkerMonths,
  rowsOf,
  villageEmployment,
} from "@kitflow/db";
import { sql } from "drizzle-orm";
import { benchCallerFactory } from "../caller";
import type { BenchContext } from "../context";
import { ms, timeIt } from "../repeat";

const COUNTY = "369902";
const TOWNSHIPS = 20;
const VILLAGES_PER_TOWNSHIP = 15;
const WORKSHOPS = 40;
const WORKERS = 5_000;
const ENTRIES = 1_000_000;
const FIRST_DAY = "2025-12-01";
const REPETITIONS = 200;

export async function generateCounty(db: Database): Promise<{ authorityId: string; userId: string }> {
  await db.execute(sql`select setseed(0.5)`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
    values (${COUNTY}, '基准县', 'county', '3699', true, 'bench')`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
    select ${COUNTY} || lpad(i::text, 3, '0'), '基准镇' || i, 'township', ${COUNTY}, true, 'bench'
    from generate_series(1, ${TOWNSHIPS}) i`);
  await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
    select t.code || lpad((200 + j)::text, 3, '0'), t.name || j || '村', 'village', t.code, true, 'bench'
    from regions t, generate_series(1, ${VILLAGES_PER_TOWNSHIP}) j
    where t.level = 'township' and t.parent_code = ${COUNTY}`);
  const [authority] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into organisations (kind, name, short_name, region_code)
      values ('authority', '基准县人社局', '人社局', ${COUNTY}) returning id`),
  );
  await db.execute(sql`insert into organisations (kind, name, short_name, region_code)
    values ('factory', '基准工厂', '厂', ${COUNTY} || '001')`);
  await db.execute(sql`insert into organisations (kind, name, short_name, workshop_mode, region_code)
    select 'workshop', '基准车间' || i, '车间' || i, 'premises', ${COUNTY} || lpad((1 + i % ${TOWNSHIPS})::text, 3, '0')
    from generate_series(1, ${WORKSHOPS}) i`);
  const userId = "bench-employment-user";
  await db.execute(sql`insert into "user" (id, name, email, role, organisation_id)
    values (${userId}, '基准', 'bench-employment@kitflow.local', 'official', ${authority?.id}::uuid)`);
  await db.execute(sql`insert into products (factory_id, code, name, piece_rate_fen)
    select id, 'BENCH', '基准产品', 45 from organisations where kind = 'factory'`);
  // One batch per workshop carries its piecework (the cap is a write-time rule; the read path is what is timed).
  await db.execute(sql`insert into batches (number, factory_id, workshop_id, product_id, product_code, product_name,
      piece_rate_fen, reject_deduction_fen, quantity, allowance_bp, tolerance_bp, status, created_by)
    select 'BENCH-' || left(w.id::text, 8), f.id, w.id, p.id, 'BENCH', '基准产品', 45, 0, 1000000, 0, 0, 'returned', ${userId}
    from organisations w, organisations f, products p where w.kind = 'workshop' and f.kind = 'factory'`);
  // Workers live in villages of the township their workshop is in; ~30 % from 脱贫 households.
  await db.execute(sql`insert into workers (workshop_id, name, village_code, poor_household, monitored, joined_on)
    select w.id, '工人' || g, w.region_code || lpad((201 + (g / ${WORKSHOPS}) % ${VILLAGES_PER_TOWNSHIP})::text, 3, '0'),
      random() < 0.3, random() < 0.05, ${FIRST_DAY}::date - (random() * 700)::int
    from generate_series(0, ${WORKERS - 1}) g
    join (select id, region_code, row_number() over (order by id) - 1 as n from organisations where kind = 'workshop') w
      on w.n = g % ${WORKSHOPS}`);
  await db.execute(sql`create temporary table bench_workers as
    select w.id, w.workshop_id, b.id as batch_id, row_number() over (order by w.id) - 1 as n
    from workers w join batches b on b.workshop_id = w.workshop_id`);
  // 200 entries per worker spread over 365 days.
  await db.execute(sql`insert into piecework_entries
      (workshop_id, worker_id, batch_id, work_date, qty, piece_rate_fen, idempotency_key, actor_user_id)
    select bw.workshop_id, bw.id, bw.batch_id, ${FIRST_DAY}::date + ((g / ${WORKERS}) * 365 / 200),
      20 + (g % 37), 45, 'bench', ${userId}
    from generate_series(0, ${ENTRIES - 1}) g join bench_workers bw on bw.n = g % ${WORKERS}`);
  await rebuildWorkerMonths(db);
  await db.execute(sql`analyze`);
  // As autovacuum would within a minute of the load: a past quarter is then read from the indexes alone.
  await db.execute(sql`vacuum worker_months, worker_quarters`);
  return { authorityId: authority?.id ?? "", userId };
}

export default async function run(ctx: BenchContext): Promise<void> {
  const database = await ctx.createDatabase();
  const handle = await openDatabase({ kind: "postgres", url: database.url, poolSize: 2 });
  try {
    const started = performance.now();
    const { authorityId, userId } = await generateCounty(handle.db);
    ctx.report(
      `generated ${WORKERS} workers, ${ENTRIES.toLocaleString("en")} piecework entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const quarter = { regionCode: COUNTY, from: "2026-04-01", to: "2026-06-30" };
    const areas = await employmentByArea(handle.db, quarter);
    const county = areas.find((a) => a.level === "region");
    ctx.report(`county Q2: ${county?.people} people, ${areas.length} area rows, earnings ${county?.earningsFen} fen`);

    const query = await timeIt(REPETITIONS, () => employmentByArea(handle.db, quarter));
    ctx.report(`employmentByArea county×quarter: p50 ${ms(query.p50)}, p99 ${ms(query.p99)} (target < 100 ms)`);

    const official = benchCallerFactory(handle.db)({
      userId,
      username: "bench.official",
      name: "基准",
      role: "official",
      organisationId: authorityId,
      regionCode: COUNTY,
    });
    const procedure = await timeIt(REPETITIONS, () => official.employment.overview({ period: "2026-Q2" }));
    ctx.report(`employment.overview procedure county×quarter: p50 ${ms(procedure.p50)}, p99 ${ms(procedure.p99)}`);
    ctx.target({
      what: `official overview county × quarter over ${ENTRIES.toLocaleString("en")} piecework rows: p99`,
      figure: ms(procedure.p99),
      target: "< 100 ms",
      met: procedure.p99 < 100,
    });

    const year = await timeIt(50, () => official.employment.overview({ period: "2026" }));
    ctx.report(`employment.overview procedure county×year: p50 ${ms(year.p50)}, p99 ${ms(year.p99)}`);

    const villages = await timeIt(REPETITIONS, () => villageEmployment(handle.db, quarter));
    ctx.report(`villageEmployment county×quarter (map): p50 ${ms(villages.p50)}, p99 ${ms(villages.p99)}`);

    const unaligned = { regionCode: COUNTY, from: "2026-04-15", to: "2026-07-14" };
    const partial = await timeIt(50, () => employmentByArea(handle.db, unaligned));
    ctx.report(`employmentByArea 04-15..07-14 (partial months): p50 ${ms(partial.p50)}, p99 ${ms(partial.p99)}`);
  } finally {
    await handle.close();
    await database.drop();
  }
}
