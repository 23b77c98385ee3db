import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleViolation } from "../errors";
import type { Movement } from "../ledger";
import {
  type ComponentSupply,
  checkPieceworkCap,
  componentSupply,
  pieceworkCeiling,
  pieceworkHeadroom,
  pieceworkVsFinished,
} from "./piecework";

const bear = [
  { componentCode: "BODY", qtyPerUnit: 1 },
  { componentCode: "EYE", qtyPerUnit: 2 },
];

function supply(code: string, received: number, rest: Partial<ComponentSupply> = {}): ComponentSupply {
  return { componentCode: code, received, surplus: 0, scrapped: 0, returnedUnused: 0, ...rest };
}

describe("component supply", () => {
  it("counts receipts and tolerance gains as received, scrap and unused sent back as given up", () => {
    const movements: Movement[] = [
      { componentCode: "EYE", kind: "dispatch", qty: 2_100 },
      { componentCode: "EYE", kind: "receipt", qty: 2_000 },
      { componentCode: "EYE", kind: "receipt_shortfall", qty: 100 },
      { componentCode: "EYE", kind: "tolerance_gain", qty: 4 },
      { componentCode: "EYE", kind: "scrap", qty: 10 },
      { componentCode: "EYE", kind: "consumption", qty: 1_000 },
      { componentCode: "EYE", kind: "return_unused", qty: 30 },
      { componentCode: "EYE", kind: "unused_received", qty: 28 },
      { componentCode: "EYE", kind: "unused_shortfall", qty: 2 },
    ];
    expect(componentSupply(["BODY", "EYE"], movements, new Map([["EYE", 6]]))).toEqual([
      supply("BODY", 0),
      supply("EYE", 2_004, { surplus: 6, scrapped: 10, returnedUnused: 30 }),
    ]);
  });
});

describe("component supply from surplus receipts", () => {
  it("counts a receipt above the note as surplus, which raises the ceiling", () => {
    const movements: Movement[] = [
      { componentCode: "BODY", kind: "dispatch", qty: 10 },
      { componentCode: "BODY", kind: "receipt", qty: 10 },
      { componentCode: "BODY", kind: "receipt_surplus", qty: 2 },
    ];
    const given = componentSupply(["BODY"], movements);
    expect(given).toEqual([supply("BODY", 10, { surplus: 2 })]);
    expect(pieceworkCeiling([{ componentCode: "BODY", qtyPerUnit: 1 }], given).units).toBe(12);
  });
});

describe("piecework ceiling", () => {
  it("is the smallest whole number of units any component allows", () => {
    const ceiling = pieceworkCeiling(bear, [supply("BODY", 1_000), supply("EYE", 1_501)]);
    expect(ceiling).toEqual({ units: 750, limitedBy: "EYE" });
  });

  it("is lowered by scrap and unused components sent back, raised by surplus", () => {
    const base = [supply("BODY", 1_000), supply("EYE", 2_000)];
    expect(pieceworkCeiling(bear, base).units).toBe(1_000);
    expect(pieceworkCeiling(bear, [base[0] as ComponentSupply, supply("EYE", 2_000, { scrapped: 3 })]).units).toBe(998);
    expect(pieceworkCeiling(bear, [supply("BODY", 1_000, { returnedUnused: 20 }), supply("EYE", 2_000)]).units).toBe(
      980,
    );
    expect(pieceworkCeiling(bear, [supply("BODY", 1_000), supply("EYE", 1_990, { surplus: 10 })]).units).toBe(1_000);
  });

  it("allows nothing before anything was received, and nothing for a component never received", () => {
    expect(pieceworkCeiling(bear, [])).toEqual({ units: 0, limitedBy: "BODY" });
    expect(pieceworkCeiling(bear, [supply("BODY", 500)]).units).toBe(0);
    expect(pieceworkCeiling([], [supply("BODY", 500)])).toEqual({ units: 0, limitedBy: undefined });
  });

  it("never exceeds what any component allows, and is reached by one of them", () => {
    const arb = fc.array(
      fc.record({
        qtyPerUnit: fc.integer({ min: 1, max: 12 }),
        received: fc.integer({ min: 0, max: 50_000 }),
        surplus: fc.integer({ min: 0, max: 100 }),
        scrapped: fc.integer({ min: 0, max: 500 }),
        returnedUnused: fc.integer({ min: 0, max: 500 }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(arb, (lines) => {
        const kit = lines.map((l, i) => ({ componentCode: `C${i}`, qtyPerUnit: l.qtyPerUnit }));
        const given = lines.map((l, i) => supply(`C${i}`, l.received, l));
        const { units } = pieceworkCeiling(kit, given);
        expect(Number.isInteger(units)).toBe(true);
        expect(units).toBeGreaterThanOrEqual(0);
        for (const l of lines) {
          // Assembling `units` finished units never needs more of a component than the workshop kept.
          expect(units * l.qtyPerUnit).toBeLessThanOrEqual(
            Math.max(0, l.received + l.surplus - l.scrapped - l.returnedUnused),
          );
        }
        // …and one more unit would need more of some component than it kept.
        expect(
          lines.some((l) => (units + 1) * l.qtyPerUnit > l.received + l.surplus - l.scrapped - l.returnedUnused),
        ).toBe(true);
      }),
    );
  });

  it("never falls when more is received, never rises with more scrap", () => {
    const arb = fc.record({
      perUnit: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 4 }),
      received: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 4 }),
      extra: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 4, maxLength: 4 }),
      scrapped: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ perUnit, received, extra, scrapped }) => {
        const kit = perUnit.map((q, i) => ({ componentCode: `C${i}`, qtyPerUnit: q }));
        const at = (more: number[], scrap: number[]) =>
          pieceworkCeiling(
            kit,
            kit.map((k, i) =>
              supply(k.componentCode, (received[i] ?? 0) + (more[i] ?? 0), { scrapped: scrap[i] ?? 0 }),
            ),
          ).units;
        const none = [0, 0, 0, 0];
        expect(at(extra, none)).toBeGreaterThanOrEqual(at(none, none));
        expect(at(none, scrapped)).toBeLessThanOrEqual(at(none, none));
      }),
    );
  });

  it("refuses a BOM line without a positive quantity per unit", () => {
    expect(() => pieceworkCeiling([{ componentCode: "X", qtyPerUnit: 0 }], [supply("X", 5)])).toThrow(RangeError);
  });
});

describe("piecework cap", () => {
  const ceiling = { units: 1_020, limitedBy: "EYE" };

  it("has headroom up to the ceiling and never below zero", () => {
    expect(pieceworkHeadroom(1_020, 1_000)).toBe(20);
    expect(pieceworkHeadroom(1_000, 1_020)).toBe(0);
  });

  it("accepts piecework up to the ceiling", () => {
    expect(() =>
      checkPieceworkCap({ batchNumber: "WF-1", ceiling, entered: 1_000, adding: 20, field: "entries" }),
    ).not.toThrow();
  });

  it("refuses piecework above it as a conservation breach naming the field", () => {
    const refuse = () =>
      checkPieceworkCap({ batchNumber: "WF-1", ceiling, entered: 1_000, adding: 21, field: "entries" });
    expect(refuse).toThrow(RuleViolation);
    expect(refuse).toThrow(/1021.*at most 1020 finished units \(limited by EYE\); 20 can still be booked/);
    try {
      refuse();
    } catch (e) {
      expect(e).toMatchObject({ kind: "conservation", field: "entries" });
    }
  });

  it("does not stand in the way of reducing piecework on a batch already above its ceiling", () => {
    // Scrap reported after the piecework lowers the ceiling below what is booked; corrections must still go in.
    expect(() =>
      checkPieceworkCap({ batchNumber: "WF-1", ceiling, entered: 1_100, adding: 0, field: "replacementQty" }),
    ).not.toThrow();
  });

  it("accepts any sequence of entries within the ceiling and never lets their sum pass it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.array(fc.integer({ min: 1, max: 800 })), (units, days) => {
        let entered = 0;
        for (const adding of days) {
          const fits = entered + adding <= units;
          const check = () =>
            checkPieceworkCap({
              batchNumber: "WF",
              ceiling: { units, limitedBy: "A" },
              entered,
              adding,
              field: "entries",
            });
          if (fits) {
            check();
            entered += adding;
          } else expect(check).toThrow(RuleViolation);
          expect(entered).toBeLessThanOrEqual(units);
        }
      }),
    );
  });
});

describe("piecework against finished units", () => {
  it("shows how many pieces were paid for but not returned", () => {
    expect(pieceworkVsFinished(1_020, 1_000)).toEqual({ piecework: 1_020, finished: 1_000, shortfall: 20 });
    expect(pieceworkVsFinished(900, 1_000)).toEqual({ piecework: 900, finished: 1_000, shortfall: 0 });
  });
});
