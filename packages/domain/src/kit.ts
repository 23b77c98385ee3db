/** A bill-of-materials line: how many of one component go into one finished unit. */
export interface BomLine {
  componentCode: string;
  componentName: string;
  unit: string;
  qtyPerUnit: number;
}

export interface KitLine extends BomLine {
  /** Components to send for the whole batch, spare allowance included. */
  kitQty: number;
}

/** Percentages are carried as basis points so kit sizes are exact integer arithmetic. */
export function percentToBasisPoints(pct: number): number {
  return Math.round(pct * 100);
}

/** kit = ceil(qtyPerUnit × quantity × (1 + allowance)), rounded up so a batch is never short by design. */
export function kitQuantity(qtyPerUnit: number, quantity: number, allowancePct: number): number {
  const numerator = qtyPerUnit * quantity * (10_000 + percentToBasisPoints(allowancePct));
  return Math.ceil(numerator / 10_000);
}

export function computeKit(bom: readonly BomLine[], quantity: number, allowancePct: number): KitLine[] {
  return bom.map((line) => ({ ...line, kitQty: kitQuantity(line.qtyPerUnit, quantity, allowancePct) }));
}

/**
 * How many components of one line a workshop may be short on a return and still have the
 * shortfall booked as a gain (miscounted receipts, spares it found): a share of the kit, rounded down.
 */
export function toleranceUnits(kitQty: number, tolerancePct: number): number {
  return Math.floor((kitQty * percentToBasisPoints(tolerancePct)) / 10_000);
}
