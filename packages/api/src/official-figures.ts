import {
  type AreaFigures,
  type CountyFigures,
  type EmploymentFigures,
  type Executor,
  employmentByArea,
  employmentByCounty,
} from "@kitflow/db";
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
export type ShownCounty = ShownFigures & { level: CountyFigures["level"]; code: string; suppressed: boolean };

const FIGURE_KEYS = ["daysWorked", "earningsFen", "medianMonthlyEarningsFen", "activeWorkshops"] as const;

/**
 * The official's whole region (never a part of it: a township's total must be hidden or shown the
 * same way whichever page asks) as an area tree the privacy plan can read.
 */
function treeOf(regionCode: string, areas: readonly AreaFigures[]): Tree<AreaFigures> {
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

type Tree<T> = (T & AreaCounts)[];

/**
 * Every row's figures over whole months [from, to], with small counts hidden and complemented
 * (packages/domain/src/workforce/privacy.ts). A period of several months also hides money and days
 * of every row hidden in any of its months, so a quarter minus its shown months gives nothing away.
 */
async function protectedTree<T extends EmploymentFigures & AreaCounts>(
  from: string,
  to: string,
  treeOver: (from: string, to: string) => Promise<T[]>,
) {
  const months = monthsIn(from, to);
  const whole = await treeOver(from, to);
  const monthPlans: HiddenCounts[] = [];
  if (months.length > 1) {
    for (const m of months) monthPlans.push(planSuppression(await treeOver(m, monthEnd(m))));
  }
  return applySuppression(whole, planSuppression(whole), FIGURE_KEYS, rowsHiddenInAnyMonth(monthPlans)).map(
    ({ parentCode: _parent, ...row }) => row,
  );
}

/** Every area (township, village) under the official's region, protected as one tree. */
export async function officialAreaFigures(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
): Promise<ShownArea[]> {
  return protectedTree(from, to, async (f, t) =>
    treeOf(regionCode, await employmentByArea(db, { regionCode, from: f, to: t })),
  );
}

/** A prefecture and its counties, protected as one tree: the prefecture official's overview. */
export async function prefectureCountyFigures(
  db: Executor,
  prefectureCode: string,
  from: string,
  to: string,
): Promise<ShownCounty[]> {
  return protectedTree(
    from,
    to,
    async (f, t): Promise<Tree<CountyFigures>> =>
      (await employmentByCounty(db, { regionCode: prefectureCode, from: f, to: t })).map((c) => ({
        ...c,
        parentCode: c.level === "region" ? null : prefectureCode,
      })),
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
