/**
 * What closing a batch would do, worked out before anyone confirms it (PRODUCT.md: "Before closing, the
 * factory sees what has not come back and what closing will deduct"). `batches.closePreview` shows it and
 * `batches.close` books it, both from this one function, so the two can never disagree.
 */
import type { ComponentBalance } from "./ledger";
import { closeBlockers, closeWriteOffs, type QtyLine, unitsOutstanding } from "./movements";
import { type Settlement, settle } from "./settlement";

export interface ClosePreviewInput {
  /** Finished units the batch ordered. */
  ordered: number;
  finished: {
    returnedGood: number;
    returnedDefective: number;
    accepted: number;
    rejected: number;
    /** Returns not inspected yet. */
    awaitingInspection: number;
  };
  balances: readonly ComponentBalance[];
  /** The batch's own copy of each component's unit cost, in fen. */
  kit: readonly { componentCode: string; unitCostFen: number }[];
  pieceRateFen: number;
  /** Deducted per rejected unit, in fen. */
  rejectDeductionFen: number;
  /** Net piecework booked on the batch (corrections included). */
  pieceworkEntered: number;
}

/** Why a fen is deducted, as the settlement names it. */
export type DeductionCause = "rejected_units" | "components_written_off";

export interface CloseDeduction {
  cause: DeductionCause;
  /** The component written off; null for rejected finished units. */
  componentCode: string | null;
  qty: number;
  /** Per unit or per component, in fen. */
  unitFen: number;
  amountFen: number;
}

export interface ClosePreview {
  /** Ordered minus good and defective returned: units that will never come back once the batch closes. */
  unitsNotReturned: number;
  /** Still at the workshop per component: closing writes exactly these off. */
  atWorkshop: QtyLine[];
  /** Still in transit per component: closing is refused until those shipments are confirmed or inspected. */
  inTransit: QtyLine[];
  awaitingInspection: number;
  /** Nothing stands in the way of closing (write-offs aside, which closing books). */
  canClose: boolean;
  /** Counted above the delivery notes per component, for the record: it is part of what the workshop held. */
  surplus: QtyLine[];
  piecework: {
    entered: number;
    /** Finished units returned, good and defective. */
    finished: number;
    /** Piecework not matched by a finished unit returned: to be settled by correction or deduction. */
    aboveFinished: number;
  };
  /**
   * Every deduction closing books, with its cause. Units never returned carry no charge of their own:
   * their components are either still at the workshop (written off here, at their cost) or already
   * booked as scrapped or lost; a product-level charge per missing unit would need a price the product
   * does not have.
   */
  deductions: CloseDeduction[];
  settlement: Settlement;
}

export function planClosePreview(input: ClosePreviewInput): ClosePreview {
  const { finished, balances } = input;
  const blockers = closeBlockers({ awaitingInspection: finished.awaitingInspection, balances });
  const writeOffs = closeWriteOffs(balances);
  const costOf = new Map(input.kit.map((k) => [k.componentCode, k.unitCostFen]));
  const returned = finished.returnedGood + finished.returnedDefective;
  const deductions: CloseDeduction[] = [];
  if (finished.rejected > 0 && input.rejectDeductionFen > 0) {
    deductions.push({
      cause: "rejected_units",
      componentCode: null,
      qty: finished.rejected,
      unitFen: input.rejectDeductionFen,
      amountFen: finished.rejected * input.rejectDeductionFen,
    });
  }
  for (const w of writeOffs) {
    const unitFen = costOf.get(w.componentCode) ?? 0;
    deductions.push({
      cause: "components_written_off",
      componentCode: w.componentCode,
      qty: w.qty,
      unitFen,
      amountFen: w.qty * unitFen,
    });
  }
  const settlement = settle({
    acceptedQty: finished.accepted,
    rejectedQty: finished.rejected,
    pieceRateFen: input.pieceRateFen,
    rejectDeductionFen: input.rejectDeductionFen,
    writeOffs: writeOffs.map((w) => ({ qty: w.qty, unitCostFen: costOf.get(w.componentCode) ?? 0 })),
  });
  return {
    unitsNotReturned: unitsOutstanding(input.ordered, returned),
    atWorkshop: writeOffs,
    inTransit: blockers.inTransit,
    awaitingInspection: blockers.awaitingInspection,
    canClose: blockers.awaitingInspection === 0 && blockers.inTransit.length === 0,
    surplus: balances.filter((b) => b.surplus > 0).map((b) => ({ componentCode: b.componentCode, qty: b.surplus })),
    piecework: {
      entered: input.pieceworkEntered,
      finished: returned,
      aboveFinished: Math.max(0, input.pieceworkEntered - returned),
    },
    deductions,
    settlement,
  };
}

/** The sum of the deductions listed: what the settlement takes off the gross, to the fen. */
export function deductionTotalFen(deductions: readonly CloseDeduction[]): number {
  return deductions.reduce((sum, d) => sum + d.amountFen, 0);
}
