import type { EmploymentFigures } from "@kitflow/db";
import { formatFen, suppressSmallCounts } from "@kitflow/domain";
import type { Cell } from "./spreadsheet";

/*
 * The official's exports, in the headings the county bureau's own tables use. The figures come
 * from the employment router; this module only lays them out.
 */

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

type Area = EmploymentFigures & { code: string; name: string };

export function townshipSheet(townships: readonly Area[]): Cell[][] {
  return [["乡镇代码", "乡镇", ...FIGURE_HEADINGS], ...townships.map((t) => [t.code, t.name, ...figureCells(t)])];
}

export function villageSheet(villages: readonly Area[]): Cell[][] {
  return [["村代码", "村", ...FIGURE_HEADINGS], ...villages.map((v) => [v.code, v.name, ...villageCells(v)])];
}

export function trendSheet(rows: readonly (EmploymentFigures & { month: string })[]): Cell[][] {
  return [["月份", ...FIGURE_HEADINGS], ...rows.map((r) => [r.month.slice(0, 7), ...figureCells(r)])];
}

interface MonitoredWorkshop {
  name: string;
  regionCode: string | null;
  status: keyof typeof STATUS_NAMES;
  reasons: readonly { code: string; counted?: number; required?: number }[];
  graceEndsOn: string | null;
  workersOnRoster: number;
  poorOnRoster: number;
  countingWorkers: number;
  insuredUntil: string | null;
}

export function monitoringSheet(workshops: readonly MonitoredWorkshop[]): Cell[][] {
  return [
    ["车间", "所在乡镇代码", "状态", "原因", "整改期满", "在册人数", "在册脱贫人口", "符合条件脱贫人口", "保险有效至"],
    ...workshops.map((w) => [
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

interface SubsidyList {
  people: number;
  totalFen: number;
  workshops: readonly {
    name: string;
    workers: readonly {
      maskedName: string;
      villageName: string | null;
      countedBy: readonly string[];
      amountFen: number;
    }[];
  }[];
}

export function subsidySheet(s: SubsidyList): Cell[][] {
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
