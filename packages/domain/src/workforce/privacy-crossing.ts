/**
 * Figures that cut the area table the other way: the people of each village split by the workshop
 * they work at (cells), and each workshop's total over its villages. Publishing a workshop's total
 * adds an equation (workshop = the sum of its cells) to those the area table already gives
 * (village = the sum of its cells, township = the sum of its villages, …). This audits a set of
 * workshop totals the way a curious person would, all equations at once, and hides workshop totals
 * until no sensitive hidden figure — an area or cell of 1–2 people, or a small workshop — can be
 * pinned down. Pure and deterministic.
 */

import { isSmallCount } from "./privacy";
import { type AttackCell, attackRanges, type SumEquation } from "./privacy-attack";

export interface CrossingArea {
  code: string;
  /** null for the top of the table. */
  parentCode: string | null;
  /** The true figure and whether the area table shows it. */
  value: number;
  shown: boolean;
  /** The row's people: a row of 1–2 people makes every figure of it sensitive. */
  people: number;
  /** An upper bound an attacker knows (a sub-count never exceeds the shown people). */
  upperBound?: number;
}

export interface CrossingCell {
  areaCode: string;
  workshopId: string;
  value: number;
  people: number;
  /** Shown in a drill-down. */
  shown: boolean;
}

/**
 * Which workshop totals may be shown for one figure. `lowerBound` is what an attacker knows of a
 * hidden part that exists (1 for people and money, 0 for sub-counts).
 */
export function shownWorkshopTotals(
  areas: readonly CrossingArea[],
  cells: readonly CrossingCell[],
  lowerBound: number,
): Set<string> {
  const cellsOf = new Map<string, CrossingCell[]>();
  for (const c of cells) cellsOf.set(c.workshopId, [...(cellsOf.get(c.workshopId) ?? []), c]);
  const total = (id: string) => (cellsOf.get(id) ?? []).reduce((n, c) => n + c.value, 0);
  const peopleOf = (id: string) => (cellsOf.get(id) ?? []).reduce((n, c) => n + c.people, 0);
  // A workshop of 1–2 people never shows anything about them.
  const shown = new Set([...cellsOf.keys()].filter((id) => !isSmallCount(peopleOf(id)) && !isSmallCount(total(id))));
  const cellKey = (c: CrossingCell) => `c|${c.areaCode}|${c.workshopId}`;
  const equations: SumEquation[] = [];
  const kids = new Map<string, string[]>();
  for (const a of areas) if (a.parentCode) kids.set(a.parentCode, [...(kids.get(a.parentCode) ?? []), `a|${a.code}`]);
  for (const [parent, parts] of kids) equations.push({ total: `a|${parent}`, parts });
  const byArea = new Map<string, string[]>();
  for (const c of cells) byArea.set(c.areaCode, [...(byArea.get(c.areaCode) ?? []), cellKey(c)]);
  for (const [code, parts] of byArea) equations.push({ total: `a|${code}`, parts });
  for (const [id, own] of cellsOf) equations.push({ total: `w|${id}`, parts: own.map(cellKey) });
  // Every worker of the region's villages is on one workshop: the workshops add up to the region.
  const root = areas.find((a) => a.parentCode === null);
  if (root) equations.push({ total: `a|${root.code}`, parts: [...cellsOf.keys()].map((id) => `w|${id}`) });
  const sensitive: string[] = [];
  const base = new Map<string, AttackCell>();
  for (const a of areas) {
    base.set(`a|${a.code}`, { value: a.value, shown: a.shown, lowerBound: lowerBound, upperBound: a.upperBound });
    if (isSmallCount(a.people) || isSmallCount(a.value)) sensitive.push(`a|${a.code}`);
  }
  for (const c of cells) {
    base.set(cellKey(c), { value: c.value, shown: c.shown, lowerBound });
    if (isSmallCount(c.people) || isSmallCount(c.value)) sensitive.push(cellKey(c));
  }
  for (const id of cellsOf.keys()) if (isSmallCount(peopleOf(id)) || isSmallCount(total(id))) sensitive.push(`w|${id}`);
  for (;;) {
    const attack = new Map(base);
    for (const id of cellsOf.keys()) attack.set(`w|${id}`, { value: total(id), shown: shown.has(id), lowerBound });
    const ranges = attackRanges(attack, equations);
    const solved = linearlyDetermined(attack, equations);
    const pinned = sensitive.filter((k) => {
      const r = ranges.get(k);
      return attack.get(k)?.shown === false && ((r !== undefined && r.lo === r.hi) || solved.has(k));
    });
    if (pinned.length === 0 || shown.size === 0) return shown;
    // Hide the smallest workshop total still shown (ties by id) and try again.
    const next = [...shown].sort((a, b) => total(a) - total(b) || a.localeCompare(b))[0];
    if (next === undefined) return shown;
    shown.delete(next);
  }
}

/**
 * The hidden cells that the equations alone determine, whatever the bounds: x is determined when the
 * unit vector of x lies in the row space of the equations' hidden coefficients (a row of the reduced
 * row echelon form is that unit vector). This finds what interval propagation misses, such as a
 * total minus the sum of two other totals.
 */
export function linearlyDetermined(
  cells: ReadonlyMap<string, AttackCell>,
  equations: readonly SumEquation[],
): Set<string> {
  const hidden = [...cells].filter(([, c]) => !c.shown).map(([k]) => k);
  const index = new Map(hidden.map((k, i) => [k, i]));
  const n = hidden.length;
  const rows: number[][] = [];
  for (const eq of equations) {
    const row = new Array<number>(n).fill(0);
    const add = (key: string, coef: number) => {
      const i = index.get(key);
      if (i !== undefined) row[i] = (row[i] ?? 0) + coef;
    };
    add(eq.total, 1);
    for (const p of eq.parts) add(p, -1);
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  const EPS = 1e-9;
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let col = 0; col < n && pivotRow < rows.length; col++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++) {
      if (
        Math.abs(rows[r]?.[col] ?? 0) > EPS &&
        (best < 0 || Math.abs(rows[r]?.[col] ?? 0) > Math.abs(rows[best]?.[col] ?? 0))
      )
        best = r;
    }
    if (best < 0) continue;
    [rows[pivotRow], rows[best]] = [rows[best] as number[], rows[pivotRow] as number[]];
    const pr = rows[pivotRow] as number[];
    const pv = pr[col] as number;
    for (let c = 0; c < n; c++) pr[c] = (pr[c] as number) / pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === pivotRow) continue;
      const row = rows[r] as number[];
      const f = row[col] as number;
      if (Math.abs(f) <= EPS) continue;
      for (let c = 0; c < n; c++) row[c] = (row[c] as number) - f * (pr[c] as number);
    }
    pivots.push(col);
    pivotRow++;
  }
  const out = new Set<string>();
  for (let r = 0; r < pivots.length; r++) {
    const row = rows[r] as number[];
    const col = pivots[r] as number;
    if (row.every((v, c) => c === col || Math.abs(v) <= EPS)) out.add(hidden[col] as string);
  }
  return out;
}
