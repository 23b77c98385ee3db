import { addMonths, monthsIn, splitByMonth, wholeQuarters } from "@kitflow/domain";
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
      from worker_months where ${listedDates("month", monthsIn(wholeMonths.first, wholeMonths.last))}
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

/** Longest run of whole quarters read from worker_quarters: a year, whose twelve months fit the bits of an int. */
const MAX_QUARTERS = 4;

/**
 * One row per worker with a month worked in the scope, when the scope is one to four whole quarters
 * (an official's quarter or year), null otherwise: read from worker_quarters alone (one row per worker
 * and quarter, with the roster fields it keeps), so people are counted without gathering their months
 * or reading the roster. `months` has bit i set when the period's i-th month was worked.
 */
function workersInQuarters(scope: EmploymentScope): SQL | null {
  const quarters = wholeQuarters(scope.from, scope.to);
  if (!quarters || quarters.length > MAX_QUARTERS) return null;
  const region = rollupRegion(scope.regionCode);
  const roster = sql.raw("workshop_id, poor_household, monitored, joined_on");
  if (quarters.length === 1) {
    return sql`select worker_id as id, ${roster}, village_code, left(village_code, 9) as township_code,
        days_worked as days, earnings_fen as earnings, months_worked::int as months
      from worker_quarters where ${listedDates("quarter", quarters)} and months_worked <> 0 and ${region}`;
  }
  return sql`select worker_id as id, ${roster}, village_code, left(village_code, 9) as township_code,
      sum(days_worked) as days, sum(earnings_fen) as earnings,
      sum(months_worked::int << (3 * (array_position(array[${sql.join(quarters.map(literalDate), sql`, `)}], quarter) - 1)))::int as months
    from worker_quarters where ${listedDates("quarter", quarters)} and months_worked <> 0 and ${region}
    group by worker_id, ${roster}, village_code`;
}

/**
 * Every worker-month with work over whole months [from, to] in the scope's region, or in the rows
 * `region` picks: what a median over worker-months reads.
 */
function monthEarnings(scope: EmploymentScope, region: SQL = rollupRegion(scope.regionCode)): SQL {
  return sql`select village_code, earnings_fen as earnings from worker_months
    where ${listedDates("month", monthsIn(scope.from, scope.to))} and qty > 0 and ${region}`;
}

/**
 * `column in (…)` over listed first days: on the (month | quarter, county) indexes each date is
 * one descent to exactly its rows, where a range would read every county of every date between.
 */
function listedDates(column: "month" | "quarter", dates: readonly string[]): SQL {
  return sql`${sql.raw(column)} in (${sql.join(dates.map(literalDate), sql`, `)})`;
}

/**
 * The rollup rows of a region by its county (left(village_code, 6), the second key of the rollups'
 * indexes): a prefecture (four digits) is a range of counties, anything below a county one county
 * and a range of villages.
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
  const quarterly = workersInQuarters(scope);
  const sources = quarterly
    ? sql`per_worker as (${quarterly}),
      pwm as (select village_code, left(village_code, 9) as township_code, earnings from (${monthEarnings(scope)}) m)`
    : sql`pwm as (${workerMonthsIn(scope)}), per_worker as (${PER_WORKER})`;
  const result = await db.execute(sql`with ${sources},
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
 * A prefecture's figures and each of its counties': people counted over one row per worker, the median
 * over worker-months, exactly as a county's own overview counts them. Two statements sent together, the
 * counts and the medians, each the other's size: a quarter or a year reads one row per worker and
 * quarter (worker_quarters) and the months' earnings from the index alone; other whole months
 * aggregate the month rows per worker before joining the roster; a range with partial months goes
 * through the entries like a county's. People are first gathered per county and workshop (a few
 * hundred cells, hashed), so the prefecture's total and its count of workshops add cells up.
 */
export async function employmentByCounty(db: Executor, scope: EmploymentScope): Promise<CountyFigures[]> {
  const [counts, medians] = await Promise.all([countyCounts(db, scope), countyMedians(db, scope)]);
  return counts.map(({ county_code, g_county, ...row }) => {
    const county = Number(g_county) === 0;
    const median = medians.get(county ? county_code : null);
    return {
      level: county ? "county" : "region",
      code: county ? (county_code ?? "") : scope.regionCode,
      ...figuresOf({ ...row, median_monthly_fen: median ?? null }),
    };
  });
}

type CountyRow = Omit<RawFigures, "median_monthly_fen"> & { county_code: string | null; g_county: number };

/** The months [from, to] covers when it is whole months only (the rollups answer alone), else null. */
function onlyWholeMonths(scope: EmploymentScope): { first: string; last: string } | null {
  const { wholeMonths, partialDays } = splitByMonth(scope.from, scope.to);
  return partialDays.length === 0 ? wholeMonths : null;
}

/** One row per worker-month with work under the scope, by county: the month rows, or the entries for partial months. */
function countyMonths(scope: EmploymentScope): SQL {
  const wholeMonths = onlyWholeMonths(scope);
  return wholeMonths !== null
    ? sql`select worker_id, left(village_code, 6) as county_code, earnings_fen as earnings, days_worked as days
        from worker_months where ${listedDates("month", monthsIn(wholeMonths.first, wholeMonths.last))}
          and qty > 0 and ${rollupRegion(scope.regionCode)}`
    : sql`select id as worker_id, left(village_code, 6) as county_code, earnings, days from (${workerMonthsIn(scope)}) m`;
}

/** Each county's figures but the median, and the region's, from one row per worker. */
async function countyCounts(db: Executor, scope: EmploymentScope): Promise<CountyRow[]> {
  const quarterly = workersInQuarters(scope);
  const perWorker = quarterly
    ? sql`select left(village_code, 6) as county_code, workshop_id, poor_household, monitored, joined_on, days, earnings
        from (${quarterly}) q`
    : sql`select p.county_code, w.workshop_id, w.poor_household, w.monitored, w.joined_on, p.days, p.earnings
        from (select worker_id, county_code, sum(days) as days, sum(earnings) as earnings
              from (${countyMonths(scope)}) m group by worker_id, county_code) p join workers w on w.id = p.worker_id`;
  const result = await db.execute(sql`with cells as (
      select county_code, workshop_id, count(*) as people, count(*) filter (where poor_household) as poor_people,
        count(*) filter (where monitored) as monitored_people,
        count(*) filter (where joined_on >= ${scope.from}::date and joined_on <= ${scope.to}::date) as new_people,
        sum(days) as days, sum(earnings) as earnings
      from (${perWorker}) p group by county_code, workshop_id)
    select county_code, grouping(county_code) as g_county, sum(people)::int as people,
      sum(poor_people)::int as poor_people, sum(monitored_people)::int as monitored_people,
      sum(new_people)::int as new_people, sum(days)::bigint as days_worked, sum(earnings)::bigint as earnings_fen,
      count(distinct workshop_id)::int as active_workshops
    from cells group by grouping sets ((county_code), ())`);
  return rowsOf<CountyRow>(result);
}

/**
 * The median monthly earnings of each county (keyed by its code) and of the region (keyed by null).
 * Over whole months each county of the regions table reads its own months from the index (its own
 * descents, no sort of the prefecture by county) and the region's are one sort; a range with partial
 * months takes grouping sets over its worker-months.
 */
async function countyMedians(db: Executor, scope: EmploymentScope): Promise<Map<string | null, number | string>> {
  const statement =
    onlyWholeMonths(scope) !== null
      ? sql`select c.code as county_code, (select percentile_cont(0.5) within group (order by earnings)
            from (${monthEarnings(scope, sql`left(village_code, 6) = c.code`)}) e) as median_monthly_fen
          from regions c where c.level = 'county' and c.code >= ${literalCode(scope.regionCode)}
            and c.code < ${literalCode(nextCode(scope.regionCode))}
          union all
          select null, percentile_cont(0.5) within group (order by earnings) from (${monthEarnings(scope)}) p`
      : sql`select county_code, percentile_cont(0.5) within group (order by earnings) as median_monthly_fen
          from (${countyMonths(scope)}) m group by grouping sets ((county_code), ())`;
  const rows = rowsOf<{ county_code: string | null; median_monthly_fen: number | string | null }>(
    await withRoomToSort(db, statement),
  );
  return new Map(rows.flatMap((r) => (r.median_monthly_fen === null ? [] : [[r.county_code, r.median_monthly_fen]])));
}

/**
 * Runs a prefecture's medians with room for their sorts: its own sorts every worker-month of the
 * period (300,000 in a quarter at province scale), which the default work_mem (4 MB) writes to disk.
 * SET LOCAL holds to the end of this transaction (of the caller's, when `db` is one already).
 */
async function withRoomToSort(db: Executor, statement: SQL): Promise<unknown> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '32MB'`);
    return tx.execute(statement);
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

/**
 * Each month's counts over one row per worker whose months are bits (workersInQuarters): one hashed
 * pass counts every month of every village at once (a month's people are the rows with its bit);
 * townships, counties and the region add their villages up (a worker lives in one village), so the
 * grouping sets sort villages, not people. Each area's row then turns into a row per month; a month
 * nobody in an area worked gives no row, as with month rows.
 */
function countsByMonthBit(workers: SQL, months: readonly string[], g: (typeof GROUPINGS)[AreaGrouping]): SQL {
  const columns = months.map((month, i) => {
    const n = sql.raw(String(i));
    const worked = sql.raw(`(months >> ${i}) & 1 = 1`);
    return {
      counted: sql`count(*) filter (where ${worked}) as people_${n},
        count(*) filter (where ${worked} and poor_household) as poor_${n},
        count(*) filter (where ${worked} and monitored) as monitored_${n},
        count(*) filter (where ${worked} and joined_on >= ${literalDate(month)}
          and joined_on < ${literalDate(addMonths(month, 1))}) as new_${n}`,
      added: sql`sum(people_${n}) as people_${n}, sum(poor_${n}) as poor_${n},
        sum(monitored_${n}) as monitored_${n}, sum(new_${n}) as new_${n}`,
      row: sql`(${month}, a.people_${n}, a.poor_${n}, a.monitored_${n}, a.new_${n})`,
    };
  });
  return sql`with villages as (
      select village_code, left(village_code, 9) as township_code, ${sql.join(
        columns.map((c) => c.counted),
        sql`, `,
      )}
      from (${workers}) p group by village_code)
    select m.month, a.level, a.code, m.people::int as people, m.poor_people::int as poor_people,
      m.monitored_people::int as monitored_people, m.new_people::int as new_people
    from (select ${g.level} as level, ${g.code} as code, ${sql.join(
      columns.map((c) => c.added),
      sql`, `,
    )}
          from villages group by grouping sets (${g.sets})) a
    cross join lateral (values ${sql.join(
      columns.map((c) => c.row),
      sql`, `,
    )}) as m(month, people, poor_people, monitored_people, new_people)
    where m.people > 0`;
}

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
  const quarterly = workersInQuarters(scope);
  const result = await db.execute(
    quarterly
      ? countsByMonthBit(quarterly, monthsIn(scope.from, scope.to), g)
      : sql`with pwm as (${workerMonthsIn(scope)})
    select to_char(month, 'YYYY-MM-DD') as month, ${g.level} as level, ${g.code} as code, count(*)::int as people,
      (count(*) filter (where poor_household))::int as poor_people,
      (count(*) filter (where monitored))::int as monitored_people,
      (count(*) filter (where joined_on >= month and joined_on < month + interval '1 month'))::int as new_people
    from pwm group by month, grouping sets (${g.sets})`,
  );
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
