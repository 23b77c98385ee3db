import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BomLine, computeKit, kitQuantity, percentToBasisPoints, toleranceUnits } from "./kit";

/** Reference kit size in exact big-integer arithmetic: ceil(qtyPerUnit × quantity × (10000 + bp) / 10000). */
function exactKit(qtyPerUnit: number, quantity: number, basisPoints: number): number {
  const numerator = BigInt(qtyPerUnit) * BigInt(quantity) * BigInt(10_000 + basisPoints);
  const q = numerator / 10_000n;
  return Number(numerator % 10_000n === 0n ? q : q + 1n);
}

describe("percentToBasisPoints", () => {
  it.each([
    [0, 0],
    [1, 100],
    [2, 200],
    [2.5, 250],
    [0.01, 1],
    [0.29, 29], // 0.29 × 100 is 28.999… in floating point
    [1.1, 110], // 1.1 × 100 is 110.000…01 in floating point
    [50, 5000],
  ])("%s%% is %s basis points", (pct, bp) => {
    expect(percentToBasisPoints(pct)).toBe(bp);
  });
});

describe("kitQuantity", () => {
  it("is exact when the allowance divides evenly", () => {
    expect(kitQuantity(2, 100, 2)).toBe(204);
    expect(kitQuantity(1, 500, 10)).toBe(550);
  });

  it("rounds a fractional kit up so a batch is never short by design", () => {
    expect(kitQuantity(1, 1, 2)).toBe(2); // 1.02 → 2
    expect(kitQuantity(1, 49, 2)).toBe(50); // 49.98 → 50
    expect(kitQuantity(3, 33, 2)).toBe(101); // 100.98 → 101
  });

  it("with allowance 0 sends exactly the need", () => {
    expect(kitQuantity(3, 7, 0)).toBe(21);
    expect(kitQuantity(1, 1, 0)).toBe(1);
    expect(kitQuantity(4, 250, 0)).toBe(1000);
  });

  it("handles fractional percents such as 2.5 and 0.01", () => {
    expect(kitQuantity(1, 100, 2.5)).toBe(103); // 102.5 → 103
    expect(kitQuantity(2, 100, 2.5)).toBe(205); // exactly 205
    expect(kitQuantity(1, 100, 0.01)).toBe(101); // 100.01 → 101
    expect(kitQuantity(1, 10_000, 0.01)).toBe(10_001); // exactly 10001
    expect(kitQuantity(1, 20_000, 0.01)).toBe(20_002);
  });

  it("does not pick up floating-point noise from percents like 0.29 or 1.1", () => {
    // 100 × 1.0029 is exactly 100.29 → 101, and 1000 × 1.011 is exactly 1011 (not 1012).
    expect(kitQuantity(1, 100, 0.29)).toBe(101);
    expect(kitQuantity(1, 1000, 1.1)).toBe(1011);
    expect(kitQuantity(10, 10_000, 0.07)).toBe(100_070);
  });

  it("is exact for the largest batches the contracts allow", () => {
    // qtyPerUnit ≤ 10 000, quantity ≤ 1 000 000, allowance ≤ 50 %.
    expect(kitQuantity(10_000, 1_000_000, 50)).toBe(15_000_000_000);
    expect(kitQuantity(9_999, 999_999, 0.01)).toBe(exactKit(9_999, 999_999, 1));
    expect(kitQuantity(9_999, 999_999, 0.01)).toBe(9_999_989_901); // 9 998 990 001 × 1.0001 = 9 999 989 900.0001 → up
    expect(kitQuantity(9_997, 999_983, 49.99)).toBe(exactKit(9_997, 999_983, 4999));
  });

  it("matches exact integer arithmetic over the whole contract range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (qtyPerUnit, quantity, bp) => {
          const pct = bp / 100; // the percent as a client would send it, e.g. 2.37
          const kit = kitQuantity(qtyPerUnit, quantity, pct);
          expect(kit).toBe(exactKit(qtyPerUnit, quantity, bp));
          expect(kit).toBeGreaterThanOrEqual(qtyPerUnit * quantity);
        },
      ),
    );
  });
});

describe("computeKit", () => {
  const bom: BomLine[] = [
    {
      componentCode: "BODY",
      componentName: "Body shell",
      unit: "pc",
      qtyPerUnit: 1,
    },
    {
      componentCode: "SCREW",
      componentName: "Screw M2",
      unit: "pc",
      qtyPerUnit: 4,
    },
    { componentCode: "EYE", componentName: "Eye", unit: "pair", qtyPerUnit: 1 },
  ];

  it("sizes every BOM line, keeping its order and fields", () => {
    expect(computeKit(bom, 49, 2)).toEqual([
      {
        componentCode: "BODY",
        componentName: "Body shell",
        unit: "pc",
        qtyPerUnit: 1,
        kitQty: 50,
      },
      {
        componentCode: "SCREW",
        componentName: "Screw M2",
        unit: "pc",
        qtyPerUnit: 4,
        kitQty: 200,
      },
      {
        componentCode: "EYE",
        componentName: "Eye",
        unit: "pair",
        qtyPerUnit: 1,
        kitQty: 50,
      },
    ]);
  });

  it("rounds each line up independently", () => {
    // BODY: 100 × 1.025 = 102.5 → 103; SCREW: 400 × 1.025 = 410 exactly.
    expect(computeKit(bom, 100, 2.5).map((l) => l.kitQty)).toEqual([103, 410, 103]);
  });

  it("with allowance 0 is the plain bill of materials × quantity", () => {
    expect(computeKit(bom, 10, 0).map((l) => l.kitQty)).toEqual([10, 40, 10]);
  });

  it("returns new objects and leaves the BOM untouched", () => {
    const before = structuredClone(bom);
    const kit = computeKit(bom, 10, 2);
    expect(bom).toEqual(before);
    expect(kit[0]).not.toBe(bom[0]);
  });

  it("of an empty BOM is empty", () => {
    expect(computeKit([], 100, 2)).toEqual([]);
  });
});

describe("toleranceUnits", () => {
  it("is a share of the kit, rounded down", () => {
    expect(toleranceUnits(1000, 1)).toBe(10);
    expect(toleranceUnits(199, 1)).toBe(1); // 1.99 → 1
    expect(toleranceUnits(99, 1)).toBe(0); // 0.99 → 0
    expect(toleranceUnits(204, 1)).toBe(2); // 2.04 → 2
  });

  it("is zero with tolerance 0 or an empty kit", () => {
    expect(toleranceUnits(1_000_000, 0)).toBe(0);
    expect(toleranceUnits(0, 10)).toBe(0);
  });

  it("handles fractional percents", () => {
    expect(toleranceUnits(1000, 2.5)).toBe(25);
    expect(toleranceUnits(1039, 2.5)).toBe(25); // 25.975 → 25
    expect(toleranceUnits(9_999, 0.01)).toBe(0); // 0.9999 → 0
    expect(toleranceUnits(10_000, 0.01)).toBe(1);
    expect(toleranceUnits(1000, 1.1)).toBe(11); // 1.1 × 100 is 110.000…01 in floating point
  });

  it("is exact for large kits", () => {
    expect(toleranceUnits(15_000_000_000, 10)).toBe(1_500_000_000);
    expect(toleranceUnits(9_999_989_901, 0.01)).toBe(999_998);
  });

  it("never exceeds the exact share and is at most one unit below it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15_000_000_000 }), fc.integer({ min: 0, max: 1_000 }), (kitQty, bp) => {
        const units = toleranceUnits(kitQty, bp / 100);
        const exact = (BigInt(kitQty) * BigInt(bp)) / 10_000n; // BigInt division floors for non-negatives
        expect(units).toBe(Number(exact));
      }),
    );
  });
});
