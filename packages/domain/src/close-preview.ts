/**
 * What closing a batch would do, worked out before anyone confirms it (PRODUCT.md: "Before closing, the
 * factory sees what has not come back and what closing will deduct"). `batches.closePreview` shows it and
 * `batches.close` books it, both from this one function, so the two can never disagree.
 */
import { RuleViolation } from "./errors";
import type { FinishedUnits, ReworkUnits } from "./finished-units";
import type { ComponentBalance } from "./ledger";
import { closeBlockers, closeWriteOffs, type QtyLine, unitsOutstanding } from "./movements";
import { type Settlement, settle } from "./settlement";

export interface ClosePreviewInput {
  /** Finished units the batch ordered. */
  ordered: number;
  finished: Pick<
    FinishedUnits,
    "returnedGood" | "returnedDefective" | "accepted" | "rejected" | "missing" | "awaitingInspection"
  > & { rework: Pick<ReworkUnits, "inTransit" | "atWorkshop" | "lost"> };
  balances: readonly ComponentBalance[];
  /** The batch's own copy of the BOM: components per unit and each component's unit cost, in fen. */
  kit: readonly { componentCode: string; qtyPerUnit: number; unitCostFen: number }[];
  pieceRateFen: number;
  /** Deducted per rejected unit, in fen. */
  rejectDeductionFen: number;
  /** Net piecework booked on the batch (corrections included). */
  pieceworkEntered: number;
  /** What the manager chose for each component left at the workshop; a component not named is charged. */
  choices?: readonly { componentCode: string; choice: CloseChoice }[];
  /** What the manager chose for the units the workshop lost; charged when not said. */
  missingUnitsChoice?: WriteOffChoice;
}

/**
 * What becomes of a component still at the workshop when the batch closes (委外核销): it comes back
 * first (closing waits for it), the factory writes it off at its own cost, or the workshop is charged
 * the component's cost from the BOM.
 */
export const CLOSE_CHOICES = ["return_later", "write_off", "charge"] as const;
export type CloseChoice = (typeof CLOSE_CHOICES)[number];
/** The choices a close itself books: a component to be returned later is not written off at all. */
export const WRITE_OFF_CHOICES = ["write_off", "charge"] as const;
export type WriteOffChoice = (typeof WRITE_OFF_CHOICES)[number];
/** Without a choice a leftover is charged to the workshop at its cost, as closing always did. */
export const DEFAULT_CLOSE_CHOICE: WriteOffChoice = "charge";

/**
 * Why a fen is deducted, as the settlement names it and in the order it lists them: rejected (defective)
 * units at the product's deduction, finished units the workshop lost (缺数扣款) at the cost of one set of
 * components, components charged to the workshop at their cost, and for batches closed before causes
 * were recorded, the part of the deduction no cause explains ("other").
 */
export const DEDUCTION_CAUSES = ["rejected_units", "units_missing", "components_charged", "other"] as const;
export type DeductionCause = (typeof DEDUCTION_CAUSES)[number];

/** One component left at the workshop with what closing does with it. */
export interface LeftoverChoice extends QtyLine {
  choice: CloseChoice;
  /** The batch's copy of the BOM's cost per component, in fen (0 when none was set). */
  unitCostFen: number;
  /** qty × unitCostFen: charged to the workshop, or borne by the factory when written off. */
  amountFen: number;
}

/**
 * Finished units the workshop lost: 缺数 (on a return note, not in the box) and rework units that never
 * reached the workshop. Their parts are already booked lost; closing charges the workshop one set of
 * components per unit (the batch's copy of the BOM cost), or the factory bears it, as the manager chooses.
 *
 * E.g. BOM 1 BODY × 30 fen + 2 EYE × 2 fen: a set costs 34 fen. 1 unit missing at inspection and 1 rework
 * unit lost on the way: qty 2, charged `units_missing` 2 × 34 = 68 fen (the rework unit, still standing
 * rejected, also carries the reject deduction); borne by the factory, 68 fen of its own cost instead.
 */
export interface MissingUnits {
  /** 缺数 counted at inspection. */
  missing: number;
  /** Rework units lost on the way to the workshop. */
  reworkLost: number;
  /** missing + reworkLost. */
  qty: number;
  choice: WriteOffChoice;
  /** Σ quantity per unit × unit cost over the kit, in fen (0 when the BOM has no costs: nothing to charge). */
  setCostFen: number;
  /** qty × setCostFen: deducted when charged, borne by the factory when written off. */
  amountFen: number;
}

export interface CloseDeduction {
  cause: DeductionCause;
  /** The component written off; null for rejected or missing finished units. */
  componentCode: string | null;
  qty: number;
  /** Per unit or per component, in fen. */
  unitFen: number;
  amountFen: number;
}

export interface ClosePreview {
  /** Ordered minus good and defective returned: units that will never come back once the batch closes. */
  unitsNotReturned: number;
  /** Still at the workshop per component: closing writes exactly these off (or waits for them to come back). */
  atWorkshop: QtyLine[];
  /** Each component at the workshop with the manager's choice and its cost. */
  leftovers: LeftoverChoice[];
  /** Chosen to come back before closing: closing is refused until the workshop has returned them. */
  returnLater: QtyLine[];
  /**
   * Written off at the factory's own cost, leftovers and missing units alike: no deduction, shown so the
   * factory sees what it bears.
   */
  factoryCostFen: number;
  /** Still in transit per component: closing is refused until those shipments are confirmed or inspected. */
  inTransit: QtyLine[];
  /** Finished units the workshop lost, with the manager's choice and their cost. */
  missingUnits: MissingUnits;
  /**
   * Rework not back: sent and not yet counted by the workshop, or counted there and not yet returned.
   * Closing is refused while any is out (see `checkReworkBack`).
   */
  reworkOut: { inTransit: number; atWorkshop: number };
  awaitingInspection: number;
  /**
   * Nothing stands in the way of closing (write-offs aside, which closing books; components to be
   * returned and rework still out do).
   */
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
   * Every deduction closing books, with its cause:
   * - rejected units × the product's reject deduction;
   * - units the workshop lost (缺数 and rework lost on the way) × the cost of one set of components
   *   (Σ quantity per unit × unit cost), when charged. Their parts are already booked lost, so this is the
   *   one price of those parts; a unit never made (ordered, not returned) has no line: its parts are still
   *   at the workshop, and are charged or written off below as leftovers;
   * - each component left at the workshop × its unit cost, when charged.
   * A rework unit lost still stands rejected, so it carries both the reject deduction (it was defective)
   * and the set cost (its parts are gone). A line of 0 fen is never listed.
   */
  deductions: CloseDeduction[];
  settlement: Settlement;
}

export function planClosePreview(input: ClosePreviewInput): ClosePreview {
  const { finished, balances } = input;
  const blockers = closeBlockers({ awaitingInspection: finished.awaitingInspection, balances });
  const atWorkshop = closeWriteOffs(balances);
  const costOf = new Map(input.kit.map((k) => [k.componentCode, k.unitCostFen]));
  const chosen = new Map((input.choices ?? []).map((c) => [c.componentCode, c.choice]));
  const leftovers: LeftoverChoice[] = atWorkshop.map((w) => {
    const unitCostFen = costOf.get(w.componentCode) ?? 0;
    return {
      ...w,
      choice: chosen.get(w.componentCode) ?? DEFAULT_CLOSE_CHOICE,
      unitCostFen,
      amountFen: w.qty * unitCostFen,
    };
  });
  const charged = leftovers.filter((l) => l.choice === "charge");
  const returnLater = leftovers.filter((l) => l.choice === "return_later");
  const returned = finished.returnedGood + finished.returnedDefective;
  const missingUnits = missingUnitsOf(input);
  const missingCharged = missingUnits.choice === "charge";
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
  if (missingCharged && missingUnits.amountFen > 0) {
    deductions.push({
      cause: "units_missing",
      componentCode: null,
      qty: missingUnits.qty,
      unitFen: missingUnits.setCostFen,
      amountFen: missingUnits.amountFen,
    });
  }
  for (const c of charged) {
    if (c.amountFen === 0) continue;
    deductions.push({
      cause: "components_charged",
      componentCode: c.componentCode,
      qty: c.qty,
      unitFen: c.unitCostFen,
      amountFen: c.amountFen,
    });
  }
  const settlement = settle({
    acceptedQty: finished.accepted,
    rejectedQty: finished.rejected,
    pieceRateFen: input.pieceRateFen,
    rejectDeductionFen: input.rejectDeductionFen,
    writeOffs: charged.map((c) => ({ qty: c.qty, unitCostFen: c.unitCostFen })),
    missingUnits: missingCharged ? { qty: missingUnits.qty, unitCostFen: missingUnits.setCostFen } : undefined,
  });
  const reworkOut = { inTransit: finished.rework.inTransit, atWorkshop: finished.rework.atWorkshop };
  const factoryCostFen =
    leftovers.filter((l) => l.choice === "write_off").reduce((sum, l) => sum + l.amountFen, 0) +
    (missingCharged ? 0 : missingUnits.amountFen);
  return {
    unitsNotReturned: unitsOutstanding(input.ordered, returned),
    atWorkshop,
    leftovers,
    returnLater: returnLater.map((l) => ({ componentCode: l.componentCode, qty: l.qty })),
    factoryCostFen,
    inTransit: blockers.inTransit,
    missingUnits,
    reworkOut,
    awaitingInspection: blockers.awaitingInspection,
    canClose:
      blockers.awaitingInspection === 0 &&
      blockers.inTransit.length === 0 &&
      returnLater.length === 0 &&
      reworkOut.inTransit + reworkOut.atWorkshop === 0,
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

function missingUnitsOf(input: ClosePreviewInput): MissingUnits {
  const { missing, rework } = input.finished;
  const qty = missing + rework.lost;
  const setCostFen = input.kit.reduce((sum, k) => sum + k.qtyPerUnit * k.unitCostFen, 0);
  return {
    missing,
    reworkLost: rework.lost,
    qty,
    choice: input.missingUnitsChoice ?? DEFAULT_CLOSE_CHOICE,
    setCostFen,
    amountFen: qty * setCostFen,
  };
}

/**
 * Closing waits for rework that is out (返工未回): a unit in transit to the workshop or held there is
 * neither accepted nor lost yet. The workshop counts it in (a unit that did not arrive is then lost and
 * charged like 缺数) and returns it (a unit lost there is on the note but not in the box: 缺数 at
 * inspection), and the factory inspects it; only then is there a settlement to book.
 */
export function checkReworkBack(reworkOut: ClosePreview["reworkOut"]): void {
  const { inTransit, atWorkshop } = reworkOut;
  if (inTransit + atWorkshop === 0) return;
  throw new RuleViolation(
    "state",
    `rework is still out (${inTransit} unit(s) on the way to the workshop, ${atWorkshop} at the workshop); the workshop must count them in and return them before the batch closes`,
    { reason: "reworkOut", params: { inTransit, atWorkshop } },
  );
}
