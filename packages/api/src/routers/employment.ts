import { regionNames, villageDirectory } from "@kitflow/db";
import {
  addMonths,
  type EmploymentTable,
  employmentExportInput,
  employmentOverviewInput,
  employmentTrendInput,
  maskIdNumber,
  maskName,
  monitoringInput,
  monitoringRosterInput,
  monthEnd,
  monthsIn,
  onRoster,
  periodOf,
  quarterKey,
  RuleViolation,
  shanghaiDay,
  subsidies,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { type ActorOf, areaWithin } from "../actor";
import { notFound } from "../errors";
import { areaRow, emptyFigures, officialAreaFigures, type ShownArea } from "../official-figures";
import { monitorRegion } from "../region-monitoring";
import { monitoringSheet, subsidySheet, townshipSheet, trendSheet, villageSheet } from "../sheets/employment-sheet";
import { type Cell, encodeSheet } from "../sheets/spreadsheet";
import { type ContextInner, roleProcedure } from "../trpc";
import { villageNamer } from "../views/worker-view";
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
  const names = await regionNames(ctx.db, [scope, ...areas.map((a) => a.code)]);
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
    villages: areas.filter((a) => a.level === "village").map(named),
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

function requireQuarter(period: string): string {
  if (!quarterKey.safeParse(period).success)
    throw new RuleViolation("input", "must be a quarter such as 2026-Q1", { reason: "notAQuarter", field: "period" });
  return period;
}

async function exportRows(ctx: OfficialCtx, table: EmploymentTable, period: string): Promise<Cell[][]> {
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
    case "monitoring":
      return monitoringSheet((await monitoring(ctx, requireQuarter(period))).workshops);
    case "subsidies":
      return subsidySheet(await subsidyList(ctx, requireQuarter(period)));
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

  /** rules, rulesHistory, previewRules, updateRules: the rules officials own. */
  ...monitoringRulesProcedures,

  export: officialProcedure.input(employmentExportInput).query(async ({ ctx, input }) => {
    const rows = await exportRows(ctx, input.table, input.period);
    return encodeSheet(input.format, `就业-${input.table}-${input.period}`, rows);
  }),
} satisfies TRPCRouterRecord;
