import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleViolation } from "./errors";
import type { KitLine } from "./kit";
import { balancesFrom } from "./ledger";
import { checkWithinKit, kitRemaining, planDispatch } from "./movements";
import { linesForSets, setsIn, setsRemaining } from "./sets";
import { shipmentPhase } from "./shipment-phase";

const BOM = [
  { componentCode: "BODY", qtyPerUnit: 1 },
  { componentCode: "STRAP", qtyPerUnit: 2 },
  { componentCode: "SCREW", qtyPerUnit: 4 },
];
const KIT: KitLine[] = BOM.map((b) => ({
  ...b,
  componentName: b.componentCode,
  unit: "个",
  kitQty: b.qtyPerUnit * 100,
}));

describe("linesForSets", () => {
  it("sends sets × quantity per unit of every component", () => {
    expect(linesForSets(BOM, 25)).toEqual([
      { componentCode: "BODY", qty: 25 },
      { componentCode: "STRAP", qty: 50 },
      { componentCode: "SCREW", qty: 100 },
    ]);
  });

  it("refuses sets whose lines would pass the largest quantity, naming sets", () => {
    expect(() => linesForSets(BOM, 5_000_000)).toThrow(RuleViolation);
    expect(() => linesForSets(BOM, 2_500_000)).not.toThrow();
  });
});

describe("setsIn", () => {
  it("counts whole sets and says when lines make them exactly", () => {
    expect(setsIn(BOM, linesForSets(BOM, 7))).toEqual({ sets: 7, whole: true, over: [], shortOfNext: [] });
  });

  it("warns when adjusted lines no longer make whole sets: 408 bodies with 800 straps", () => {
    const count = setsIn(BOM, [
      { componentCode: "BODY", qty: 408 },
      { componentCode: "STRAP", qty: 800 },
      { componentCode: "SCREW", qty: 1600 },
    ]);
    expect(count.sets).toBe(400);
    expect(count.whole).toBe(false);
    expect(count.over).toEqual([{ componentCode: "BODY", qty: 8 }]);
    expect(count.shortOfNext).toEqual([
      { componentCode: "STRAP", qty: 2 },
      { componentCode: "SCREW", qty: 4 },
    ]);
  });

  it("a line left out makes no whole set", () => {
    const count = setsIn(BOM, [{ componentCode: "BODY", qty: 5 }]);
    expect(count.sets).toBe(0);
    expect(count.whole).toBe(false);
  });

  it("round-trips with linesForSets for any number of sets", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (sets) => {
        expect(setsIn(BOM, linesForSets(BOM, sets))).toMatchObject({ sets, whole: true });
      }),
    );
  });

  it("is whole exactly when every line is the same multiple of its quantity per unit", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 3, maxLength: 3 }), (qty) => {
        const lines = BOM.map((b, i) => ({ componentCode: b.componentCode, qty: qty[i] ?? 0 }));
        const count = setsIn(BOM, lines);
        const exact = BOM.every((b, i) => (qty[i] ?? 0) === count.sets * b.qtyPerUnit);
        expect(count.whole).toBe(exact);
        for (const b of BOM) {
          const q = lines.find((l) => l.componentCode === b.componentCode)?.qty ?? 0;
          expect(q).toBeGreaterThanOrEqual(count.sets * b.qtyPerUnit);
        }
      }),
    );
  });
});

describe("replacements (补料)", () => {
  it("are counted apart from the kit: they leave the kit's remainder as it was", () => {
    const movements = [
      ...planDispatch(KIT, linesForSets(KIT, 40)),
      ...planDispatch(KIT, [{ componentCode: "STRAP", qty: 6 }], { reason: " 断了 6 根 " }),
    ];
    expect(movements.at(-1)).toEqual({ componentCode: "STRAP", kind: "replacement", qty: 6, reason: "断了 6 根" });
    const balances = balancesFrom(
      KIT.map((k) => k.componentCode),
      movements,
    );
    const strap = balances.find((b) => b.componentCode === "STRAP");
    expect(strap).toMatchObject({ dispatched: 86, replaced: 6, inTransit: 86 });
    expect(kitRemaining(KIT, balances)).toEqual({ BODY: 60, STRAP: 120, SCREW: 240 });
    expect(setsRemaining(KIT, balances)).toBe(60);
  });

  it("beyond the kit a dispatch is refused, naming sets when the lines came from sets", () => {
    const balances = balancesFrom(
      KIT.map((k) => k.componentCode),
      planDispatch(KIT, linesForSets(KIT, 90)),
    );
    const refusal = (() => {
      try {
        checkWithinKit(KIT, balances, linesForSets(KIT, 11), () => "sets");
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect(refusal).toMatchObject({ reason: "exceedsKit", field: "sets", params: { component: "BODY", max: 10 } });
    expect(() => checkWithinKit(KIT, balances, linesForSets(KIT, 10), () => "sets")).not.toThrow();
  });
});

describe("shipmentPhase", () => {
  it("is 待发车 while the trip has not left, in transit once it has", () => {
    expect(shipmentPhase({ status: "in_transit" }, { status: "planned" })).toBe("awaiting_departure");
    expect(shipmentPhase({ status: "in_transit" }, { status: "departed" })).toBe("in_transit");
    expect(shipmentPhase({ status: "in_transit" }, null)).toBe("in_transit");
    expect(shipmentPhase({ status: "received" }, { status: "planned" })).toBe("received");
  });
});
