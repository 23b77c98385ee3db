/**
 * Employment figures at province scale: one prefecture of 18 counties, 100,000 workers and
 * 10,000,000 piecework entries over twelve months, all generated in SQL (generate_series), the
 * worker-month and worker-quarter rollups filled from them by the same SQL the migrations backfill with. Times a county
 * official's overview for a quarter (employment.overview) and the prefecture official's
 * (employment.prefectureOverview), the procedures as the router runs them, and the two queries under them.
 * Targets: county < 100 ms, prefecture < 300 ms (p99), printed, not asserted.
 *
 * BENCH_PIECEWORK_ROWS scales the run (workers follow at one per 100 entries): 1000000 for a quick look
 * on a shared machine, the default 10000000 for the stated scale.
 */
import { env } from "node:process";
import {
  type Database,
  employmentByArea,
  employmentByCounty,
  openDatabase,
  rebuildWorkerMonths,
  rowsOf,
} from "@kitflow/db";
import { sql } from "drizzle-orm";
import { benchCallerFactory } from "../caller";
import type { BenchContext } from "../context";
import { ms, timeIt } from "../repeat";

const PREFECTURE = "3699";
const COUNTIES = 18;
const TOWNSHIPS_PER_COUNTY = 12;
const VILLAGES_PER_TOWNSHIP = 15;
const WORKSHOPS_PER_COUNTY = 40;
const ENTRIES = Number(env.BENCH_PIECEWORK_ROWS ?? 10_000_000);
const WORKERS = Math.max(COUNTIES * WORKSHOPS_PER_COUNTY, Math.round(ENTRIES / 100));
const FIRST_DAY = "2025-12-01";
const QUARTER = "2026-Q2";
const REPETITIONS = 100;
/** Entries go in by slices, so one statement's memory stays small at ten million rows. */
const SLICE = 1_000_000;

const countyCode = (i: number) => `${PREFECTURE}${String(i).padStart(2, "0")}`;

interface Province {
  prefectureAuthorityId: string;
  countyAuthorityId: string;
  userId: string;
}

export async function generateProvince(db: Database, report: (line: string) => void): Promise<Province> {
  const step = async (what: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    report(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await db.execute(sql`select setseed(0.5)`);
  await step("regions, organisations, workers", async () => {
    await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
      values (${PREFECTURE}, '基准市', 'prefecture', '36', true, 'bench')`);
    await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
      select ${PREFECTURE} || lpad(c::text, 2, '0'), '基准县' || c, 'county', ${PREFECTURE}, true, 'bench'
      from generate_series(1, ${COUNTIES}) c`);
    await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
      select r.code || lpad(t::text, 3, '0'), r.name || '镇' || t, 'township', r.code, true, 'bench'
      from regions r, generate_series(1, ${TOWNSHIPS_PER_COUNTY}) t where r.level = 'county' and r.parent_code = ${PREFECTURE}`);
    await db.execute(sql`insert into regions (code, name, level, parent_code, point_approximate, point_source)
      select t.code || lpad((200 + v)::text, 3, '0'), t.name || v || '村', 'village', t.code, true, 'bench'
      from regions t, generate_series(1, ${VILLAGES_PER_TOWNSHIP}) v
      where t.level = 'township' and t.code like ${`${PREFECTURE}%`}`);
    await db.execute(sql`insert into organisations (kind, name, short_name, region_code)
      values ('authority', '基准市人社局', '市人社局', ${PREFECTURE}), ('authority', '基准县人社局', '县人社局', ${countyCode(1)}),
        ('factory', '基准工厂', '厂', ${countyCode(1)} || '001')`);
    await db.execute(sql`insert into "user" (id, name, email, role, organisation_id)
      select 'bench-province-' || short_name, name, 'bench-province-' || short_name || '@kitflow.local', 'official', id
      from organisations where kind = 'authority'`);
    await db.execute(sql`insert into products (factory_id, code, name, piece_rate_fen)
      select id, 'BENCH', '基准产品', 45 from organisations where kind = 'factory'`);
    // Workshops spread over each county's townships.
    await db.execute(sql`insert into organisations (kind, name, short_name, workshop_mode, region_code)
      select 'workshop', '基准车间' || c || '-' || i, '车间' || c || '-' || i, 'premises',
        ${PREFECTURE} || lpad(c::text, 2, '0') || lpad((1 + i % ${TOWNSHIPS_PER_COUNTY})::text, 3, '0')
      from generate_series(1, ${COUNTIES}) c, generate_series(1, ${WORKSHOPS_PER_COUNTY}) i`);
    await db.execute(sql`insert into batches (number, factory_id, workshop_id, product_id, product_code, product_name,
        piece_rate_fen, reject_deduction_fen, quantity, allowance_bp, tolerance_bp, status, created_by)
      select 'BENCH-' || left(w.id::text, 8), f.id, w.id, p.id, 'BENCH', '基准产品', 45, 0, 1000000, 0, 0, 'returned',
        'bench-province-县人社局'
      from organisations w, organisations f, products p where w.kind = 'workshop' and f.kind = 'factory'`);
    // Workers live in villages of their workshop's township; ~30 % from 脱贫 households.
    await db.execute(sql`insert into workers (workshop_id, name, village_code, poor_household, monitored, joined_on)
      select w.id, '工人' || g, w.region_code || lpad((201 + (g / ${COUNTIES * WORKSHOPS_PER_COUNTY}::int) % ${VILLAGES_PER_TOWNSHIP}::int)::text, 3, '0'),
        random() < 0.3, random() < 0.05, ${FIRST_DAY}::date - (random() * 700)::int
      from generate_series(0, ${WORKERS - 1}) g
      join (select id, region_code, row_number() over (order by id) - 1 as n from organisations where kind = 'workshop') w
        on w.n = g % ${COUNTIES * WORKSHOPS_PER_COUNTY}::int`);
    await db.execute(sql`create unlogged table bench_province_workers as
      select w.id, w.workshop_id, b.id as batch_id, row_number() over (order by w.id) - 1 as n
      from workers w join batches b on b.workshop_id = w.workshop_id`);
    await db.execute(sql`create index on bench_province_workers (n)`);
  });
  // Every worker works on ENTRIES / WORKERS days spread over the year. The foreign keys of rows built
  // from the tables above hold by construction, so their triggers are off for the bulk insert.
  await step(`${ENTRIES.toLocaleString("en")} piecework entries`, async () => {
    const perWorker = Math.ceil(ENTRIES / WORKERS);
    for (let from = 0; from < ENTRIES; from += SLICE) {
      const to = Math.min(ENTRIES, from + SLICE) - 1;
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`insert into piecework_entries
            (workshop_id, worker_id, batch_id, work_date, qty, piece_rate_fen, idempotency_key, actor_user_id)
          select bw.workshop_id, bw.id, bw.batch_id, ${FIRST_DAY}::date + ((g / ${WORKERS}::int) * 365 / ${perWorker}::int),
            20 + (g % 37), 45, 'bench', 'bench-province-县人社局'
          from generate_series(${from}::int, ${to}::int) g join bench_province_workers bw on bw.n = g % ${WORKERS}::int`);
      });
    }
  });
  await step("worker-month and worker-quarter rollups from the entries", () => rebuildWorkerMonths(db));
  // The rollups are vacuumed as autovacuum would within its first minute after such a load: the
  // figures of a past quarter are read from the indexes alone once the visibility map says so.
  await step("analyze, vacuum the rollups", async () => {
    await db.execute(sql`drop table bench_province_workers`);
    await db.execute(sql`analyze`);
    await db.execute(sql`vacuum worker_months, worker_quarters`);
  });
  const ids = rowsOf<{ id: string; region_code: string }>(
    await db.execute(sql`select id, region_code from organisations where kind = 'authority'`),
  );
  return {
    prefectureAuthorityId: ids.find((r) => r.region_code === PREFECTURE)?.id ?? "",
    countyAuthorityId: ids.find((r) => r.region_code === countyCode(1))?.id ?? "",
    userId: "bench-province-县人社局",
  };
}

export default async function run(ctx: BenchContext): Promise<void> {
  const database = await ctx.createDatabase();
  const handle = await openDatabase({ kind: "postgres", url: database.url, poolSize: 2 });
  try {
    const started = performance.now();
    const province = await generateProvince(handle.db, ctx.report);
    const [counts] = rowsOf<{ entries: string; months: string }>(
      await handle.db.execute(sql`select (select count(*) from piecework_entries)::text as entries,
        (select count(*) from worker_months)::text as months`),
    );
    ctx.report(
      `generated ${COUNTIES} counties, ${WORKERS.toLocaleString("en")} workers, ${Number(counts?.entries).toLocaleString("en")} piecework entries, ${Number(counts?.months).toLocaleString("en")} worker-months in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const callerAs = benchCallerFactory(handle.db);
    const callerFor = (regionCode: string, organisationId: string, userId: string) =>
      callerAs({ userId, username: userId, name: "基准", role: "official", organisationId, regionCode });
    const county = callerFor(countyCode(1), province.countyAuthorityId, "bench-province-县人社局");
    const prefecture = callerFor(PREFECTURE, province.prefectureAuthorityId, "bench-province-市人社局");
    const whole = await prefecture.employment.prefectureOverview({ period: QUARTER });
    ctx.report(
      `prefecture ${QUARTER}: ${whole.region.people} people in ${whole.counties.length} counties, earnings ${whole.region.earningsFen} fen`,
    );

    const q2 = { from: "2026-04-01", to: "2026-06-30" };
    const countyQuery = await timeIt(REPETITIONS, () =>
      employmentByArea(handle.db, { regionCode: countyCode(1), ...q2 }),
    );
    ctx.report(`employmentByArea county×quarter: p50 ${ms(countyQuery.p50)}, p99 ${ms(countyQuery.p99)}`);
    const prefectureQuery = await timeIt(REPETITIONS, () =>
      employmentByCounty(handle.db, { regionCode: PREFECTURE, ...q2 }),
    );
    ctx.report(`employmentByCounty prefecture×quarter: p50 ${ms(prefectureQuery.p50)}, p99 ${ms(prefectureQuery.p99)}`);

    const countyOverview = await timeIt(REPETITIONS, () => county.employment.overview({ period: QUARTER }));
    ctx.report(`employment.overview county×quarter: p50 ${ms(countyOverview.p50)}, p99 ${ms(countyOverview.p99)}`);
    const prefectureOverview = await timeIt(REPETITIONS, () =>
      prefecture.employment.prefectureOverview({ period: QUARTER }),
    );
    ctx.report(
      `employment.prefectureOverview prefecture×quarter: p50 ${ms(prefectureOverview.p50)}, p99 ${ms(prefectureOverview.p99)}`,
    );
    const rows = Number(counts?.entries).toLocaleString("en");
    ctx.target({
      what: `province: county × quarter overview over ${rows} rows: p99`,
      figure: ms(countyOverview.p99),
      target: "< 100 ms",
      met: countyOverview.p99 < 100,
    });
    ctx.target({
      what: `province: prefecture (${COUNTIES} counties) × quarter overview over ${rows} rows: p99`,
      figure: ms(prefectureOverview.p99),
      target: "< 300 ms",
      met: prefectureOverview.p99 < 300,
    });
  } finally {
    await handle.close();
    await database.drop();
  }
}
