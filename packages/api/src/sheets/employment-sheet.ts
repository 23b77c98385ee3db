import { formatFen } from "@kitflow/domain";
import type { ShownFigures } from "../official-figures";
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

/** A hidden figure: the same mark whether the cell was small or hidden to protect another. */
export const HIDDEN_CELL = "—";
/** The note under every table of employment figures. */
export const HIDDEN_NOTE = "少于3人的数据已隐藏（—），相邻单元格一并隐藏以免推算";

/** The figures arrive already protected (official-figures.ts); hidden ones are null and written as "—". */
function figureCells(f: ShownFigures): Cell[] {
  const cell = (v: number | null, money = false): Cell => (v === null ? HIDDEN_CELL : money ? formatFen(v) : v);
  return [
    cell(f.people),
    cell(f.poorPeople),
    cell(f.monitoredPeople),
    cell(f.newPeople),
    cell(f.daysWorked),
    cell(f.earningsFen, true),
    cell(f.medianMonthlyEarningsFen, true),
    cell(f.activeWorkshops),
  ];
}

type Area = ShownFigures & { code: string; name: string };

export function townshipSheet(townships: readonly Area[]): Cell[][] {
  return [
    ["乡镇代码", "乡镇", ...FIGURE_HEADINGS],
    ...townships.map((t) => [t.code, t.name, ...figureCells(t)]),
    [HIDDEN_NOTE],
  ];
}

export function villageSheet(villages: readonly Area[]): Cell[][] {
  return [
    ["村代码", "村", ...FIGURE_HEADINGS],
    ...villages.map((v) => [v.code, v.name, ...figureCells(v)]),
    [HIDDEN_NOTE],
  ];
}

export function trendSheet(rows: readonly (ShownFigures & { month: string })[]): Cell[][] {
  return [["月份", ...FIGURE_HEADINGS], ...rows.map((r) => [r.month.slice(0, 7), ...figureCells(r)]), [HIDDEN_NOTE]];
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
