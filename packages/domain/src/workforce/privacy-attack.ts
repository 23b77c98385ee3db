/**
 * What a curious person can work out from published tables: every shown cell is a known number,
 * every hidden one an unknown with a lower bound (and an upper bound where another shown figure
 * gives one), and every total is the sum of its parts. Interval propagation over those sums gives,
 * for each hidden cell, the range it must lie in; a range of one value means the cell was revealed.
 * Used by the tests to check the suppression plan against differencing, never by the product.
 */
export interface AttackCell {
  /** The true value; the attacker sees it only when `shown`. */
  value: number;
  shown: boolean;
  lowerBound: number;
  upperBound?: number;
}

export interface SumEquation {
  total: string;
  parts: readonly string[];
}

export function attackRanges(
  cells: ReadonlyMap<string, AttackCell>,
  equations: readonly SumEquation[],
): Map<string, { lo: number; hi: number }> {
  const range = new Map<string, { lo: number; hi: number }>();
  for (const [key, c] of cells) {
    range.set(key, c.shown ? { lo: c.value, hi: c.value } : { lo: c.lowerBound, hi: c.upperBound ?? Infinity });
  }
  const get = (key: string) => range.get(key) ?? { lo: 0, hi: Infinity };
  for (let round = 0, changed = true; changed && round < 200; round++) {
    changed = false;
    const tighten = (key: string, lo: number, hi: number) => {
      const r = get(key);
      const next = { lo: Math.max(r.lo, lo), hi: Math.min(r.hi, hi) };
      if (next.lo !== r.lo || next.hi !== r.hi) {
        range.set(key, next);
        changed = true;
      }
    };
    for (const eq of equations) {
      const parts = eq.parts.map(get);
      const sumLo = parts.reduce((n, r) => n + r.lo, 0);
      const unbounded = parts.filter((r) => r.hi === Infinity).length;
      const finiteHi = parts.reduce((n, r) => (r.hi === Infinity ? n : n + r.hi), 0);
      tighten(eq.total, sumLo, unbounded > 0 ? Infinity : finiteHi);
      const total = get(eq.total);
      eq.parts.forEach((key, i) => {
        const r = parts[i] ?? { lo: 0, hi: Infinity };
        // The others' largest sum: unbounded if any other part is.
        const othersUnbounded = unbounded - (r.hi === Infinity ? 1 : 0) > 0;
        const othersHi = othersUnbounded ? Infinity : finiteHi - (r.hi === Infinity ? 0 : r.hi);
        tighten(key, othersHi === Infinity ? -Infinity : total.lo - othersHi, total.hi - (sumLo - r.lo));
      });
    }
  }
  return range;
}
