import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFen, type SettlementInput, settle } from "./settlement";

function input(partial: Partial<SettlementInput>): SettlementInput {
  return {
    acceptedQty: 0,
    rejectedQty: 0,
    pieceRateFen: 0,
    rejectDeductionFen: 0,
    writeOffs: [],
    ...partial,
  };
}

describe("settle", () => {
  it("pays accepted units × piece rate when there is nothing to deduct", () => {
    expect(settle(input({ acceptedQty: 950, rejectedQty: 0, pieceRateFen: 35 }))).toEqual({
      grossFen: 33_250,
      rejectDeductionFen: 0,
      writeOffDeductionFen: 0,
      missingUnitDeductionFen: 0,
      netFen: 33_250,
    });
  });

  it("does not pay for rejected units", () => {
    expect(settle(input({ acceptedQty: 90, rejectedQty: 10, pieceRateFen: 35 })).grossFen).toBe(3_150);
  });

  it("deducts per rejected unit, per written-off component and per missing unit at the cost of a set", () => {
    const s = settle(
      input({
        acceptedQty: 95,
        rejectedQty: 5,
        pieceRateFen: 150,
        rejectDeductionFen: 50,
        writeOffs: [
          { qty: 3, unitCostFen: 20 },
          { qty: 2, unitCostFen: 5 },
        ],
        missingUnits: { qty: 2, unitCostFen: 34 },
      }),
    );
    expect(s).toEqual({
      grossFen: 14_250,
      rejectDeductionFen: 250,
      writeOffDeductionFen: 70,
      missingUnitDeductionFen: 68,
      netFen: 13_862,
    });
  });

  it("can come out negative when deductions exceed the pay", () => {
    const s = settle(
      input({
        acceptedQty: 1,
        rejectedQty: 10,
        pieceRateFen: 100,
        rejectDeductionFen: 50,
      }),
    );
    expect(s.netFen).toBe(-400);
  });

  it("is zero for nothing accepted and nothing deducted", () => {
    expect(settle(input({ pieceRateFen: 999 }))).toEqual({
      grossFen: 0,
      rejectDeductionFen: 0,
      writeOffDeductionFen: 0,
      missingUnitDeductionFen: 0,
      netFen: 0,
    });
  });

  it("stays exact for the largest batch at the highest piece rate", () => {
    // quantity ≤ 1 000 000 units, pieceRateFen ≤ 1 000 000 000 per the contracts.
    const s = settle(
      input({
        acceptedQty: 999_999,
        pieceRateFen: 999_999_999,
        rejectedQty: 1,
        rejectDeductionFen: 7,
      }),
    );
    expect(s.grossFen).toBe(Number(999_999n * 999_999_999n));
    expect(s.netFen).toBe(Number(999_999n * 999_999_999n - 7n));
    expect(Number.isSafeInteger(s.netFen)).toBe(true);
  });

  it("always balances: net = gross − deductions, all in whole fen", () => {
    const fen = fc.integer({ min: 0, max: 100_000 });
    const qty = fc.integer({ min: 0, max: 100_000 });
    fc.assert(
      fc.property(
        qty,
        qty,
        fen,
        fen,
        fc.array(fc.record({ qty, unitCostFen: fen }), { maxLength: 10 }),
        fc.record({ qty, unitCostFen: fen }),
        (a, r, rate, ded, w, m) => {
          const s = settle({
            acceptedQty: a,
            rejectedQty: r,
            pieceRateFen: rate,
            rejectDeductionFen: ded,
            writeOffs: w,
            missingUnits: m,
          });
          const writeOff = w.reduce((sum, x) => sum + BigInt(x.qty) * BigInt(x.unitCostFen), 0n);
          const missing = BigInt(m.qty) * BigInt(m.unitCostFen);
          expect(BigInt(s.grossFen)).toBe(BigInt(a) * BigInt(rate));
          expect(BigInt(s.rejectDeductionFen)).toBe(BigInt(r) * BigInt(ded));
          expect(BigInt(s.writeOffDeductionFen)).toBe(writeOff);
          expect(BigInt(s.missingUnitDeductionFen)).toBe(missing);
          expect(BigInt(s.netFen)).toBe(BigInt(a) * BigInt(rate) - BigInt(r) * BigInt(ded) - writeOff - missing);
        },
      ),
    );
  });
});

describe("formatFen", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [10, "0.10"],
    [99, "0.99"],
    [100, "1.00"],
    [12_345, "123.45"],
    [-250, "-2.50"],
    [-5, "-0.05"],
    [-100, "-1.00"],
    [100_000_000_000, "1000000000.00"],
  ])("%i fen → %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it("does not print negative zero", () => {
    expect(formatFen(-0)).toBe("0.00");
  });

  it("round-trips every safe integer amount through its text", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatFen(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(text.replace(".", ""))).toBe(BigInt(fen));
      }),
    );
  });
});
