import { insuranceOf, regionNames, regionsUnder, villageDirectory } from "@kitflow/db";
import {
  addMonths,
  type EmploymentTable,
  employmentExportInput,
  employmentOverviewInput,
  employmentTrendInput,
  maskIdNumber,
  maskName,
  minDate,
  monitoringInput,
  monitoringRosterInput,
  monthEnd,
  monthsIn,
  onRoster,
  periodOf,
  prefectureOverviewInput,
  quarterKey,
  quarterOf,
  RuleViolation,
  shanghaiDay,
  subsidies,
  villageWorkshopsInput,
  workshopDetailInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { type ActorOf, areaWithin } from "../actor";
import { notFound } from "../errors";
import {
  areaRow,
  emptyFigures,
  officialAreaFigures,
  prefectureCountyFigures,
  type ShownArea,
} from "../official-figures";
import { monitorRegion } from "../region-monitoring";
import { type CountyForm, encodeForm, type FormRow, quarterTitle } from "../sheets/county-form";
import { subsidySheet, townshipSheet, trendSheet, villageSheet } from "../sheets/employment-sheet";
import { type Cell, encodeSheet } from "../sheets/spreadsheet";
import { type ContextInner, prefectureOfficialProcedure, roleProcedure } from "../trpc";
import { villageNamer } from "../views/worker-view";
import { cellKey, protectedPeriod, workshopFigures, workshopFiguresOver } from "../workshop-figures";
import { monitoringRulesProcedures } from "./monitoring-rules";

/** Officials read aggregates of their own region; they never write. */
const officialProcedure = roleProcedure("official");
type OfficialCtx = ContextInner & { actor: ActorOf<"official"> };

const today = () => shanghaiDay(new Date());

/**
 * Figures are always planned over the official's whole region and then cut to the area asked
 * for, so a township's cells are hidden the same way on every page.
 */
async function overview(ctx: OfficialCtx, period: string, regionCode?: string) {
  const scope = areaWithin(ctx.actor.regionCode, regionCode, "region");
  const p = periodOf(period);
  const all = await officialAreaFigures(ctx.db, ctx.actor.regionCode, p.from, p.to);
  const areas = all.filter((a) => a.code.startsWith(scope));
  const names = await regionNames(ctx.db, [scope, ...areas.flatMap((a) => [a.code, a.code.slice(0, 9)])]);
  const named = (a: ShownArea) => ({ ...a, name: names.get(a.code) ?? a.code });
  const region = areaRow(all, scope);
  return {
    period: p,
    region: {
      ...emptyFigures(),
      suppressed: false,
      ...region,
      code: scope,
      name: names.get(scope) ?? scope,
      level: "region" as const,
    },
    townships: areas.filter((a) => a.level === "township" && a.code !== scope).map(named),
    // Every village row names its township.
    villages: areas
      .filter((a) => a.level === "village")
      .map((a) => ({
        ...named(a),
        townshipCode: a.code.slice(0, 9),
        townshipName: names.get(a.code.slice(0, 9)) ?? null,
      })),
  };
}

/**
 * A prefecture's official (its authority's region is the prefecture's four digits, 3607) sees the
 * prefecture and each of its counties; every other official is refused, so a county never reads
 * its neighbours and no prefecture reads another (the counties are those whose codes start with its own).
 */
async function prefectureOverview(ctx: OfficialCtx, period: string) {
  const prefecture = ctx.actor.regionCode;
  const p = periodOf(period);
  const [all, known] = await Promise.all([
    prefectureCountyFigures(ctx.db, prefecture, p.from, p.to),
    regionsUnder(ctx.db, prefecture),
  ]);
  const worked = all.filter((c) => c.level === "county");
  // A county nobody worked in is listed with zeros: known to be nobody, it hides no one (and was not in the plan).
  const idle = known
    .filter((k) => !worked.some((c) => c.code === k.code))
    .map((k) => ({ ...emptyFigures(), suppressed: false, level: "county" as const, code: k.code }));
  const counties = [...worked, ...idle].sort((a, b) => a.code.localeCompare(b.code));
  const names = await regionNames(ctx.db, [prefecture, ...counties.map((c) => c.code)]);
  return {
    period: p,
    region: {
      ...emptyFigures(),
      suppressed: false,
      ...all.find((c) => c.level === "region"),
      code: prefecture,
      name: names.get(prefecture) ?? prefecture,
      level: "prefecture" as const,
    },
    counties: counties.map((c) => ({ ...c, name: names.get(c.code) ?? c.code })),
  };
}

/** Month by month, each month's figures hidden exactly as that month's overview hides them. */
async function trend(ctx: OfficialCtx, through: string, months: number, regionCode?: string) {
  const scope = areaWithin(ctx.actor.regionCode, regionCode, "region");
  const last = `${through}-01`;
  const first = addMonths(last, -(months - 1));
  const rows = [];
  for (const month of monthsIn(first, last)) {
    const all = await officialAreaFigures(ctx.db, ctx.actor.regionCode, month, monthEnd(month));
    const row = areaRow(all, scope);
    rows.push({ ...emptyFigures(), suppressed: false, ...row, month });
  }
  return rows;
}

async function monitoring(ctx: OfficialCtx, quarter: string) {
  const region = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, today());
  return {
    quarter,
    asOf: region.asOf,
    rules: region.rules,
    /** The version of the county's rules this quarter is judged by (null: the defaults, before any). */
    rulesVersion: region.rulesVersion,
    workshops: region.workshops.map((w) => ({
      id: w.workshop.id,
      name: w.workshop.name,
      shortName: w.workshop.shortName,
      regionCode: w.workshop.regionCode,
      workshopMode: w.workshop.workshopMode,
      status: w.monitoring.status,
      reasons: w.monitoring.reasons,
      failingSince: w.monitoring.failingSince,
      graceEndsOn: w.monitoring.graceEndsOn,
      countingWorkers: w.monitoring.counting.length,
      workersOnRoster: w.workersOnRoster,
      poorOnRoster: w.poorOnRoster,
      insuredUntil: w.insuredUntil,
    })),
  };
}

async function subsidyList(ctx: OfficialCtx, quarter: string) {
  const region = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, today());
  const result = subsidies(
    region.workshops.map((w) => ({
      workshopId: w.workshop.id,
      status: w.monitoring.status,
      countingWorkerIds: w.monitoring.counting.map((c) => c.workerId),
    })),
    region.rules,
  );
  const villages = villageNamer(await villageDirectory(ctx.db, ctx.actor.regionCode.slice(0, 6)));
  return {
    quarter,
    asOf: region.asOf,
    subsidyPerPersonFen: region.rules.subsidyPerPersonFen,
    people: result.people,
    totalFen: result.totalFen,
    workshops: result.lines.map((line) => {
      const w = region.workshops.find((x) => x.workshop.id === line.workshopId);
      const counting = new Map(w?.monitoring.counting.map((c) => [c.workerId, c]) ?? []);
      return {
        workshopId: line.workshopId,
        name: w?.workshop.name ?? "",
        amountFen: line.amountFen,
        // Names are masked on the subsidy list: the full roster is only in the monitoring view.
        workers: (w?.roster ?? [])
          .filter((r) => counting.has(r.worker.id))
          .map((r) => ({
            workerId: r.worker.id,
            maskedName: maskName(r.worker.name),
            villageName: villages(r.worker.villageCode),
            countedBy: counting.get(r.worker.id)?.countedBy ?? [],
            amountFen: region.rules.subsidyPerPersonFen,
          })),
      };
    }),
  };
}

const STATUS_NAMES = { running: "正常运行", under_watch: "监测待处置", removed: "清理" } as const;

/** "36078100" + "3607810010" → "象湖镇/羊角村": where a workshop is, as the county's forms name it. */
function placeNamer(names: ReadonlyMap<string, string>) {
  return (code: string | null) => {
    if (!code) return "";
    const township = code.length >= 9 ? names.get(code.slice(0, 9)) : undefined;
    const village = code.length >= 12 ? names.get(code) : undefined;
    return [township, village].filter(Boolean).join("/");
  };
}

/**
 * The people of one village by the workshops that employ them, as protected as the overview: a
 * village whose people are hidden reveals nothing at all, not even which workshops it works at.
 */
async function villageWorkshops(ctx: OfficialCtx, villageCode: string, periodKey: string) {
  const code = areaWithin(ctx.actor.regionCode, villageCode, "region");
  const p = periodOf(periodKey);
  const protectedData = await protectedPeriod(ctx.db, ctx.actor.regionCode, p.from, p.to);
  const area = areaRow(protectedData.areas, code);
  const names = await regionNames(ctx.db, [code, code.slice(0, 9)]);
  const suppressed = area !== undefined && area.people === null;
  const village = {
    ...emptyFigures(),
    ...area,
    suppressed,
    code,
    name: names.get(code) ?? code,
    townshipCode: code.slice(0, 9),
    townshipName: names.get(code.slice(0, 9)) ?? null,
  };
  if (suppressed) return { period: p, village, workshops: [] };
  const cells = protectedData.cells.filter((c) => c.villageCode === code);
  const quarter = quarterOf(minDate(p.to, today()));
  const region = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, today());
  const placeNames = await regionNames(
    ctx.db,
    region.workshops.flatMap((w) => (w.workshop.regionCode ? [w.workshop.regionCode.slice(0, 9)] : [])),
  );
  const workshops = cells.map((c) => {
    const found = region.workshops.find((w) => w.workshop.id === c.workshopId);
    return {
      id: c.workshopId,
      /** Outside the official's region: named, never opened. */
      inRegion: found !== undefined,
      name: found?.workshop.name ?? null,
      workshopMode: found?.workshop.workshopMode ?? null,
      townshipName: found?.workshop.regionCode ? (placeNames.get(found.workshop.regionCode.slice(0, 9)) ?? null) : null,
      status: found?.monitoring.status ?? null,
      graceEndsOn: found?.monitoring.graceEndsOn ?? null,
      people: protectedData.shownCells.get(cellKey(code, c.workshopId)) ?? null,
    };
  });
  return {
    period: p,
    quarter,
    village,
    workshops: workshops.sort(
      (a, b) => (b.people ?? 0) - (a.people ?? 0) || (a.name ?? "").localeCompare(b.name ?? "", "zh-CN"),
    ),
  };
}

const HISTORY_QUARTERS = 6;
const TREND_MONTHS = 6;

/**
 * One workshop of the official's region: its status quarter by quarter, its insurance, its roster
 * size and its piecework month by month, every figure about people protected (workshop-figures.ts).
 */
async function workshopDetail(ctx: OfficialCtx, workshopId: string, quarter: string) {
  const now = today();
  const asked = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, now);
  const found = asked.workshops.find((w) => w.workshop.id === workshopId);
  if (!found) throw notFound("workshop");
  const quarters: string[] = [];
  for (let i = HISTORY_QUARTERS - 1; i >= 0; i--) quarters.push(quarterOf(addMonths(periodOf(quarter).from, -3 * i)));
  const history = [];
  for (const q of quarters) {
    if (periodOf(q).from > now) continue;
    const region = q === quarter ? asked : await monitorRegion(ctx.db, ctx.actor.regionCode, q, now);
    const w = region.workshops.find((x) => x.workshop.id === workshopId);
    if (!w) continue;
    const small = (n: number) => (n > 0 && n < 3 ? null : n);
    history.push({
      quarter: q,
      asOf: region.asOf,
      status: w.monitoring.status,
      // The reason without its count: a count of 1–2 qualifying people is not shown here.
      reasons: w.monitoring.reasons.map((r) => r.code),
      graceEndsOn: w.monitoring.graceEndsOn,
      workersOnRoster: small(w.workersOnRoster),
    });
  }
  const ids = asked.workshops.map((w) => w.workshop.id);
  const lastMonth = minDate(periodOf(quarter).to, now).slice(0, 7);
  const trend = [];
  for (const month of monthsIn(addMonths(`${lastMonth}-01`, -(TREND_MONTHS - 1)), `${lastMonth}-01`)) {
    const data = await protectedPeriod(ctx.db, ctx.actor.regionCode, month, monthEnd(month));
    const figures = workshopFigures(data, ids).find((f) => f.workshopId === workshopId);
    trend.push({
      month: month.slice(0, 7),
      people: figures?.people ?? null,
      qty: figures?.qty ?? null,
      averageMonthlyEarningsFen: figures?.averageMonthlyEarningsFen ?? null,
    });
  }
  const insurance = (await insuranceOf(ctx.db, [workshopId])).map((i) => ({
    insurer: i.insurer,
    policyNumber: i.policyNumber,
    coversFrom: i.coversFrom,
    coversTo: i.coversTo,
    current: i.coversFrom <= asked.asOf && i.coversTo >= asked.asOf,
  }));
  const names = await regionNames(
    ctx.db,
    found.workshop.regionCode ? [found.workshop.regionCode.slice(0, 9), found.workshop.regionCode] : [],
  );
  return {
    workshop: {
      id: found.workshop.id,
      name: found.workshop.name,
      workshopMode: found.workshop.workshopMode,
      place: placeNamer(names)(found.workshop.regionCode),
    },
    quarter,
    asOf: asked.asOf,
    status: found.monitoring.status,
    graceEndsOn: found.monitoring.graceEndsOn,
    workersOnRoster: history.find((h) => h.quarter === quarter)?.workersOnRoster ?? null,
    insuredUntil: found.insuredUntil,
    history,
    insurance,
    trend,
  };
}

/** The county's quarterly forms: every workshop of the region in the office's layout. */
async function countyForm(ctx: OfficialCtx, kind: "monitoring" | "absorption", quarter: string): Promise<CountyForm> {
  const region = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, today());
  const p = periodOf(quarter);
  const to = minDate(p.to, today());
  const { workshops: figures } = await workshopFiguresOver(
    ctx.db,
    ctx.actor.regionCode,
    p.from,
    monthEnd(to),
    region.workshops.map((w) => w.workshop.id),
  );
  const names = await regionNames(ctx.db, [
    ctx.actor.regionCode,
    ...region.workshops.flatMap((w) =>
      w.workshop.regionCode ? [w.workshop.regionCode.slice(0, 9), w.workshop.regionCode] : [],
    ),
  ]);
  const place = placeNamer(names);
  const rows: FormRow[] = region.workshops.flatMap((w, i) => {
    const f = figures[i];
    if (!f) return [];
    // The absorption form lists the workshops that employed anyone in the quarter (or hide it).
    if (kind === "absorption" && f.people === 0) return [];
    const note =
      kind === "monitoring"
        ? [
            w.monitoring.reasons.map(reasonNote).join("；"),
            w.monitoring.graceEndsOn ? `整改期满 ${w.monitoring.graceEndsOn}` : "",
          ]
            .filter(Boolean)
            .join("；")
        : w.insuredUntil
          ? `意外伤害保险有效至 ${w.insuredUntil}`
          : "未在保意外伤害保险";
    return [
      {
        name: w.workshop.name,
        workshopMode: w.workshop.workshopMode,
        place: place(w.workshop.regionCode),
        contactName: w.workshop.contactName,
        contactPhone: w.workshop.contactPhone,
        people: f.people,
        poorPeople: f.poorPeople,
        monitoredPeople: f.monitoredPeople,
        averageMonthlyEarningsFen: f.averageMonthlyEarningsFen,
        status: STATUS_NAMES[w.monitoring.status],
        note,
      },
    ];
  });
  const regionName = names.get(ctx.actor.regionCode) ?? ctx.actor.regionCode;
  const title = kind === "monitoring" ? "就业帮扶车间监测表" : "就业帮扶车间吸纳脱贫人口就业情况表";
  return {
    title: `${regionName}${title}（${quarterTitle(quarter)}）`,
    periodLine: `统计期：${p.from} 至 ${p.to}　状态截至：${region.asOf}　填报日期：${today()}`,
    rows,
  };
}

function reasonNote(reason: { code: string; counted?: number; required?: number }): string {
  return reason.code === "too_few_poor_workers" ? `符合条件的脱贫人口少于 ${reason.required} 人` : "未在保意外伤害保险";
}

function requireQuarter(period: string): string {
  if (!quarterKey.safeParse(period).success)
    throw new RuleViolation("input", "must be a quarter such as 2026-Q1", { reason: "notAQuarter", field: "period" });
  return period;
}

async function exportRows(
  ctx: OfficialCtx,
  table: Exclude<EmploymentTable, "monitoring" | "absorption">,
  period: string,
): Promise<Cell[][]> {
  switch (table) {
    case "townships":
      return townshipSheet((await overview(ctx, period)).townships);
    case "villages":
      return villageSheet((await overview(ctx, period)).villages);
    case "trend": {
      const p = periodOf(period);
      const months = monthsIn(p.from, p.to).length;
      return trendSheet(await trend(ctx, p.to.slice(0, 7), months));
    }
    case "subsidies":
      return subsidySheet(await subsidyList(ctx, requireQuarter(period)));
  }
}

export const employmentRouter = {
  overview: officialProcedure
    .input(employmentOverviewInput)
    .query(({ ctx, input }) => overview(ctx, input.period, input.regionCode)),

  /** The prefecture and its counties (a prefecture's official only). */
  prefectureOverview: prefectureOfficialProcedure
    .input(prefectureOverviewInput)
    .query(({ ctx, input }) => prefectureOverview(ctx, input.period)),

  trend: officialProcedure
    .input(employmentTrendInput)
    .query(({ ctx, input }) => trend(ctx, input.through, input.months, input.regionCode)),

  /** 就业帮扶车间 status per quarter with its reason. */
  monitoring: officialProcedure.input(monitoringInput).query(({ ctx, input }) => monitoring(ctx, input.quarter)),

  /** Names are shown here only: the roster of one workshop in the official's region, id numbers masked. */
  monitoringRoster: officialProcedure.input(monitoringRosterInput).query(async ({ ctx, input }) => {
    const region = await monitorRegion(ctx.db, ctx.actor.regionCode, input.quarter, today());
    const found = region.workshops.find((w) => w.workshop.id === input.workshopId);
    if (!found) throw notFound("workshop");
    const villages = villageNamer(await villageDirectory(ctx.db, ctx.actor.regionCode.slice(0, 6)));
    const counting = new Map(found.monitoring.counting.map((c) => [c.workerId, c]));
    return {
      workshop: { id: found.workshop.id, name: found.workshop.name },
      quarter: input.quarter,
      asOf: region.asOf,
      status: found.monitoring.status,
      workers: found.roster
        .filter((r) => onRoster(r.worker, region.asOf))
        .map((r) => ({
          id: r.worker.id,
          name: r.worker.name,
          idNumberMasked: maskIdNumber(r.worker.idNumberLast4),
          villageName: villages(r.worker.villageCode),
          poorHousehold: r.worker.poorHousehold,
          monitored: r.worker.monitored,
          disabled: r.worker.disabled,
          returnee: r.worker.returnee,
          joinedOn: r.worker.joinedOn,
          leftOn: r.worker.leftOn,
          counts: counting.has(r.worker.id),
          countedBy: counting.get(r.worker.id)?.countedBy ?? [],
          earningsLast12MonthsFen: counting.get(r.worker.id)?.earningsLast12MonthsFen ?? null,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
    };
  }),

  /** 符合即享受: who qualifies, for how much, in total; nobody has to apply. */
  subsidies: officialProcedure.input(monitoringInput).query(({ ctx, input }) => subsidyList(ctx, input.quarter)),

  /** rules, rulesHistory, previewRules, updateRules: the rules officials own. */
  ...monitoringRulesProcedures,

  /** A village's people by the workshops that employ them (drill-down from a village row). */
  villageWorkshops: officialProcedure
    .input(villageWorkshopsInput)
    .query(({ ctx, input }) => villageWorkshops(ctx, input.villageCode, input.period)),

  /** One workshop's status history, insurance, roster size and piecework trend (drill-down). */
  workshopDetail: officialProcedure
    .input(workshopDetailInput)
    .query(({ ctx, input }) => workshopDetail(ctx, input.workshopId, input.quarter)),

  export: officialProcedure.input(employmentExportInput).query(async ({ ctx, input }) => {
    if (input.table === "monitoring" || input.table === "absorption") {
      const quarter = requireQuarter(input.period);
      const name = input.table === "monitoring" ? "就业帮扶车间监测表" : "吸纳脱贫人口就业情况表";
      return encodeForm(input.format, `${name}-${quarter}`, await countyForm(ctx, input.table, quarter));
    }
    const rows = await exportRows(ctx, input.table, input.period);
    return encodeSheet(input.format, `就业-${input.table}-${input.period}`, rows);
  }),
} satisfies TRPCRouterRecord;
