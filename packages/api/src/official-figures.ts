import { type AreaFigures, type EmploymentFigures, type Executor, employmentByArea } from "@kitflow/db";
import {
  type AreaCounts,
  applySuppression,
  type HiddenCounts,
  monthEnd,
  monthsIn,
  planSuppression,
  rowsHiddenInAnyMonth,
  type Shown,
} from "@kitflow/domain";

/** Employment figures as an official may see them: null where hidden. */
export type ShownFigures = Shown<EmploymentFigures>;
export type ShownArea = ShownFigures & { level: AreaFigures["level"]; code: string; suppressed: boolean };

const FIGURE_KEYS = ["daysWorked", "earningsFen", "medianMonthlyEarningsFen", "activeWorkshops"] as const;

/**
 * The official's whole region (never a part of it: a township's total must be hidden or shown the
 * same way whichever page asks) as an area tree the privacy plan can read.
 */
function treeOf(regionCode: string, areas: readonly AreaFigures[]): (AreaFigures & AreaCounts)[] {
  // A township-level region's own township row is the region row again.
  const townshipsAreRoot = regionCode.length >= 9;
  return areas
    .filter((a) => !(townshipsAreRoot && a.level === "township"))
    .map((a) => ({
      ...a,
      parentCode:
        a.level === "region" ? null : a.level === "township" || townshipsAreRoot ? regionCode : a.code.slice(0, 9),
    }));
}

async function planFor(db: Executor, regionCode: string, from: string, to: string) {
  const tree = treeOf(regionCode, await employmentByArea(db, { regionCode, from, to }));
  return { tree, hidden: planSuppression(tree) };
}

/**
 * Every area's figures over whole months [from, to] under the official's region, with small
 * counts hidden and complemented (packages/domain/src/workforce/privacy.ts). A period of several
 * months also hides money and days of every row hidden in any of its months, so a quarter minus
 * its shown months gives nothing away.
 */
export async function officialAreaFigures(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
): Promise<ShownArea[]> {
  const months = monthsIn(from, to);
  const whole = await planFor(db, regionCode, from, to);
  const monthPlans: HiddenCounts[] = [];
  if (months.length > 1) {
    for (const m of months) monthPlans.push((await planFor(db, regionCode, m, monthEnd(m))).hidden);
  }
  return applySuppression(whole.tree, whole.hidden, FIGURE_KEYS, rowsHiddenInAnyMonth(monthPlans)).map(
    ({ parentCode: _parent, ...row }) => row,
  );
}

/** One row of the protected tree: the region itself, or a township or village of it. */
export function areaRow(areas: readonly ShownArea[], code: string): ShownArea | undefined {
  return areas.find((a) => a.code === code);
}

export function emptyFigures(): EmploymentFigures {
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
