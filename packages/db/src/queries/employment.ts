import { splitByMonth } from "@kitflow/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { rowsOf } from "./rows";

export interface EmploymentScope {
  /** County (6 digits), township (9) or village (12) code; villages whose code starts with it count. */
  regionCode: string;
  /** Inclusive calendar days, YYYY-MM-DD. */
  from: string;
  to: string;
}

/**
 * One row per worker and month with a positive net quantity in [from, to], restricted to workers
 * from villages under the region. Whole months come from the worker_months rollup; the days of a
 * partly covered month at either end come from the entries, so any day range is exact.
 */
function workerMonthsIn(scope: EmploymentScope): SQL {
  const { wholeMonths, partialDays } = splitByMonth(scope.from, scope.to);
  const day = literalDate;
  const parts: SQL[] = [];
  if (wholeMonths) {
    parts.push(sql`select worker_id, month, qty, earnings_fen::bigint as earnings, days_worked as days
      from worker_months where month >= ${day(wholeMonths.first)} and month <= ${day(wholeMonths.last)}
        and ${rollupRegion(scope.regionCode)}`);
  }
  if (partialDays.length > 0) {
    const ranges = sql.join(
      partialDays.map((r) => sql`(work_date >= ${day(r.from)} and work_date <= ${day(r.to)})`),
      sql` or `,
    );
    parts.push(sql`select worker_id, date_trunc('month', work_date)::date as month, sum(q)::int as qty,
        sum(e)::bigint as earnings, (count(*) filter (where q > 0))::int as days
      from (select worker_id, work_date, sum(qty) as q, sum(qty::bigint * piece_rate_fen) as e
            from piecework_entries where ${ranges} group by worker_id, work_date) d
      group by worker_id, date_trunc('month', work_date)`);
  }
  const union =
    parts.length > 0
      ? sql.join(parts, sql` union all `)
      : sql`select null::uuid as worker_id, null::date as month, 0 as qty, 0::bigint as earnings, 0 as days where false`;
  // A range rather than left()/LIKE, written as literals: the planner estimates both the region and
  // the months from statistics and picks hash joins (a generic plan for bound parameters picked
  // nested loops and ran four times slower).
  return sql`select w.id, w.workshop_id, w.village_code, left(w.village_code, 9) as township_code,
      w.poor_household, w.monitored, w.joined_on, wm.month, wm.qty, wm.earnings, wm.days
    from (${union}) wm join workers w on w.id = wm.worker_id
    where wm.qty > 0 and w.village_code >= ${literalCode(scope.regionCode)} and w.village_code < ${literalCode(nextCode(scope.regionCode))}`;
}

/**
 * The rollup rows of a region, by the county index (left(village_code, 6), month): a prefecture
 * (four digits) is a range of counties, anything below a county one county and a range of villages.
 */
function rollupRegion(code: string): SQL {
  const county = sql.raw("left(village_code, 6)");
  if (code.length < 6) return sql`${county} >= ${literalCode(code)} and ${county} < ${literalCode(nextCode(code))}`;
  const inCounty = sql`${county} = ${literalCode(code.slice(0, 6))}`;
  if (code.length === 6) return inCounty;
  return sql`${inCounty} and village_code >= ${literalCode(code)} and village_code < ${literalCode(nextCode(code))}`;
}

/** A validated date as an SQL literal. */
function literalDate(date: string): SQL {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`);
  return sql.raw(`date '${date}'`);
}

/** A validated region code (digits only) as an SQL literal. */
function literalCode(code: string): SQL {
  if (!/^\d{1,12}$/.test(code)) throw new RangeError(`not a region code: ${code}`);
  return sql.raw(`'${code}'`);
}

/** The first code after every code starting with `prefix`: 360781 → 360782. */
export function nextCode(prefix: string): string {
  if (!/^\d{1,12}$/.test(prefix)) throw new RangeError(`not a region code: ${prefix}`);
  return (BigInt(prefix) + 1n).toString().padStart(prefix.length, "0");
}

/** One row per worker: counting people is then count(*), not count(distinct) over worker-months. */
const PER_WORKER = sql`select id, workshop_id, village_code, township_code, poor_household, monitored, joined_on,
    sum(days) as days, sum(earnings) as earnings
  from pwm group by id, workshop_id, village_code, township_code, poor_household, monitored, joined_on`;

interface RawFigures {
  people: number | string;
  poor_people: number | string;
  monitored_people: number | string;
  new_people: number | string;
  days_worked: number | string | null;
  earnings_fen: number | string | null;
  median_monthly_fen: number | string | null;
  active_workshops: number | string;
}

export interface EmploymentFigures {
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  /** Joined a workshop during the period (and worked in it). */
  newPeople: number;
  daysWorked: number;
  earningsFen: number;
  /** Median over worker-months with earnings; integer fen. */
  medianMonthlyEarningsFen: number;
  activeWorkshops: number;
}

function figuresOf(row: RawFigures): EmploymentFigures {
  return {
    people: Number(row.people),
    poorPeople: Number(row.poor_people),
    monitoredPeople: Number(row.monitored_people),
    newPeople: Number(row.new_people),
    daysWorked: Number(row.days_worked ?? 0),
    earningsFen: Number(row.earnings_fen ?? 0),
    medianMonthlyEarningsFen: Math.round(Number(row.median_monthly_fen ?? 0)),
    activeWorkshops: Number(row.active_workshops),
  };
}

function figureColumns(scope: EmploymentScope): SQL {
  return sql`count(*)::int as people,
    (count(*) filter (where poor_household))::int as poor_people,
    (count(*) filter (where monitored))::int as monitored_people,
    (count(*) filter (where joined_on >= ${scope.from}::date and joined_on <= ${scope.to}::date))::int as new_people,
    sum(days)::bigint as days_worked,
    sum(earnings)::bigint as earnings_fen,
    count(distinct workshop_id)::int as active_workshops`;
}

const AREA_SETS = sql`grouping sets ((village_code), (township_code), ())`;

export interface AreaFigures extends EmploymentFigures {
  level: "region" | "township" | "village";
  /** The region itself for level "region". */
  code: string;
}

/**
 * Figures for the region as a whole, each township and each village, in one statement: counts
 * over one row per worker, the median over worker-months.
 */
export async function employmentByArea(db: Executor, scope: EmploymentScope): Promise<AreaFigures[]> {
  const result = await db.execute(sql`with pwm as (${workerMonthsIn(scope)}),
    per_worker as (${PER_WORKER}),
    figures as (
      select village_code, township_code, grouping(village_code) as g_village, grouping(township_code) as g_township,
        ${figureColumns(scope)}
      from per_worker group by ${AREA_SETS}),
    medians as (
      select village_code, township_code, grouping(village_code) as g_village, grouping(township_code) as g_township,
        percentile_cont(0.5) within group (order by earnings) as median_monthly_fen
      from pwm group by ${AREA_SETS})
    select f.*, m.median_monthly_fen from figures f join medians m
      on f.g_village = m.g_village and f.g_township = m.g_township
      and f.village_code is not distinct from m.village_code and f.township_code is not distinct from m.township_code`);
  return rowsOf<
    RawFigures & { village_code: string | null; township_code: string | null; g_village: number; g_township: number }
  >(result).map((row) => {
    const level = Number(row.g_village) === 0 ? "village" : Number(row.g_township) === 0 ? "township" : "region";
    const code =
      level === "village"
        ? (row.village_code ?? "")
        : level === "township"
          ? (row.township_code ?? "")
          : scope.regionCode;
    return { level, code, ...figuresOf(row) };
  });
}

export interface VillageEmployment {
  villageCode: string;
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  daysWorked: number;
  earningsFen: number;
}

/** Per village under `regionCode` over [from, to]: the figures the village map draws. */
export async function villageEmployment(db: Executor, scope: EmploymentScope): Promise<VillageEmployment[]> {
  const result = await db.execute(sql`with pwm as (${workerMonthsIn(scope)}), per_worker as (${PER_WORKER})
    select village_code, count(*)::int as people,
      (count(*) filter (where poor_household))::int as poor_people,
      (count(*) filter (where monitored))::int as monitored_people,
      sum(days)::bigint as days_worked, sum(earnings)::bigint as earnings_fen
    from per_worker group by village_code order by village_code`);
  return rowsOf<{
    village_code: string;
    people: number | string;
    poor_people: number | string;
    monitored_people: number | string;
    days_worked: number | string;
    earnings_fen: number | string;
  }>(result).map((r) => ({
    villageCode: r.village_code,
    people: Number(r.people),
    poorPeople: Number(r.poor_people),
    monitoredPeople: Number(r.monitored_people),
    daysWorked: Number(r.days_worked),
    earningsFen: Number(r.earnings_fen),
  }));
}

export interface MonthFigures extends EmploymentFigures {
  month: string;
}

/** Month by month over [from, to]: the trend chart. */
export async function employmentByMonth(db: Executor, scope: EmploymentScope): Promise<MonthFigures[]> {
  // A worker has one row per month, so within a month count(*) counts people.
  const result = await db.execute(sql`with pwm as (${workerMonthsIn(scope)})
    select to_char(month, 'YYYY-MM-DD') as month, ${figureColumns(scope)},
      percentile_cont(0.5) within group (order by earnings) as median_monthly_fen
    from pwm group by month order by month`);
  return rowsOf<RawFigures & { month: string }>(result).map((row) => ({ month: row.month, ...figuresOf(row) }));
}

export interface VillageWorkshopFigures {
  villageCode: string;
  workshopId: string;
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  earningsFen: number;
  /** Worker-months with work: the divisor of an average monthly income. */
  workerMonths: number;
  /** Pieces recorded (net). */
  qty: number;
}

/**
 * People from each village under the region who worked at each workshop over [from, to]: the cells
 * behind a village's drill-down and a workshop's figures. A worker is on one workshop's roster, so
 * a village's people are the sum of its cells.
 */
export async function employmentByVillageAndWorkshop(
  db: Executor,
  scope: EmploymentScope,
): Promise<VillageWorkshopFigures[]> {
  const result = await db.execute(sql`with pwm as (${workerMonthsIn(scope)}),
    per_worker as (select id, workshop_id, village_code, poor_household, monitored,
        count(*) as months, sum(earnings) as earnings, sum(qty) as qty
      from pwm group by id, workshop_id, village_code, poor_household, monitored)
    select village_code, workshop_id::text as workshop_id, count(*)::int as people,
      (count(*) filter (where poor_household))::int as poor_people,
      (count(*) filter (where monitored))::int as monitored_people,
      sum(earnings)::bigint as earnings_fen, sum(months)::int as worker_months, sum(qty)::bigint as qty
    from per_worker group by village_code, workshop_id order by village_code, workshop_id`);
  return rowsOf<{
    village_code: string;
    workshop_id: string;
    people: number | string;
    poor_people: number | string;
    monitored_people: number | string;
    earnings_fen: number | string;
    worker_months: number | string;
    qty: number | string;
  }>(result).map((r) => ({
    villageCode: r.village_code,
    workshopId: r.workshop_id,
    people: Number(r.people),
    poorPeople: Number(r.poor_people),
    monitoredPeople: Number(r.monitored_people),
    earningsFen: Number(r.earnings_fen),
    workerMonths: Number(r.worker_months),
    qty: Number(r.qty),
  }));
}

export interface CountyFigures extends EmploymentFigures {
  level: "region" | "county";
  /** The prefecture itself for level "region". */
  code: string;
}

/**
 * A prefecture's figures and each of its counties', in one statement: people counted over one row per
 * worker, the median over worker-months, exactly as a county's own overview counts them. Whole months
 * (every period an official picks) read the rollup alone and aggregate per worker before joining the
 * roster for the household flags, so a prefecture's quarter joins one row per person, not per month;
 * a range with partial months goes through the entries like a county's.
 */
export async function employmentByCounty(db: Executor, scope: EmploymentScope): Promise<CountyFigures[]> {
  const { wholeMonths, partialDays } = splitByMonth(scope.from, scope.to);
  const months =
    wholeMonths && partialDays.length === 0
      ? sql`select worker_id, left(village_code, 6) as county_code, earnings_fen as earnings, days_worked as days
          from worker_months where month >= ${literalDate(wholeMonths.first)} and month <= ${literalDate(wholeMonths.last)}
            and qty > 0 and ${rollupRegion(scope.regionCode)}`
      : sql`select id as worker_id, left(village_code, 6) as county_code, earnings, days from (${workerMonthsIn(scope)}) m`;
  const result = await db.execute(sql`with months as (${months}),
    per_worker as (select worker_id, county_code, sum(days) as days, sum(earnings) as earnings
      from months group by worker_id, county_code),
    figures as (
      select p.county_code, grouping(p.county_code) as g_county, count(*)::int as people,
        (count(*) filter (where w.poor_household))::int as poor_people,
        (count(*) filter (where w.monitored))::int as monitored_people,
        (count(*) filter (where w.joined_on >= ${scope.from}::date and w.joined_on <= ${scope.to}::date))::int as new_people,
        sum(p.days)::bigint as days_worked, sum(p.earnings)::bigint as earnings_fen,
        count(distinct w.workshop_id)::int as active_workshops
      from per_worker p join workers w on w.id = p.worker_id group by grouping sets ((p.county_code), ())),
    medians as (
      select county_code, grouping(county_code) as g_county,
        percentile_cont(0.5) within group (order by earnings) as median_monthly_fen
      from months group by grouping sets ((county_code), ()))
    select f.*, m.median_monthly_fen from figures f join medians m
      on f.g_county = m.g_county and f.county_code is not distinct from m.county_code`);
  return rowsOf<RawFigures & { county_code: string | null; g_county: number }>(result).map((row) => {
    const county = Number(row.g_county) === 0;
    return {
      level: county ? "county" : "region",
      code: county ? (row.county_code ?? "") : scope.regionCode,
      ...figuresOf(row),
    };
  });
}

/** How a region's rows are grouped: its townships and villages (a county's overview) or its counties (a prefecture's). */
export type AreaGrouping = "villages" | "counties";

const GROUPINGS: Record<AreaGrouping, { sets: SQL; level: SQL; code: SQL }> = {
  villages: {
    sets: sql`(village_code), (township_code), ()`,
    level: sql`case when grouping(village_code) = 0 then 'village' when grouping(township_code) = 0 then 'township'
      else 'region' end`,
    code: sql`coalesce(village_code, township_code)`,
  },
  counties: {
    sets: sql`(left(village_code, 6)), ()`,
    level: sql`case when grouping(left(village_code, 6)) = 0 then 'county' else 'region' end`,
    code: sql`left(village_code, 6)`,
  },
};

export interface MonthAreaCounts {
  /** First day of the month. */
  month: string;
  level: AreaFigures["level"] | CountyFigures["level"];
  /** The region itself for level "region". */
  code: string;
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  /** Joined during that month. */
  newPeople: number;
}

/**
 * The counts of every area for each month of [from, to] (whole months), in one statement: what the
 * privacy plan of each month needs, without the money, days and medians of each month's overview.
 * A worker has one row per month, so within a month count(*) counts people.
 */
export async function monthlyAreaCounts(
  db: Executor,
  scope: EmploymentScope,
  grouping: AreaGrouping,
): Promise<MonthAreaCounts[]> {
  const g = GROUPINGS[grouping];
  const result = await db.execute(sql`with pwm as (${workerMonthsIn(scope)})
    select to_char(month, 'YYYY-MM-DD') as month, ${g.level} as level, ${g.code} as code, count(*)::int as people,
      (count(*) filter (where poor_household))::int as poor_people,
      (count(*) filter (where monitored))::int as monitored_people,
      (count(*) filter (where joined_on >= month and joined_on < month + interval '1 month'))::int as new_people
    from pwm group by month, grouping sets (${g.sets})`);
  return rowsOf<{
    month: string;
    level: MonthAreaCounts["level"];
    code: string | null;
    people: number | string;
    poor_people: number | string;
    monitored_people: number | string;
    new_people: number | string;
  }>(result).map((r) => ({
    month: r.month,
    level: r.level,
    code: r.level === "region" ? scope.regionCode : (r.code ?? ""),
    people: Number(r.people),
    poorPeople: Number(r.poor_people),
    monitoredPeople: Number(r.monitored_people),
    newPeople: Number(r.new_people),
  }));
}
