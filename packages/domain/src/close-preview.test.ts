import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ClosePreviewInput, checkReworkBack, deductionTotalFen, planClosePreview } from "./close-preview";
import { RuleViolation } from "./errors";
import { type ComponentBalance, emptyBalance } from "./ledger";
import { planClose } from "./movements";

function balance(code: string, fields: Partial<Omit<ComponentBalance, "componentCode">>): ComponentBalance {
  return { ...emptyBalance(code), ...fields };
}

/** 1,000 bears ordered, 608 back: the batch of the issue that closed without a word about the 392. */
const bears: ClosePreviewInput = {
  ordered: 1_000,
  finished: {
    returnedGood: 600,
    returnedDefective: 8,
    accepted: 598,
    rejected: 10,
    missing: 0,
    awaitingInspection: 0,
    rework: { inTransit: 0, atWorkshop: 0, lost: 0 },
  },
  balances: [
    balance("BODY", { dispatched: 1_000, surplus: 8, consumed: 608, atWorkshop: 400 }),
    balance("EYE", { dispatched: 2_000, consumed: 1_216, atWorkshop: 780, lost: 4 }),
  ],
  kit: [
    { componentCode: "BODY", qtyPerUnit: 1, unitCostFen: 30 },
    { componentCode: "EYE", qtyPerUnit: 2, unitCostFen: 2 },
  ],
  pieceRateFen: 120,
  rejectDeductionFen: 15,
  pieceworkEntered: 650,
};

describe("planClosePreview", () => {
  it("lists units never returned, what is still at the workshop, surplus and piecework above finished units", () => {
    const preview = planClosePreview(bears);
    expect(preview).toMatchObject({
      unitsNotReturned: 392,
      atWorkshop: [
        { componentCode: "BODY", qty: 400 },
        { componentCode: "EYE", qty: 780 },
      ],
      inTransit: [],
      awaitingInspection: 0,
      canClose: true,
      surplus: [{ componentCode: "BODY", qty: 8 }],
      piecework: { entered: 650, finished: 608, aboveFinished: 42 },
    });
  });

  it("lists every deduction with its cause, and the settlement takes exactly their sum off the gross", () => {
    const preview = planClosePreview(bears);
    expect(preview.deductions).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 10, unitFen: 15, amountFen: 150 },
      { cause: "components_charged", componentCode: "BODY", qty: 400, unitFen: 30, amountFen: 12_000 },
      { cause: "components_charged", componentCode: "EYE", qty: 780, unitFen: 2, amountFen: 1_560 },
    ]);
    expect(preview.settlement).toEqual({
      grossFen: 598 * 120,
      rejectDeductionFen: 150,
      writeOffDeductionFen: 13_560,
      missingUnitDeductionFen: 0,
      netFen: 598 * 120 - 150 - 13_560,
    });
    expect(deductionTotalFen(preview.deductions)).toBe(preview.settlement.grossFen - preview.settlement.netFen);
  });

  it("charges, writes off at the factory's cost or waits for each leftover as the manager chooses", () => {
    const preview = planClosePreview({
      ...bears,
      choices: [
        { componentCode: "BODY", choice: "write_off" },
        { componentCode: "EYE", choice: "charge" },
      ],
    });
    expect(preview.leftovers).toEqual([
      { componentCode: "BODY", qty: 400, choice: "write_off", unitCostFen: 30, amountFen: 12_000 },
      { componentCode: "EYE", qty: 780, choice: "charge", unitCostFen: 2, amountFen: 1_560 },
    ]);
    expect(preview.factoryCostFen).toBe(12_000);
    expect(preview.deductions).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 10, unitFen: 15, amountFen: 150 },
      { cause: "components_charged", componentCode: "EYE", qty: 780, unitFen: 2, amountFen: 1_560 },
    ]);
    expect(preview.settlement.netFen).toBe(598 * 120 - 150 - 1_560);
    expect(preview.canClose).toBe(true);

    const waiting = planClosePreview({ ...bears, choices: [{ componentCode: "BODY", choice: "return_later" }] });
    expect(waiting.canClose).toBe(false);
    expect(waiting.returnLater).toEqual([{ componentCode: "BODY", qty: 400 }]);
    // Nothing is deducted for a component that is still to come back; the one not named is charged.
    expect(waiting.deductions.map((d) => d.componentCode)).toEqual([null, "EYE"]);
  });

  it("charges the units the workshop lost at the cost of one set of components, or the factory bears them", () => {
    // 3 missing from the box at inspection (缺数) and 1 rework unit lost on the way; one set is
    // 1 BODY × 30 + 2 EYE × 2 = 34 fen, so 4 units lost are 136 fen.
    const lost: ClosePreviewInput = {
      ...bears,
      finished: { ...bears.finished, missing: 3, rework: { inTransit: 0, atWorkshop: 0, lost: 1 } },
      choices: [
        { componentCode: "BODY", choice: "write_off" },
        { componentCode: "EYE", choice: "write_off" },
      ],
    };
    const charged = planClosePreview(lost);
    expect(charged.missingUnits).toEqual({
      missing: 3,
      reworkLost: 1,
      qty: 4,
      choice: "charge",
      setCostFen: 34,
      amountFen: 136,
    });
    expect(charged.deductions).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 10, unitFen: 15, amountFen: 150 },
      { cause: "units_missing", componentCode: null, qty: 4, unitFen: 34, amountFen: 136 },
    ]);
    expect(charged.settlement).toMatchObject({ missingUnitDeductionFen: 136, netFen: 598 * 120 - 150 - 136 });
    expect(charged.factoryCostFen).toBe(12_000 + 1_560);

    const borne = planClosePreview({ ...lost, missingUnitsChoice: "write_off" });
    expect(borne.missingUnits).toMatchObject({ choice: "write_off", amountFen: 136 });
    expect(borne.deductions.map((d) => d.cause)).toEqual(["rejected_units"]);
    expect(borne.settlement).toMatchObject({ missingUnitDeductionFen: 0, netFen: 598 * 120 - 150 });
    expect(borne.factoryCostFen).toBe(12_000 + 1_560 + 136);
    expect(borne.canClose).toBe(true);
  });

  it("lists no line for lost units when the BOM has no costs", () => {
    const preview = planClosePreview({
      ...bears,
      finished: { ...bears.finished, missing: 2 },
      kit: bears.kit.map((k) => ({ ...k, unitCostFen: 0 })),
    });
    expect(preview.missingUnits).toMatchObject({ qty: 2, setCostFen: 0, amountFen: 0 });
    expect(preview.deductions.map((d) => d.cause)).toEqual(["rejected_units"]);
    expect(preview.factoryCostFen).toBe(0);
  });

  it("waits for rework still out: on the way to the workshop or held there", () => {
    const preview = planClosePreview({
      ...bears,
      finished: { ...bears.finished, rework: { inTransit: 2, atWorkshop: 1, lost: 0 } },
    });
    expect(preview.reworkOut).toEqual({ inTransit: 2, atWorkshop: 1 });
    expect(preview.canClose).toBe(false);
    let refusal: unknown;
    try {
      checkReworkBack(preview.reworkOut);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect(refusal).toMatchObject({ kind: "state", reason: "reworkOut", params: { inTransit: 2, atWorkshop: 1 } });
    expect(() => checkReworkBack({ inTransit: 0, atWorkshop: 0 })).not.toThrow();
    expect(planClosePreview(bears).reworkOut).toEqual({ inTransit: 0, atWorkshop: 0 });
  });

  it("says what blocks closing: shipments in transit and returns awaiting inspection", () => {
    const preview = planClosePreview({
      ...bears,
      finished: { ...bears.finished, awaitingInspection: 2 },
      balances: [balance("BODY", { dispatched: 10, inTransit: 4, atWorkshop: 6 })],
    });
    expect(preview).toMatchObject({
      canClose: false,
      awaitingInspection: 2,
      inTransit: [{ componentCode: "BODY", qty: 4 }],
      atWorkshop: [{ componentCode: "BODY", qty: 6 }],
    });
  });

  it("lists no deduction of zero fen and nothing outstanding for a batch returned in full", () => {
    const preview = planClosePreview({
      ...bears,
      finished: { ...bears.finished, returnedGood: 1_000, returnedDefective: 0, accepted: 1_000, rejected: 0 },
      balances: [balance("BODY", { dispatched: 1_000, consumed: 1_000 })],
      rejectDeductionFen: 0,
      pieceworkEntered: 1_000,
    });
    expect(preview).toMatchObject({ unitsNotReturned: 0, atWorkshop: [], deductions: [], surplus: [] });
    expect(preview.piecework.aboveFinished).toBe(0);
    expect(preview.settlement.netFen).toBe(120_000);
  });

  it("previews exactly the write-offs that planClose then books, and deductions that add up, for any batch", () => {
    const component = fc.record({
      atWorkshop: fc.nat({ max: 500 }),
      consumed: fc.nat({ max: 500 }),
      surplus: fc.nat({ max: 20 }),
      unitCostFen: fc.nat({ max: 900 }),
      qtyPerUnit: fc.integer({ min: 1, max: 4 }),
      choice: fc.constantFrom("write_off" as const, "charge" as const),
    });
    fc.assert(
      fc.property(
        fc.array(component, { minLength: 1, maxLength: 5 }),
        fc.record({
          ordered: fc.integer({ min: 1, max: 2_000 }),
          good: fc.nat({ max: 2_000 }),
          defective: fc.nat({ max: 50 }),
          rejectedShare: fc.integer({ min: 0, max: 100 }),
          pieceRateFen: fc.nat({ max: 500 }),
          rejectDeductionFen: fc.nat({ max: 100 }),
          piecework: fc.nat({ max: 2_500 }),
          missing: fc.nat({ max: 5 }),
          reworkLost: fc.nat({ max: 3 }),
          missingUnitsChoice: fc.constantFrom(undefined, "write_off" as const, "charge" as const),
        }),
        (components, b) => {
          const returned = Math.min(b.ordered, b.good + b.defective);
          const rejected = Math.floor((returned * b.rejectedShare) / 100);
          const balances = components.map((c, i) =>
            balance(`C${i}`, {
              dispatched: c.atWorkshop + c.consumed - c.surplus,
              surplus: c.surplus,
              atWorkshop: c.atWorkshop,
              consumed: c.consumed,
            }),
          );
          const input: ClosePreviewInput = {
            ordered: b.ordered,
            finished: {
              returnedGood: returned - Math.min(returned, b.defective),
              returnedDefective: Math.min(returned, b.defective),
              accepted: returned - rejected,
              rejected,
              missing: b.missing,
              awaitingInspection: 0,
              rework: { inTransit: 0, atWorkshop: 0, lost: b.reworkLost },
            },
            balances,
            kit: components.map((c, i) => ({
              componentCode: `C${i}`,
              qtyPerUnit: c.qtyPerUnit,
              unitCostFen: c.unitCostFen,
            })),
            pieceRateFen: b.pieceRateFen,
            rejectDeductionFen: b.rejectDeductionFen,
            pieceworkEntered: b.piecework,
            choices: components.map((c, i) => ({ componentCode: `C${i}`, choice: c.choice })),
            missingUnitsChoice: b.missingUnitsChoice,
          };
          const lostFen =
            (b.missing + b.reworkLost) * components.reduce((sum, c) => sum + c.qtyPerUnit * c.unitCostFen, 0);
          const missingCharged = b.missingUnitsChoice !== "write_off";
          const preview = planClosePreview(input);
          const chargedFen = components
            .filter((c) => c.choice === "charge")
            .reduce((sum, c) => sum + c.atWorkshop * c.unitCostFen, 0);
          const factoryFen = components
            .filter((c) => c.choice === "write_off")
            .reduce((sum, c) => sum + c.atWorkshop * c.unitCostFen, 0);
          expect(preview.factoryCostFen).toBe(factoryFen + (missingCharged ? 0 : lostFen));
          const missingFen = preview.deductions
            .filter((d) => d.cause === "units_missing")
            .reduce((sum, d) => sum + d.amountFen, 0);
          expect(missingFen).toBe(missingCharged ? lostFen : 0);
          expect(missingFen).toBe(preview.settlement.missingUnitDeductionFen);
          expect(preview.canClose).toBe(true);
          const booked = planClose({ awaitingInspection: 0, balances }, preview.atWorkshop);
          expect(booked.map((m) => ({ componentCode: m.componentCode, qty: m.qty }))).toEqual(preview.atWorkshop);
          const writeOffFen = preview.deductions
            .filter((d) => d.cause === "components_charged")
            .reduce((sum, d) => sum + d.amountFen, 0);
          expect(writeOffFen).toBe(preview.settlement.writeOffDeductionFen);
          expect(writeOffFen).toBe(chargedFen);
          // The settlement is accepted × rate less exactly the deductions listed, to the fen.
          expect(preview.settlement.netFen).toBe(
            input.finished.accepted * b.pieceRateFen -
              input.finished.rejected * b.rejectDeductionFen -
              chargedFen -
              missingFen,
          );
          expect(preview.settlement.netFen).toBe(preview.settlement.grossFen - deductionTotalFen(preview.deductions));
          expect(preview.unitsNotReturned).toBe(b.ordered - returned);
          for (const d of preview.deductions) {
            expect(Number.isInteger(d.amountFen)).toBe(true);
            expect(d.amountFen).toBe(d.qty * d.unitFen);
          }
        },
      ),
    );
  });
});
