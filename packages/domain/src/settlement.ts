/** Settlement of a closed batch, in integer fen (never floats for money). */
export interface SettlementInput {
  acceptedQty: number;
  rejectedQty: number;
  pieceRateFen: number;
  /** Deducted per rejected unit, configured on the product. */
  rejectDeductionFen: number;
  /** Components written off at the workshop, each charged at its configured unit cost. */
  writeOffs: readonly { qty: number; unitCostFen: number }[];
  /** Finished units the workshop lost (缺数, rework lost), charged at the cost of one set of components. */
  missingUnits?: { qty: number; unitCostFen: number };
}

export interface Settlement {
  grossFen: number;
  rejectDeductionFen: number;
  writeOffDeductionFen: number;
  missingUnitDeductionFen: number;
  netFen: number;
}

export function settle(input: SettlementInput): Settlement {
  const grossFen = input.acceptedQty * input.pieceRateFen;
  const rejectDeductionFen = input.rejectedQty * input.rejectDeductionFen;
  const writeOffDeductionFen = input.writeOffs.reduce((sum, w) => sum + w.qty * w.unitCostFen, 0);
  const missingUnitDeductionFen = input.missingUnits ? input.missingUnits.qty * input.missingUnits.unitCostFen : 0;
  return {
    grossFen,
    rejectDeductionFen,
    writeOffDeductionFen,
    missingUnitDeductionFen,
    netFen: grossFen - rejectDeductionFen - writeOffDeductionFen - missingUnitDeductionFen,
  };
}

/** 12345 fen → "123.45" for display and CSV; money never passes through a float. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
