import {
  type AreaFigures,
  type EmploymentFigures,
  employmentByArea,
  employmentByMonth,
  regionNames,
  storedMonitoringRules,
  villageDirectory,
} from "@kitflow/db";
import {
  addMonths,
  type EmploymentTable,
  effectiveRules,
  employmentExportInput,
  employmentOverviewInput,
  employmentTrendInput,
  formatFen,
  maskIdNumber,
  maskName,
  monitoringInput,
  monitoringRosterInput,
  monthEnd,
  monthsIn,
  onRoster,
  periodOf,
  RuleViolation,
  shanghaiDay,
  subsidies,
  suppressSmallCounts,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { type ActorOf, areaWithin } from "../actor";
import { notFound } from "../errors";
import { monitorRegion } from "../region-monitoring";
import { type Cell, encodeSheet } from "../sheets/spreadsheet";
import { type ContextInner, roleProcedure } from "../trpc";
import { villageNamer } from "../views/worker-view";

/** Officials read aggregates of their own region; they never write. */
const officialProcedure = roleProcedure("official");
type OfficialCtx = ContextInner & { actor: ActorOf<"official"> };

const today = () => shanghaiDay(new Date());

async function overview(ctx: OfficialCtx, period: string, regionCode?: string) {
  const scope = areaWithin(ctx.actor.regionCode, regionCode, "region");
  const p = periodOf(period);
  const areas = await employmentByArea(ctx.db, { regionCode: scope, from: p.from, to: p.to });
  const names = await regionNames(ctx.db, [scope, ...areas.map((a) => a.code)]);
  const named = (a: AreaFigures) => ({ ...a, name: names.get(a.code) ?? a.code });
  const region = areas.find((a) => a.level === "region");
  return {
    period: p,
    region: {
      code: scope,
      name: names.get(scope) ?? scope,
      ...(region ?? emptyFigures()),
    },
    townships: areas.filter((a) => a.level === "township").map(named),
    villages: areas.filter((a) => a.level === "village").map(named),
  };
}

function emptyFigures(): EmploymentFigures {
  return {
    people: 0,
    poorPeople: 0,
    monitoredPeople: 0,
    newPeople: 0,
    daysWorked: 0,
    earningsFen: 0,
    medianMonthlyEarningsFen: 0,
    activeWorkshops: 0,
  };
}

async function trend(ctx: OfficialCtx, through: string, months: number, regionCode?: string) {
  const scope = areaWithin(ctx.actor.regionCode, regionCode, "region");
  const last = `${through}-01`;
  const first = addMonths(last, -(months - 1));
  const rows = await employmentByMonth(ctx.db, { regionCode: scope, from: first, to: monthEnd(last) });
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return monthsIn(first, last).map((month) => ({ ...emptyFigures(), ...byMonth.get(month), month }));
}

async function monitoring(ctx: OfficialCtx, quarter: string) {
  const region = await monitorRegion(ctx.db, ctx.actor.regionCode, quarter, today());
  return {
    quarter,
    asOf: region.asOf,
    rules: region.rules,
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

const FIGURE_HEADINGS = [
  "从业人数",
  "脱贫人口",
  "监测对象",
  "本期新增",
  "务工天数",
  "工资总额(元)",
  "月工资中位数(元)",
  "在产车间",
];

function figureCells(f: EmploymentFigures): Cell[] {
  return [
    f.people,
    f.poorPeople,
    f.monitoredPeople,
    f.newPeople,
    f.daysWorked,
    formatFen(f.earningsFen),
    formatFen(f.medianMonthlyEarningsFen),
    f.activeWorkshops,
  ];
}

/** Village rows of 1–2 people would identify them: such cells are written as "<3". */
function villageCells(f: EmploymentFigures): Cell[] {
  const s = suppressSmallCounts(
    { ...f },
    "people",
    ["poorPeople", "monitoredPeople", "newPeople"],
    ["daysWorked", "earningsFen", "medianMonthlyEarningsFen", "activeWorkshops"],
  );
  const cell = (v: number | null, money = false): Cell => (v === null ? "<3" : money ? formatFen(v) : v);
  return [
    cell(s.people),
    cell(s.poorPeople),
    cell(s.monitoredPeople),
    cell(s.newPeople),
    cell(s.daysWorked),
    cell(s.earningsFen, true),
    cell(s.medianMonthlyEarningsFen, true),
    cell(s.activeWorkshops),
  ];
}

const STATUS_NAMES = { running: "正常运行", under_watch: "监测待处置", removed: "清理" } as const;

function reasonText(reason: { code: string; counted?: number; required?: number }): string {
  return reason.code === "too_few_poor_workers"
    ? `符合条件的脱贫人口 ${reason.counted} 人，少于 ${reason.required} 人`
    : "未在保的意外伤害保险";
}

function requireQuarter(period: string): string {
  if (!/^\d{4}-Q[1-4]$/.test(period)) throw new RuleViolation("input", "must be a quarter such as 2026-Q1", "period");
  return period;
}

async function exportRows(ctx: OfficialCtx, table: EmploymentTable, period: string): Promise<Cell[][]> {
  switch (table) {
    case "townships": {
      const o = await overview(ctx, period);
      return [["乡镇代码", "乡镇", ...FIGURE_HEADINGS], ...o.townships.map((t) => [t.code, t.name, ...figureCells(t)])];
    }
    case "villages": {
      const o = await overview(ctx, period);
      return [["村代码", "村", ...FIGURE_HEADINGS], ...o.villages.map((v) => [v.code, v.name, ...villageCells(v)])];
    }
    case "trend": {
      const p = periodOf(period);
      const months = monthsIn(p.from, p.to).length;
      const rows = await trend(ctx, p.to.slice(0, 7), months);
      return [["月份", ...FIGURE_HEADINGS], ...rows.map((r) => [r.month.slice(0, 7), ...figureCells(r)])];
    }
    case "monitoring": {
      const m = await monitoring(ctx, requireQuarter(period));
      return [
        [
          "车间",
          "所在乡镇代码",
          "状态",
          "原因",
          "整改期满",
          "在册人数",
          "在册脱贫人口",
          "符合条件脱贫人口",
          "保险有效至",
        ],
        ...m.workshops.map((w) => [
          w.name,
          w.regionCode,
          STATUS_NAMES[w.status],
          w.reasons.map(reasonText).join("；"),
          w.graceEndsOn,
          w.workersOnRoster,
          w.poorOnRoster,
          w.countingWorkers,
          w.insuredUntil,
        ]),
      ];
    }
    case "subsidies": {
      const s = await subsidyList(ctx, requireQuarter(period));
      return [
        ["车间", "姓名", "所在村", "认定依据", "金额(元)"],
        ...s.workshops.flatMap((w) =>
          w.workers.map((x) => [
            w.name,
            x.maskedName,
            x.villageName,
            x.countedBy.map((c) => (c === "tenure" ? "稳定就业" : "收入达标")).join("、"),
            formatFen(x.amountFen),
          ]),
        ),
        ["合计", `${s.people} 人`, null, null, formatFen(s.totalFen)],
      ];
    }
  }
}

export const employmentRouter = {
  overview: officialProcedure
    .input(employmentOverviewInput)
    .query(({ ctx, input }) => overview(ctx, input.period, input.regionCode)),

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

  rules: officialProcedure.query(async ({ ctx }) =>
    effectiveRules(await storedMonitoringRules(ctx.db, ctx.actor.regionCode)),
  ),

  export: officialProcedure.input(employmentExportInput).query(async ({ ctx, input }) => {
    const rows = await exportRows(ctx, input.table, input.period);
    return encodeSheet(input.format, `就业-${input.table}-${input.period}`, rows);
  }),
} satisfies TRPCRouterRecord;
