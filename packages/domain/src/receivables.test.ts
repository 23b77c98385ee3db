import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planClosePreview } from "./close-preview";
import { violationOf } from "./errors";
import { emptyBalance } from "./ledger";
import {
  ageingBucketOf,
  allocatePayments,
  checkPayment,
  deductionsByCause,
  explainDeductions,
  receivableOf,
  statementTotals,
} from "./receivables";

const batch = (batchId: string, closedOn: string, netFen: number) => ({ batchId, closedOn, netFen });

describe("allocatePayments", () => {
  it("pays the oldest batches first and leaves the rest unpaid", () => {
    const batches = [batch("b", "2026-10-20", 5_000), batch("a", "2026-09-01", 3_000), batch("c", "2026-11-02", 2_000)];
    expect(allocatePayments(batches, 4_000)).toEqual([
      { batchId: "b", paidFen: 1_000, unpaidFen: 4_000 },
      { batchId: "a", paidFen: 3_000, unpaidFen: 0 },
      { batchId: "c", paidFen: 0, unpaidFen: 2_000 },
    ]);
  });

  it("lets a batch whose deductions exceeded its pay settle the oldest batches, owing nothing itself", () => {
    const batches = [batch("a", "2026-09-01", 3_000), batch("minus", "2026-10-01", -500)];
    expect(allocatePayments(batches, 1_000)).toEqual([
      { batchId: "a", paidFen: 1_500, unpaidFen: 1_500 },
      { batchId: "minus", paidFen: 0, unpaidFen: 0 },
    ]);
  });

  it("never shows a negative unpaid, and unpaid is what is owed less what is paid, for any batches", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), net: fc.integer({ min: -5_000, max: 50_000 }) }), {
          maxLength: 12,
        }),
        fc.nat({ max: 400_000 }),
        (specs, paidWish) => {
          const batches = specs.map((s, i) => batch(`b${i}`, `2026-10-${String(s.day).padStart(2, "0")}`, s.net));
          const owed = batches.reduce((n, b) => n + b.netFen, 0);
          const paid = Math.min(paidWish, Math.max(0, owed));
          const r = receivableOf(batches, paid, "2026-12-01");
          for (const b of r.batches) {
            expect(b.unpaidFen).toBeGreaterThanOrEqual(0);
            expect(b.paidFen).toBeGreaterThanOrEqual(0);
          }
          expect(r.balanceFen).toBe(owed - paid);
          expect(r.unpaidFen).toBe(Math.max(0, owed - paid));
          const aged = r.ageing.days0to30 + r.ageing.days31to60 + r.ageing.days61to90 + r.ageing.over90;
          expect(aged).toBe(r.unpaidFen);
        },
      ),
    );
  });
});

describe("ageing", () => {
  it("puts 0–30, 31–60, 61–90 and more than 90 days in their buckets, at the edges too", () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map(ageingBucketOf)).toEqual([
      "days0to30",
      "days0to30",
      "days31to60",
      "days31to60",
      "days61to90",
      "days61to90",
      "over90",
      "over90",
    ]);
  });

  it("ages what is unpaid of each batch by the days since it closed", () => {
    const today = "2026-12-02";
    const r = receivableOf(
      [
        batch("old", "2026-08-01", 1_000), // 123 days
        batch("q3", "2026-09-15", 2_000), // 78 days
        batch("oct", "2026-10-20", 4_000), // 43 days
        batch("nov", "2026-11-30", 8_000), // 2 days
      ],
      1_500,
      today,
    );
    expect(r.ageing).toEqual({ days0to30: 8_000, days31to60: 4_000, days61to90: 1_500, over90: 0 });
    expect(r.oldestUnpaidOn).toBe("2026-09-15");
    expect(r.unpaidFen).toBe(13_500);
  });
});

describe("checkPayment", () => {
  it("refuses a payment above what is owed and a payment dated in the future", () => {
    expect(
      violationOf(() => checkPayment({ amountFen: 1_001, paidOn: "2026-12-01" }, 1_000, "2026-12-02")),
    ).toMatchObject({
      kind: "conservation",
      reason: "paymentAboveOwed",
      field: "amountFen",
      params: { owedFen: 1_000, owed: "10.00" },
    });
    expect(violationOf(() => checkPayment({ amountFen: 5, paidOn: "2026-12-03" }, 1_000, "2026-12-02"))).toMatchObject({
      reason: "paidInFuture",
      field: "paidOn",
    });
    expect(violationOf(() => checkPayment({ amountFen: 1_000, paidOn: "2026-12-02" }, 1_000, "2026-12-02"))).toBe(
      undefined,
    );
  });
});

describe("deductions by cause", () => {
  it("explains what recorded lines leave unexplained as other, so the lines add up to the deduction", () => {
    const recorded = [{ cause: "rejected_units" as const, componentCode: null, qty: 3, unitFen: 15, amountFen: 45 }];
    expect(explainDeductions(recorded, 45)).toEqual(recorded);
    expect(explainDeductions(recorded, 100).at(-1)).toEqual({
      cause: "other",
      componentCode: null,
      qty: 1,
      unitFen: 55,
      amountFen: 55,
    });
  });

  it("sums lines of the same cause and component", () => {
    expect(
      deductionsByCause([
        { cause: "components_charged", componentCode: "EYE", qty: 4, unitFen: 2, amountFen: 8 },
        { cause: "rejected_units", componentCode: null, qty: 1, unitFen: 15, amountFen: 15 },
        { cause: "components_charged", componentCode: "EYE", qty: 6, unitFen: 2, amountFen: 12 },
      ]),
    ).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 1, unitFen: 15, amountFen: 15 },
      { cause: "components_charged", componentCode: "EYE", qty: 10, unitFen: 2, amountFen: 20 },
    ]);
  });
});

describe("the month's statement (对账单)", () => {
  it("brings forward what was owed, adds the month's settlements, takes off its payments, to the fen", () => {
    const eye = { cause: "components_charged" as const, componentCode: "EYE", qty: 10, unitFen: 2, amountFen: 20 };
    const totals = statementTotals({
      from: "2026-11-01",
      to: "2026-11-30",
      batches: [
        { ...batch("sep", "2026-09-30", 10_000), grossFen: 10_000, deductions: [] },
        { ...batch("n1", "2026-11-01", 4_980), grossFen: 5_000, deductions: [eye] },
        { ...batch("n2", "2026-11-30", 2_980), grossFen: 3_000, deductions: [eye] },
        { ...batch("dec", "2026-12-01", 700), grossFen: 700, deductions: [] },
      ],
      payments: [
        { paidOn: "2026-10-31", amountFen: 6_000 },
        { paidOn: "2026-11-15", amountFen: 5_000 },
        { paidOn: "2026-12-01", amountFen: 1 },
      ],
    });
    expect(totals).toEqual({
      openingFen: 4_000,
      grossFen: 8_000,
      deductionFen: 40,
      netFen: 7_960,
      paidFen: 5_000,
      closingFen: 6_960,
      deductions: [{ ...eye, qty: 20, amountFen: 40 }],
    });
  });

  it("settles a closed batch at accepted × rate less the deductions the close listed, to the fen", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1_000 }),
        fc.nat({ max: 40 }),
        fc.nat({ max: 300 }),
        fc.nat({ max: 50 }),
        fc.array(fc.record({ left: fc.nat({ max: 200 }), cost: fc.nat({ max: 900 }), charge: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.record({ qty: fc.nat({ max: 5 }), charge: fc.boolean() }),
        (accepted, rejected, rate, rejectFen, parts, lost) => {
          const preview = planClosePreview({
            ordered: accepted + rejected + 10,
            finished: {
              returnedGood: accepted,
              returnedDefective: rejected,
              accepted,
              rejected,
              missing: lost.qty,
              awaitingInspection: 0,
              rework: { inTransit: 0, atWorkshop: 0, lost: 0 },
            },
            balances: parts.map((p, i) => ({
              ...emptyBalance(`P${i}`),
              dispatched: p.left + accepted + rejected,
              consumed: accepted + rejected,
              atWorkshop: p.left,
            })),
            kit: parts.map((p, i) => ({ componentCode: `P${i}`, qtyPerUnit: 1, unitCostFen: p.cost })),
            pieceRateFen: rate,
            rejectDeductionFen: rejectFen,
            pieceworkEntered: 0,
            choices: parts.map((p, i) => ({ componentCode: `P${i}`, choice: p.charge ? "charge" : "write_off" })),
            missingUnitsChoice: lost.charge ? "charge" : "write_off",
          });
          const listed = preview.deductions.reduce((n, d) => n + d.amountFen, 0);
          expect(preview.settlement.netFen).toBe(accepted * rate - listed);
          expect(explainDeductions(preview.deductions, listed)).toEqual(preview.deductions);
        },
      ),
    );
  });
});
