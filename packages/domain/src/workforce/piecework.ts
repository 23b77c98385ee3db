/**
 * The piecework cap (PRODUCT.md, the conservation rule): piecework is written down every day while a
 * batch is in production, long before anything is returned, so it is capped by the finished units the
 * workshop can have assembled from what it received — not by what it has returned.
 */
import { RuleViolation } from "../errors";
import type { BomLine } from "../kit";
import type { Movement } from "../ledger";

/** What one component of a batch has given the workshop to assemble with, in components. */
export interface ComponentSupply {
  componentCode: string;
  /** Counted in on receipts; tolerance gains count as received (the workshop had them). */
  received: number;
  /** Counted above the delivery note on receipts. */
  surplus: number;
  /** Reported as scrap on returns: gone before it could be assembled. */
  scrapped: number;
  /** Sent back unused on returns, counted when the workshop sends them (before the factory inspects). */
  returnedUnused: number;
}

/** The BOM fields the cap needs. */
export type CapLine = Pick<BomLine, "componentCode" | "qtyPerUnit">;

/**
 * Per component, what the ledger says the workshop got and gave up; surplus counted above the
 * delivery notes comes from the ledger's receipt_surplus movements (plus any `surplus` passed in).
 */
export function componentSupply(
  componentCodes: readonly string[],
  movements: Iterable<Movement>,
  surplus: ReadonlyMap<string, number> = new Map(),
): ComponentSupply[] {
  const byCode = new Map<string, ComponentSupply>();
  const of = (code: string) => {
    let supply = byCode.get(code);
    if (!supply) {
      supply = { componentCode: code, received: 0, surplus: surplus.get(code) ?? 0, scrapped: 0, returnedUnused: 0 };
      byCode.set(code, supply);
    }
    return supply;
  };
  for (const code of componentCodes) of(code);
  for (const m of movements) {
    const supply = of(m.componentCode);
    if (m.kind === "receipt" || m.kind === "tolerance_gain") supply.received += m.qty;
    else if (m.kind === "receipt_surplus") supply.surplus += m.qty;
    else if (m.kind === "scrap") supply.scrapped += m.qty;
    else if (m.kind === "return_unused") supply.returnedUnused += m.qty;
  }
  return [...byCode.values()];
}

export interface PieceworkCeiling {
  /** Finished units the workshop can have assembled: the most piecework the batch may carry. */
  units: number;
  /** The component that sets it (the first such in kit order), if the kit has any line. */
  limitedBy: string | undefined;
}

/**
 * For each component, (received + surplus − scrapped − returned unused) ÷ quantity per unit, rounded
 * down; the smallest over the BOM. A kit without lines allows nothing.
 */
export function pieceworkCeiling(kit: readonly CapLine[], supply: readonly ComponentSupply[]): PieceworkCeiling {
  const byCode = new Map(supply.map((s) => [s.componentCode, s]));
  let units: number | undefined;
  let limitedBy: string | undefined;
  for (const line of kit) {
    if (!(line.qtyPerUnit > 0)) throw new RangeError(`quantity per unit of ${line.componentCode} must be positive`);
    const s = byCode.get(line.componentCode);
    const usable = s ? s.received + s.surplus - s.scrapped - s.returnedUnused : 0;
    const allows = Math.max(0, Math.floor(usable / line.qtyPerUnit));
    if (units === undefined || allows < units) {
      units = allows;
      limitedBy = line.componentCode;
    }
  }
  return { units: units ?? 0, limitedBy };
}

/** What may still be booked on a batch: the ceiling less piecework already entered (net of corrections). */
export function pieceworkHeadroom(ceiling: number, entered: number): number {
  return Math.max(0, ceiling - entered);
}

export interface PieceworkCap {
  batchNumber: string;
  ceiling: PieceworkCeiling;
  /** Net piecework already on the batch. */
  entered: number;
  /** Being booked now (net: a correction's replacement after its reversal). */
  adding: number;
  /** The input field a refusal names. */
  field: string;
}

/** Refuses piecework that would take the batch above what its components allow. */
export function checkPieceworkCap({ batchNumber, ceiling, entered, adding, field }: PieceworkCap): void {
  if (adding <= 0 || entered + adding <= ceiling.units) return;
  const by = ceiling.limitedBy ? ` (limited by ${ceiling.limitedBy})` : "";
  const headroom = pieceworkHeadroom(ceiling.units, entered);
  throw new RuleViolation(
    "conservation",
    `piecework on batch ${batchNumber} would reach ${entered + adding}, but the components received allow at most ` +
      `${ceiling.units} finished units${by}; ${headroom} can still be booked`,
    {
      reason: "pieceworkOverCap",
      params: { number: batchNumber, total: entered + adding, cap: ceiling.units, headroom },
      field,
    },
  );
}

export interface PieceworkVsFinished {
  /** Net piecework booked on the batch. */
  piecework: number;
  /** Finished units the workshop returned (good + defective). */
  finished: number;
  /** Piecework not matched by a finished unit returned: shown before closing, settled by correction or deduction. */
  shortfall: number;
}

/** Piecework against finished units returned: the difference the factory and the workshop must see. */
export function pieceworkVsFinished(piecework: number, finished: number): PieceworkVsFinished {
  return { piecework, finished, shortfall: Math.max(0, piecework - finished) };
}
