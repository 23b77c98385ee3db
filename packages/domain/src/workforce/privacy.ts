/**
 * What an official may see of employment figures. A count of 1 or 2 people can identify them, so
 * it is hidden together with every figure about them — and so is whatever would let someone work
 * it out again by arithmetic (the method is described in the README, "Privacy of officials' figures"):
 *
 * 1. Primary: a count of 1–2 is hidden; a row of 1–2 people is hidden whole.
 * 2. Complementary, down the area tree (county → townships → villages): wherever a total is shown,
 *    the hidden parts under it must include one of 3 or more, so that total minus the shown parts
 *    leaves a sum that does not pin any hidden part; the next-smallest part is hidden, or, when no
 *    part is big enough, the total itself. A hidden total whose parts are all shown would be their
 *    sum, so its smallest part is hidden too. Repeated until nothing changes.
 * 3. Over time: money and days add up month by month, so a period longer than a month hides them
 *    for every row hidden in any of its months (nothing then follows from the period minus its
 *    shown months). Counts of people do not add up over time and are protected per period.
 */
import { type AttackCell, attackRanges } from "./privacy-attack";

export const SMALL_COUNT_THRESHOLD = 3;

export function isSmallCount(n: number): boolean {
  return n > 0 && n < SMALL_COUNT_THRESHOLD;
}

/** The counts of people a table shows: each one is protected by itself. */
export const PROTECTED_COUNTS = ["people", "poorPeople", "monitoredPeople", "newPeople"] as const;
export type ProtectedCount = (typeof PROTECTED_COUNTS)[number];

/** One cell row of an area table: its code, the code of the area it adds up into, and its counts. */
export interface AreaCounts {
  code: string;
  /** null for the top of the table (the official's region). */
  parentCode: string | null;
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  newPeople: number;
}

/** Which counts of which rows are hidden; a row whose `people` is hidden is hidden whole. */
export type HiddenCounts = Map<string, Set<ProtectedCount>>;

function smallestBy<T>(items: readonly T[], value: (t: T) => number, code: (t: T) => string): T | undefined {
  return [...items].sort((a, b) => value(a) - value(b) || code(a).localeCompare(code(b)))[0];
}

/**
 * Plans primary and complementary suppression over one area table (rules 1 and 2 above), then
 * audits the plan the way a curious person would work on it (every total minus its shown parts,
 * at every level at once) and hides more until no count of 1–2 can be pinned down. Pure and
 * deterministic: the same figures always hide the same cells, whichever page asks.
 */
export function planSuppression(rows: readonly AreaCounts[], forced: HiddenCounts = new Map()): HiddenCounts {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const children = new Map<string, AreaCounts[]>();
  for (const r of rows) {
    if (r.parentCode === null || !byCode.has(r.parentCode)) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  }
  const parentOf = (code: string) => {
    const p = byCode.get(code)?.parentCode;
    return p && byCode.has(p) ? p : null;
  };
  const hidden: HiddenCounts = new Map(rows.map((r) => [r.code, new Set<ProtectedCount>()]));
  const isHidden = (code: string, column: ProtectedCount) => hidden.get(code)?.has(column) ?? false;
  for (const column of PROTECTED_COUNTS) {
    let changed = false;
    const hide = (code: string) => {
      if (isHidden(code, column)) return false;
      hidden.get(code)?.add(column);
      changed = true;
      return true;
    };
    for (const r of rows) {
      if (isSmallCount(r[column]) || isHidden(r.code, "people") || forced.get(r.code)?.has(column)) hide(r.code);
    }
    /** Makes a pinned cell uncertain again: hide a shown sibling, else the total, else one level up. */
    const widen = (code: string) => {
      for (let cur: string | null = code; cur !== null; cur = parentOf(cur)) {
        const parent = parentOf(cur);
        if (parent === null) {
          const shownKids = (children.get(cur) ?? []).filter((k) => !isHidden(k.code, column));
          const pick = smallestBy(
            shownKids,
            (k) => k[column],
            (k) => k.code,
          );
          if (pick && hide(pick.code)) return;
          return;
        }
        const siblings = (children.get(parent) ?? []).filter((k) => k.code !== cur && !isHidden(k.code, column));
        const big = siblings.filter((k) => k[column] >= SMALL_COUNT_THRESHOLD);
        const pick = smallestBy(
          big.length > 0 ? big : siblings,
          (k) => k[column],
          (k) => k.code,
        );
        if (pick && hide(pick.code)) return;
        if (hide(parent)) return;
      }
    };
    do {
      changed = false;
      for (const [parent, kids] of children) {
        const shownKids = kids.filter((k) => !isHidden(k.code, column));
        // A hidden total must not be the sum of what is shown under it.
        if (isHidden(parent, column) && shownKids.length === kids.length) {
          const pick = smallestBy(
            kids,
            (k) => k[column],
            (k) => k.code,
          );
          if (pick) hide(pick.code);
          continue;
        }
        // Hidden parts must include one of 3 or more, even under a hidden total: that total is itself
        // bounded by the level above, and two small parts alone would be read off from it.
        const hiddenKids = kids.filter((k) => isHidden(k.code, column));
        if (hiddenKids.length === 0 || hiddenKids.some((k) => k[column] >= SMALL_COUNT_THRESHOLD)) continue;
        const big = shownKids.filter((k) => k[column] >= SMALL_COUNT_THRESHOLD);
        const pick = smallestBy(
          big,
          (k) => k[column],
          (k) => k.code,
        );
        hide(pick ? pick.code : parent);
      }
      if (changed) continue;
      for (const code of pinnedCells(rows, children, hidden, column)) widen(code);
    } while (changed);
  }
  // A row hidden whole hides all its counts (rule 1).
  for (const set of hidden.values()) if (set.has("people")) for (const c of PROTECTED_COUNTS) set.add(c);
  return hidden;
}

/** Hidden cells of one column that the sums of the table pin to one value, and that must not be. */
function pinnedCells(
  rows: readonly AreaCounts[],
  children: ReadonlyMap<string, AreaCounts[]>,
  hidden: HiddenCounts,
  column: ProtectedCount,
): string[] {
  const cells = new Map<string, AttackCell>();
  for (const r of rows) {
    const set = hidden.get(r.code);
    const peopleShown = !set?.has("people");
    cells.set(r.code, {
      value: r[column],
      shown: !set?.has(column),
      // Every row listed has someone in it; sub-counts may be zero but never exceed the people.
      lowerBound: column === "people" ? 1 : 0,
      upperBound: column !== "people" && peopleShown ? r.people : undefined,
    });
  }
  const equations = [...children].map(([total, kids]) => ({ total, parts: kids.map((k) => k.code) }));
  const ranges = attackRanges(cells, equations);
  return rows
    .filter((r) => {
      const sensitive = isSmallCount(r[column]) || isSmallCount(r.people);
      const range = ranges.get(r.code);
      return sensitive && hidden.get(r.code)?.has(column) && range !== undefined && range.lo === range.hi;
    })
    .map((r) => r.code);
}

const PARTS_TOTAL = "\u0000total";

/**
 * The parts of one shown total, such as a village's people split by the workshop they work at:
 * parts of 1–2 are hidden and complemented (rule 2) so that the total minus the shown parts pins
 * none of them; where that would need the total itself hidden, every part is hidden.
 */
export function protectParts(
  total: number,
  parts: readonly { key: string; value: number }[],
): Map<string, number | null> {
  const zero = { poorPeople: 0, monitoredPeople: 0, newPeople: 0 };
  const rows: AreaCounts[] = [
    { code: PARTS_TOTAL, parentCode: null, people: total, ...zero },
    ...parts.map((p) => ({ code: p.key, parentCode: PARTS_TOTAL, people: p.value, ...zero })),
  ];
  const hidden = planSuppression(rows);
  const all = hidden.get(PARTS_TOTAL)?.has("people") ?? false;
  return new Map(parts.map((p) => [p.key, all || hidden.get(p.key)?.has("people") ? null : p.value]));
}

/** A figure an official sees: the number, or null where it is hidden. */
export type Shown<T> = { [K in keyof T]: T[K] extends number ? T[K] | null : T[K] };

/**
 * Applies a plan to area rows: hidden counts become null, and every other figure of a row hidden
 * whole (or named in `figuresHiddenFor`, rule 3) becomes null as well.
 */
export function applySuppression<T extends AreaCounts>(
  rows: readonly T[],
  hidden: HiddenCounts,
  figureKeys: readonly (keyof T & string)[],
  figuresHiddenFor: ReadonlySet<string> = new Set(),
): (Shown<T> & { suppressed: boolean })[] {
  return rows.map((row) => {
    const set = hidden.get(row.code) ?? new Set<ProtectedCount>();
    const out = { ...row } as Record<string, unknown>;
    for (const c of set) out[c] = null;
    const wholeRow = set.has("people");
    if (wholeRow || figuresHiddenFor.has(row.code)) for (const k of figureKeys) out[k] = null;
    return { ...(out as Shown<T>), suppressed: wholeRow };
  });
}

/** Rule 3: the rows whose money and days a multi-month period must hide, from its months' plans. */
export function rowsHiddenInAnyMonth(monthPlans: readonly HiddenCounts[]): Set<string> {
  const out = new Set<string>();
  for (const plan of monthPlans) for (const [code, set] of plan) if (set.has("people")) out.add(code);
  return out;
}

/**
 * The older one-row rule, kept for tables that stand alone (no total above them): a row of 1–2
 * people is hidden whole, small sub-counts of a larger row are hidden.
 */
export function suppressSmallCounts<T extends Record<string, number | string | null>>(
  row: T,
  peopleKey: keyof T,
  countKeys: readonly (keyof T)[],
  figureKeys: readonly (keyof T)[],
): { [K in keyof T]: T[K] | null } {
  const out: { [K in keyof T]: T[K] | null } = { ...row };
  const people = Number(row[peopleKey]);
  if (isSmallCount(people)) {
    for (const k of [peopleKey, ...countKeys, ...figureKeys]) out[k] = null;
    return out;
  }
  for (const k of countKeys) if (isSmallCount(Number(row[k]))) out[k] = null;
  return out;
}

/** 张三丰 → 张*丰, 李四 → 李*: enough to recognise on a list, not to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskIdNumber(last4: string | null): string | null {
  return last4 ? `**************${last4}` : null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** Resident identity number (GB 11643): 18 characters, valid birth date and check digit. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const parsed = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}
