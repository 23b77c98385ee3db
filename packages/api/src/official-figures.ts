import {
  type AreaFigures,
  type AreaGrouping,
  type CountyFigures,
  type EmploymentFigures,
  type Executor,
  employmentByArea,
  employmentByCounty,
  monthlyAreaCounts,
} from "@kitflow/db";
import {
  type AreaCounts,
  applySuppression,
  type HiddenCounts,
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

type Tree<T> = (T & AreaCounts)[];
type Placed = { level: string; code: string };

/**
 * The official's whole region (never a part of it: a township's total must be hidden or shown the
 * same way whichever page asks) as an area tree the privacy plan can read.
 */
function treeOf<T extends Placed>(regionCode: string, areas: readonly T[]): (T & { parentCode: string | null })[] {
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

/** A prefecture's counties under it. */
function countyTreeOf<T extends Placed>(prefectureCode: string, rows: readonly T[]) {
  return rows.map((r) => ({ ...r, parentCode: r.level === "region" ? null : prefectureCode }));
}

/** Each month's privacy plan over [from, to], from one statement of counts. */
async function monthPlans(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
  grouping: AreaGrouping,
): Promise<HiddenCounts[]> {
  const months = monthsIn(from, to);
  if (months.length < 2) return [];
  const counts = await monthlyAreaCounts(db, { regionCode, from, to }, grouping);
  const place = grouping === "counties" ? countyTreeOf : treeOf;
  return months.map((m) =>
    planSuppression(
      place(
        regionCode,
        counts.filter((c) => c.month === m),
      ),
    ),
  );
}

/**
 * Every row's figures over whole months [from, to], with small counts hidden and complemented
 * (packages/domain/src/workforce/privacy.ts). A period of several months also hides money and days
 * of every row hidden in any of its months, so a quarter minus its shown months gives nothing away.
 * The period's figures and the months' counts are two statements, sent together.
 */
async function protectedTree<T extends EmploymentFigures & AreaCounts>(
  db: Executor,
  scope: { regionCode: string; from: string; to: string },
  grouping: AreaGrouping,
  tree: Promise<Tree<T>>,
) {
  const [whole, plans] = await Promise.all([tree, monthPlans(db, scope.regionCode, scope.from, scope.to, grouping)]);
  return applySuppression(whole, planSuppression(whole), FIGURE_KEYS, rowsHiddenInAnyMonth(plans)).map(
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
  const scope = { regionCode, from, to };
  return protectedTree(
    db,
    scope,
    "villages",
    employmentByArea(db, scope).then((areas) => treeOf(regionCode, areas)),
  );
}

/** A prefecture and its counties, protected as one tree: the prefecture official's overview. */
export async function prefectureCountyFigures(
  db: Executor,
  prefectureCode: string,
  from: string,
  to: string,
): Promise<ShownCounty[]> {
  const scope = { regionCode: prefectureCode, from, to };
  return protectedTree(
    db,
    scope,
    "counties",
    employmentByCounty(db, scope).then((counties) => countyTreeOf(prefectureCode, counties)),
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
