import { type ComponentBalance, emptyBalance, planReturn } from "@kitflow/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  errorsByComponent,
  previewReturn,
  type ReturnBatch,
  type ReturnForm,
  returnLines,
  returnProblems,
} from "./return-plan";

function balance(code: string, atWorkshop: number, gained = 0): ComponentBalance {
  return { ...emptyBalance(code), dispatched: atWorkshop, atWorkshop, gained };
}

const batch: ReturnBatch = {
  quantity: 100,
  tolerancePct: 1,
  kit: [
    { componentCode: "BODY", componentName: "车身", unit: "个", qtyPerUnit: 1, kitQty: 102 },
    { componentCode: "WHEEL", componentName: "轮子", unit: "个", qtyPerUnit: 4, kitQty: 408 },
  ],
  balances: [balance("BODY", 102), balance("WHEEL", 400)],
  finished: { returnedGood: 10, returnedDefective: 0 },
};

function form(partial: Partial<ReturnForm> = {}): ReturnForm {
  return { goodQty: 0, defectiveQty: 0, unused: {}, scrap: {}, ...partial };
}

describe("previewReturn", () => {
  it("shows per component what is held, what the units take and what is left", () => {
    const rows = previewReturn(
      form({ goodQty: 80, defectiveQty: 10, unused: { BODY: 2 }, scrap: { WHEEL: { qty: 3, reason: "裂" } } }),
      batch,
    );
    expect(rows.map((r) => [r.componentCode, r.held, r.consumed, r.unused, r.scrap, r.remaining, r.verdict])).toEqual([
      ["BODY", 102, 90, 2, 0, 10, "ok"],
      ["WHEEL", 400, 360, 0, 3, 37, "ok"],
    ]);
  });

  it("marks a shortfall within tolerance, and one beyond it as refused", () => {
    // WHEEL: tolerance 1 % of 408 = 4 units.
    const within = previewReturn(form({ goodQty: 90, scrap: { WHEEL: { qty: 44, reason: "x" } } }), batch)[1];
    expect(within).toMatchObject({ remaining: -4, toleranceLeft: 4, verdict: "tolerance" });
    const over = previewReturn(form({ goodQty: 90, scrap: { WHEEL: { qty: 45, reason: "x" } } }), batch)[1];
    expect(over).toMatchObject({ remaining: -5, verdict: "over" });
  });

  it("agrees with the domain's planReturn on every form (the server's own rule)", () => {
    const qty = fc.integer({ min: 0, max: 120 });
    fc.assert(
      fc.property(
        qty,
        qty,
        qty,
        qty,
        fc.integer({ min: 0, max: 3 }),
        (good, unusedBody, scrapWheel, gainedWheel, defective) => {
          const b: ReturnBatch = { ...batch, balances: [balance("BODY", 102), balance("WHEEL", 400, gainedWheel % 5)] };
          const f = form({
            goodQty: good % 101,
            defectiveQty: defective,
            unused: { BODY: unusedBody },
            scrap: { WHEEL: { qty: scrapWheel * 4, reason: "r" } },
          });
          const refused = previewReturn(f, b).some((r) => r.verdict === "over");
          const lines = returnLines(f);
          let threw = false;
          try {
            planReturn(
              { goodQty: f.goodQty, defectiveQty: f.defectiveQty, ...lines },
              { kit: b.kit, balances: b.balances, tolerancePct: b.tolerancePct },
            );
          } catch {
            threw = true;
          }
          expect(refused).toBe(threw);
        },
      ),
    );
  });
});

describe("returnProblems", () => {
  it("asks for something to return, at most what is still due, and a scrap reason", () => {
    expect(returnProblems(form(), batch)).toEqual({ goodQty: { key: "return.empty" } });
    expect(returnProblems(form({ goodQty: 91 }), batch).goodQty).toEqual({ key: "return.tooManyUnits" });
    const lines = returnLines(form({ scrap: { WHEEL: { qty: 2, reason: " " } } }));
    expect(lines.scrap).toEqual([{ componentCode: "WHEEL", qty: 2, reason: "" }]);
    expect(returnProblems(form({ scrap: { WHEEL: { qty: 2, reason: " " } } }), batch)).toEqual({
      "scrap.0.reason": { key: "return.reasonRequired" },
    });
  });

  it("reports more than the workshop holds at the component's field, like the server", () => {
    const f = form({ goodQty: 90, scrap: { BODY: { qty: 1, reason: "x" }, WHEEL: { qty: 45, reason: "x" } } });
    const problems = returnProblems(f, batch);
    expect(problems["scrap.1.qty"]?.key).toBe("return.notHeld");
    expect(errorsByComponent(problems, returnLines(f))).toHaveProperty("WHEEL.scrap");
  });

  it("sends only lines with a quantity", () => {
    expect(returnLines(form({ unused: { BODY: 0, WHEEL: 3 }, scrap: { BODY: { qty: 0, reason: "" } } }))).toEqual({
      unused: [{ componentCode: "WHEEL", qty: 3 }],
      scrap: [],
    });
  });
});

describe("errorsByComponent", () => {
  it("maps the API's line paths onto component fields and keeps the rest", () => {
    const lines = {
      unused: [{ componentCode: "WHEEL", qty: 3 }],
      scrap: [{ componentCode: "BODY", qty: 1, reason: "" }],
    };
    expect(
      errorsByComponent(
        { "unused.0.qty": "a", "scrap.0.reason": "b", "scrap.0.qty": "c", goodQty: "d", "scrap.5.qty": "e" },
        lines,
      ),
    ).toEqual({ "WHEEL.unused": "a", "BODY.reason": "b", "BODY.scrap": "c", goodQty: "d", "scrap.5.qty": "e" });
  });
});
