import {
  type AreaFigures,
  type Executor,
  employmentByArea,
  employmentByVillageAndWorkshop,
  type VillageWorkshopFigures,
} from "@kitflow/db";
import { monthEnd, monthsIn, protectParts, shownWorkshopTotals } from "@kitflow/domain";
import { officialAreaFigures, type ShownArea } from "./official-figures";

/*
 * Figures about the people of one village at one workshop, and about a workshop as a whole, for the
 * official's drill-downs and the county's forms. They are built on top of the area plan
 * (official-figures.ts) and never publish anything that plan hides (README, "Privacy of officials'
 * figures"):
 * - a village's split by workshop is shown only for a village whose people are shown, its parts
 *   protected like any table under a shown total (protectParts);
 * - a workshop's figure is shown only when every village it draws people from shows that figure
 *   and shows its cell at the workshop: the workshop's figure is then a sum of published cells and
 *   adds nothing to what the area tables already give away; small workshop figures are hidden and
 *   complemented across the region's workshops like any other table.
 */

export interface ProtectedPeriod {
  regionCode: string;
  /** The area table's true figures, for the audit only; never published. */
  rawAreas: AreaFigures[];
  from: string;
  to: string;
  areas: ShownArea[];
  cells: VillageWorkshopFigures[];
  /** People of a village at a workshop as the village's drill-down shows them; keyed by cellKey. */
  shownCells: Map<string, number | null>;
}

export const cellKey = (villageCode: string, workshopId: string) => `${villageCode}|${workshopId}`;

export async function protectedPeriod(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
): Promise<ProtectedPeriod> {
  const areas = await officialAreaFigures(db, regionCode, from, to);
  const rawAreas = await employmentByArea(db, { regionCode, from, to });
  const cells = await employmentByVillageAndWorkshop(db, { regionCode, from, to });
  const shownCells = new Map<string, number | null>();
  const byVillage = new Map<string, VillageWorkshopFigures[]>();
  for (const c of cells) byVillage.set(c.villageCode, [...(byVillage.get(c.villageCode) ?? []), c]);
  for (const [village, own] of byVillage) {
    const people = areas.find((a) => a.code === village)?.people ?? null;
    if (people === null) {
      for (const c of own) shownCells.set(cellKey(village, c.workshopId), null);
      continue;
    }
    const parts = protectParts(
      people,
      own.map((c) => ({ key: c.workshopId, value: c.people })),
    );
    for (const c of own) shownCells.set(cellKey(village, c.workshopId), parts.get(c.workshopId) ?? null);
  }
  return { regionCode, rawAreas, from, to, areas, cells, shownCells };
}

export interface ShownWorkshopFigures {
  workshopId: string;
  people: number | null;
  poorPeople: number | null;
  monitoredPeople: number | null;
  /** Average earnings per worker-month with work, integer fen. */
  averageMonthlyEarningsFen: number | null;
  /** Pieces recorded. */
  qty: number | null;
  /** Hidden whole: fewer than 3 people, or hidden so that no other figure can be worked out. */
  suppressed: boolean;
}

type Column = "people" | "poorPeople" | "monitoredPeople" | "earningsFen";

/**
 * Every workshop's figures over the period, protected; `workshopIds` lists the workshops to report
 * (those without anyone working in the period get known zeros). Each figure is audited with every
 * equation the official already has (shownWorkshopTotals).
 */
export function workshopFigures(period: ProtectedPeriod, workshopIds: readonly string[]): ShownWorkshopFigures[] {
  const shownArea = new Map(period.areas.map((a) => [a.code, a]));
  const region = period.regionCode;
  const townshipsAreRoot = region.length >= 9;
  const rawAreas = period.rawAreas.filter((a) => !(townshipsAreRoot && a.level === "township"));
  const parentOf = (a: AreaFigures) =>
    a.level === "region" ? null : a.level === "township" || townshipsAreRoot ? region : a.code.slice(0, 9);
  const shownFor = (column: Column, lowerBound: number) =>
    shownWorkshopTotals(
      rawAreas.map((a) => {
        const seen = shownArea.get(a.code);
        return {
          code: a.code,
          parentCode: parentOf(a),
          value: a[column],
          shown: seen?.[column] != null,
          people: a.people,
          upperBound: column === "people" || seen?.people == null ? undefined : a.people,
        };
      }),
      period.cells.map((c) => ({
        areaCode: c.villageCode,
        workshopId: c.workshopId,
        value: c[column],
        people: c.people,
        shown: column === "people" && period.shownCells.get(cellKey(c.villageCode, c.workshopId)) != null,
      })),
      lowerBound,
    );
  const people = shownFor("people", 1);
  const poor = shownFor("poorPeople", 0);
  const monitored = shownFor("monitoredPeople", 0);
  const money = shownFor("earningsFen", 1);
  const totals = new Map<string, VillageWorkshopFigures[]>();
  for (const c of period.cells) totals.set(c.workshopId, [...(totals.get(c.workshopId) ?? []), c]);
  return workshopIds.map((id) => {
    const own = totals.get(id);
    if (!own) {
      return {
        workshopId: id,
        people: 0,
        poorPeople: 0,
        monitoredPeople: 0,
        averageMonthlyEarningsFen: null,
        qty: 0,
        suppressed: false,
      };
    }
    const sum = (f: (c: VillageWorkshopFigures) => number) => own.reduce((n, c) => n + f(c), 0);
    const whole = !people.has(id);
    const months = sum((c) => c.workerMonths);
    return {
      workshopId: id,
      people: whole ? null : sum((c) => c.people),
      poorPeople: whole || !poor.has(id) ? null : sum((c) => c.poorPeople),
      monitoredPeople: whole || !monitored.has(id) ? null : sum((c) => c.monitoredPeople),
      averageMonthlyEarningsFen:
        whole || !money.has(id) || months === 0 ? null : Math.round(sum((c) => c.earningsFen) / months),
      qty: whole ? null : sum((c) => c.qty),
      suppressed: whole,
    };
  });
}

/**
 * Workshop figures over whole months [from, to]. Like the area figures (rule 3), a period of several
 * months also hides the money and pieces of a workshop hidden in any of its months, so that the
 * period minus its shown months gives nothing away.
 */
export async function workshopFiguresOver(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
  workshopIds: readonly string[],
): Promise<{ period: ProtectedPeriod; workshops: ShownWorkshopFigures[] }> {
  const period = await protectedPeriod(db, regionCode, from, to);
  const workshops = workshopFigures(period, workshopIds);
  const months = monthsIn(from, to);
  if (months.length <= 1) return { period, workshops };
  const hiddenInAMonth = new Set<string>();
  for (const m of months) {
    const month = workshopFigures(await protectedPeriod(db, regionCode, m, monthEnd(m)), workshopIds);
    for (const w of month) if (w.suppressed) hiddenInAMonth.add(w.workshopId);
  }
  return {
    period,
    workshops: workshops.map((w) =>
      hiddenInAMonth.has(w.workshopId) ? { ...w, averageMonthlyEarningsFen: null, qty: null } : w,
    ),
  };
}
