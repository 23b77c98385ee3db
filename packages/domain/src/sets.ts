/**
 * Sets (套数): a factory thinks of a kit as so many sets, one set being the components of one finished
 * unit (the BOM). A dispatch by sets sends sets × quantity per unit of every component; lines adjusted
 * by hand may no longer make whole sets, which the factory is told before it sends them.
 */
import { MAX_QTY } from "./contracts/common";
import { RuleViolation } from "./errors";
import type { BomLine } from "./kit";
import type { ComponentBalance } from "./ledger";
import { kitRemaining, type QtyLine } from "./movements";

/** The BOM fields sets need. */
export type SetLine = Pick<BomLine, "componentCode" | "qtyPerUnit">;

/**
 * The lines of `sets` whole sets: sets × quantity per unit of every component, in BOM order. A number of
 * sets whose lines would pass the largest quantity a line may carry is refused, naming `sets`.
 */
export function linesForSets(bom: readonly SetLine[], sets: number): QtyLine[] {
  const lines = bom.map((line) => ({ componentCode: line.componentCode, qty: sets * line.qtyPerUnit }));
  if (lines.some((l) => l.qty > MAX_QTY)) {
    throw new RuleViolation("input", `${sets} sets would send more than ${MAX_QTY} of a component`, {
      reason: "malformedValue",
      field: "sets",
    });
  }
  return lines;
}

export interface SetsCount {
  /** Whole sets the lines make: the smallest, over the BOM, of quantity ÷ quantity per unit, rounded down. */
  sets: number;
  /** True when the lines are exactly `sets` sets: nothing over on any component. */
  whole: boolean;
  /** Per component, what is over the whole sets (a line that is short of the next set shows here too). */
  over: QtyLine[];
  /** Per component, what is missing to make one more whole set than `sets`, for lines that are over. */
  shortOfNext: QtyLine[];
}

/**
 * How many whole sets some lines make, and what does not fit. A component the lines leave out counts as
 * zero, so lines that skip a BOM component make no whole set.
 */
export function setsIn(bom: readonly SetLine[], lines: readonly QtyLine[]): SetsCount {
  const qtyOf = (code: string) => lines.reduce((n, l) => (l.componentCode === code ? n + l.qty : n), 0);
  const perUnit = bom.filter((b) => b.qtyPerUnit > 0);
  if (perUnit.length === 0) return { sets: 0, whole: true, over: [], shortOfNext: [] };
  const sets = Math.min(...perUnit.map((b) => Math.floor(qtyOf(b.componentCode) / b.qtyPerUnit)));
  const over = perUnit
    .map((b) => ({ componentCode: b.componentCode, qty: qtyOf(b.componentCode) - sets * b.qtyPerUnit }))
    .filter((l) => l.qty > 0);
  const anyOver = over.length > 0;
  const shortOfNext = anyOver
    ? perUnit
        .map((b) => ({ componentCode: b.componentCode, qty: (sets + 1) * b.qtyPerUnit - qtyOf(b.componentCode) }))
        .filter((l) => l.qty > 0)
    : [];
  return { sets, whole: !anyOver, over, shortOfNext };
}

/** The most whole sets still left of the kit: what is left of each line ÷ its quantity per unit, the smallest. */
export function setsRemaining(
  kit: readonly (SetLine & { kitQty: number })[],
  balances: readonly ComponentBalance[],
): number {
  const remaining = kitRemaining(kit, balances);
  const perUnit = kit.filter((k) => k.qtyPerUnit > 0);
  if (perUnit.length === 0) return 0;
  return Math.min(...perUnit.map((k) => Math.floor((remaining[k.componentCode] ?? 0) / k.qtyPerUnit)));
}
