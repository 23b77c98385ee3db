import { type Executor, employmentByVillageAndWorkshop, type VillageWorkshopFigures } from "@kitflow/db";
import {
  type AreaCounts,
  type HiddenCounts,
  monthEnd,
  monthsIn,
  type ProtectedCount,
  planSuppression,
  protectParts,
} from "@kitflow/domain";
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
  return { from, to, areas, cells, shownCells };
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

const ROOT = "\u0000workshops";
const COUNT_OF: Record<"people" | "poorPeople" | "monitoredPeople", ProtectedCount> = {
  people: "people",
  poorPeople: "poorPeople",
  monitoredPeople: "monitoredPeople",
};

/**
 * Every workshop's figures over the period, protected; `workshopIds` lists the workshops to report
 * (those without anyone working in the period get known zeros).
 */
export function workshopFigures(period: ProtectedPeriod, workshopIds: readonly string[]): ShownWorkshopFigures[] {
  const areaOf = new Map(period.areas.map((a) => [a.code, a]));
  const byWorkshop = new Map<string, VillageWorkshopFigures[]>();
  for (const c of period.cells) byWorkshop.set(c.workshopId, [...(byWorkshop.get(c.workshopId) ?? []), c]);
  const totals = new Map(
    [...byWorkshop].map(([id, cells]) => {
      const sum = (f: (c: VillageWorkshopFigures) => number) => cells.reduce((n, c) => n + f(c), 0);
      return [
        id,
        {
          people: sum((c) => c.people),
          poorPeople: sum((c) => c.poorPeople),
          monitoredPeople: sum((c) => c.monitoredPeople),
          earningsFen: sum((c) => c.earningsFen),
          workerMonths: sum((c) => c.workerMonths),
          qty: sum((c) => c.qty),
        },
      ];
    }),
  );
  // A workshop figure is forced hidden where a village it draws from does not publish it.
  const forced: HiddenCounts = new Map();
  const moneyHidden = new Set<string>();
  for (const [id, cells] of byWorkshop) {
    const set = new Set<ProtectedCount>();
    for (const c of cells) {
      const area = areaOf.get(c.villageCode);
      if (!area || period.shownCells.get(cellKey(c.villageCode, id)) == null) set.add("people");
      for (const key of ["poorPeople", "monitoredPeople"] as const) if (area?.[key] == null) set.add(COUNT_OF[key]);
      if (area?.earningsFen == null) moneyHidden.add(id);
    }
    forced.set(id, set);
  }
  const rows: AreaCounts[] = [...totals].map(([id, t]) => ({
    code: id,
    parentCode: ROOT,
    people: t.people,
    poorPeople: t.poorPeople,
    monitoredPeople: t.monitoredPeople,
    newPeople: 0,
  }));
  const sum = (k: ProtectedCount) => rows.reduce((n, r) => n + r[k], 0);
  rows.unshift({
    code: ROOT,
    parentCode: null,
    people: sum("people"),
    poorPeople: sum("poorPeople"),
    monitoredPeople: sum("monitoredPeople"),
    newPeople: 0,
  });
  const hidden = planSuppression(rows, forced);
  return workshopIds.map((id) => {
    const t = totals.get(id);
    if (!t) {
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
    const set = hidden.get(id) ?? new Set<ProtectedCount>();
    const whole = set.has("people");
    const money = !whole && !moneyHidden.has(id);
    return {
      workshopId: id,
      people: whole ? null : t.people,
      poorPeople: set.has("poorPeople") ? null : t.poorPeople,
      monitoredPeople: set.has("monitoredPeople") ? null : t.monitoredPeople,
      averageMonthlyEarningsFen: money && t.workerMonths > 0 ? Math.round(t.earningsFen / t.workerMonths) : null,
      qty: money ? t.qty : null,
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
