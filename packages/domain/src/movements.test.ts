import { describe, expect, it } from "vitest";
import { RuleViolation } from "./errors";
import { checkInspectionVerdict } from "./finished-units";
import type { KitLine } from "./kit";
import { balancesFrom, type ComponentBalance, conservationBreaches, emptyBalance, type Movement } from "./ledger";
import {
  checkReceiptNote,
  checkWithinKit,
  checkWithinOrder,
  closeBlockers,
  closeWriteOffs,
  kitRemaining,
  planClose,
  planDispatch,
  planReceipt,
  planReturn,
  planUnusedInspection,
  type QtyLine,
  type ReturnRequest,
  receiptDifferences,
  unitsOutstanding,
} from "./movements";

/** Runs `fn`, which must refuse with a RuleViolation, and returns that violation. */
function violation(fn: () => unknown): RuleViolation {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuleViolation);
    return e as RuleViolation;
  }
  throw new Error("expected a RuleViolation, but the operation was accepted");
}

/** 100 toys, 2 % allowance: BODY 1 per unit (kit 102), SCREW 2 per unit (kit 204). */
const KIT: KitLine[] = [
  {
    componentCode: "BODY",
    componentName: "Body",
    unit: "pc",
    qtyPerUnit: 1,
    kitQty: 102,
  },
  {
    componentCode: "SCREW",
    componentName: "Screw",
    unit: "pc",
    qtyPerUnit: 2,
    kitQty: 204,
  },
];
// Tolerance 1 %: BODY floor(1.02) = 1 unit, SCREW floor(2.04) = 2 units.
const TOLERANCE_PCT = 1;

function balance(code: string, fields: Partial<Omit<ComponentBalance, "componentCode">>): ComponentBalance {
  return { ...emptyBalance(code), ...fields };
}

/** Balances after the factory dispatched and the workshop received these quantities. */
function holding(body: number, screw: number, gained: { body?: number; screw?: number } = {}): ComponentBalance[] {
  return [
    balance("BODY", {
      dispatched: body + (gained.body ?? 0),
      atWorkshop: body + (gained.body ?? 0),
      gained: gained.body ?? 0,
    }),
    balance("SCREW", {
      dispatched: screw + (gained.screw ?? 0),
      atWorkshop: screw + (gained.screw ?? 0),
      gained: gained.screw ?? 0,
    }),
  ];
}

function ret(partial: Partial<ReturnRequest>): ReturnRequest {
  return { goodQty: 0, defectiveQty: 0, unused: [], scrap: [], ...partial };
}

function returnPlan(request: ReturnRequest, balances: ComponentBalance[], tolerancePct = TOLERANCE_PCT): Movement[] {
  return planReturn(request, { kit: KIT, balances, tolerancePct });
}

describe("planDispatch", () => {
  it("moves each line from the factory into transit", () => {
    expect(
      planDispatch(KIT, [
        { componentCode: "SCREW", qty: 150 },
        { componentCode: "BODY", qty: 60 },
      ]),
    ).toEqual([
      { componentCode: "SCREW", kind: "dispatch", qty: 150 },
      { componentCode: "BODY", kind: "dispatch", qty: 60 },
    ]);
  });

  it("refuses a component that is not in the batch's kit, naming the line", () => {
    const v = violation(() =>
      planDispatch(KIT, [
        { componentCode: "BODY", qty: 1 },
        { componentCode: "WHEEL", qty: 1 },
      ]),
    );
    expect(v.kind).toBe("input");
    expect(v.field).toBe("lines.1.componentCode");
    expect(v.message).toContain("WHEEL");
  });
});

describe("kitRemaining and checkWithinKit", () => {
  const sent = [balance("BODY", { dispatched: 100, inTransit: 100 }), balance("SCREW", { dispatched: 3, gained: 3 })];

  it("leaves the kit minus everything dispatched, tolerance gains included, never below zero", () => {
    expect(kitRemaining(KIT, sent)).toEqual({ BODY: 2, SCREW: 201 });
    expect(kitRemaining(KIT, [balance("BODY", { dispatched: 103, gained: 1 })])).toEqual({ BODY: 0, SCREW: 204 });
  });

  it("accepts a dispatch of exactly what is left", () => {
    expect(() =>
      checkWithinKit(KIT, sent, [
        { componentCode: "BODY", qty: 2 },
        { componentCode: "SCREW", qty: 201 },
      ]),
    ).not.toThrow();
  });

  it("refuses one more than is left, naming the line and the counts", () => {
    const v = violation(() =>
      checkWithinKit(KIT, sent, [
        { componentCode: "SCREW", qty: 1 },
        { componentCode: "BODY", qty: 3 },
      ]),
    );
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("lines.1.qty");
    expect(v.message).toBe(
      "BODY: kit is 102, 100 already sent, so at most 2 more (beyond the kit, send a replacement with a reason)",
    );
  });

  it("leaves a component outside the kit to planDispatch", () => {
    expect(() => checkWithinKit(KIT, sent, [{ componentCode: "WHEEL", qty: 1 }])).not.toThrow();
  });
});

describe("planReceipt", () => {
  const sent: QtyLine[] = [
    { componentCode: "BODY", qty: 100 },
    { componentCode: "SCREW", qty: 200 },
  ];

  it("moves a full count into the workshop", () => {
    expect(
      planReceipt(sent, [
        { componentCode: "BODY", qty: 100 },
        { componentCode: "SCREW", qty: 200 },
      ]),
    ).toEqual([
      { componentCode: "BODY", kind: "receipt", qty: 100 },
      { componentCode: "SCREW", kind: "receipt", qty: 200 },
    ]);
  });

  it("books a short count's difference as lost in transit, the note on that line only", () => {
    expect(
      planReceipt(
        sent,
        [
          { componentCode: "BODY", qty: 97 },
          { componentCode: "SCREW", qty: 200 },
        ],
        "  one bag torn ",
      ),
    ).toEqual([
      { componentCode: "BODY", kind: "receipt", qty: 97, reason: "one bag torn" },
      { componentCode: "BODY", kind: "receipt_shortfall", qty: 3, reason: "one bag torn" },
      { componentCode: "SCREW", kind: "receipt", qty: 200 },
    ]);
  });

  it("books everything as lost when zero arrived, with no zero-quantity receipt", () => {
    expect(
      planReceipt(
        sent,
        [
          { componentCode: "BODY", qty: 0 },
          { componentCode: "SCREW", qty: 200 },
        ],
        "box missing",
      ),
    ).toEqual([
      { componentCode: "BODY", kind: "receipt_shortfall", qty: 100, reason: "box missing" },
      { componentCode: "SCREW", kind: "receipt", qty: 200 },
    ]);
  });

  it("counts a line left out as zero received", () => {
    expect(planReceipt(sent, [{ componentCode: "SCREW", qty: 199 }], "n")).toEqual([
      { componentCode: "BODY", kind: "receipt_shortfall", qty: 100, reason: "n" },
      { componentCode: "SCREW", kind: "receipt", qty: 199, reason: "n" },
      { componentCode: "SCREW", kind: "receipt_shortfall", qty: 1, reason: "n" },
    ]);
  });

  it("books a count above the note as surplus at the workshop, never clamped or refused", () => {
    // The counted lines come in another order than the shipment's.
    expect(
      planReceipt(
        sent,
        [
          { componentCode: "SCREW", qty: 200 },
          { componentCode: "BODY", qty: 108 },
        ],
        "8 bodies more than the note",
      ),
    ).toEqual([
      { componentCode: "BODY", kind: "receipt", qty: 100, reason: "8 bodies more than the note" },
      { componentCode: "BODY", kind: "receipt_surplus", qty: 8, reason: "8 bodies more than the note" },
      { componentCode: "SCREW", kind: "receipt", qty: 200 },
    ]);
  });

  it("books a surplus on one line and a shortfall on another in one receipt", () => {
    const movements = planReceipt(
      sent,
      [
        { componentCode: "BODY", qty: 101 },
        { componentCode: "SCREW", qty: 196 },
      ],
      "counted twice",
    );
    const balances = balancesFrom(["BODY", "SCREW"], [...planDispatch(KIT, sent), ...movements]);
    expect(conservationBreaches(balances)).toEqual([]);
    expect(balances).toEqual([
      { ...emptyBalance("BODY"), dispatched: 100, atWorkshop: 101, surplus: 1 },
      { ...emptyBalance("SCREW"), dispatched: 200, atWorkshop: 196, lost: 4 },
    ]);
  });

  it("refuses a differing count without a note (surplus or shortfall), naming the note", () => {
    for (const counted of [[{ componentCode: "BODY", qty: 101 }], [{ componentCode: "BODY", qty: 99 }]]) {
      const v = violation(() => planReceipt(sent, [...counted, { componentCode: "SCREW", qty: 200 }], "  "));
      expect(v.kind).toBe("input");
      expect(v.field).toBe("note");
      expect(v.message).toContain("BODY");
    }
  });

  it("keeps a note given for a count that matches off every movement", () => {
    expect(planReceipt(sent, sent, "all fine")).toEqual([
      { componentCode: "BODY", kind: "receipt", qty: 100 },
      { componentCode: "SCREW", kind: "receipt", qty: 200 },
    ]);
  });

  it("refuses a component the shipment did not carry as bad input", () => {
    const v = violation(() =>
      planReceipt(sent, [
        { componentCode: "BODY", qty: 100 },
        { componentCode: "SCREW", qty: 200 },
        { componentCode: "WHEEL", qty: 1 },
      ]),
    );
    expect(v.kind).toBe("input");
    expect(v.field).toBe("lines.2.componentCode");
  });

  it("leaves the ledger conserved after dispatch and a short count", () => {
    const counted = [
      { componentCode: "BODY", qty: 90 },
      { componentCode: "SCREW", qty: 200 },
    ];
    const movements = [...planDispatch(KIT, sent), ...planReceipt(sent, counted, "short")];
    const balances = balancesFrom(["BODY", "SCREW"], movements);
    expect(conservationBreaches(balances)).toEqual([]);
    expect(balances[0]).toMatchObject({
      dispatched: 100,
      inTransit: 0,
      atWorkshop: 90,
      lost: 10,
    });
  });
});

describe("planReturn", () => {
  it("consumes (good + defective) × quantity per unit of every component", () => {
    expect(returnPlan(ret({ goodQty: 90, defectiveQty: 5 }), holding(100, 200))).toEqual([
      { componentCode: "BODY", kind: "consumption", qty: 95 },
      { componentCode: "SCREW", kind: "consumption", qty: 190 },
    ]);
  });

  it("takes reported scrap out of the workshop's stock", () => {
    expect(returnPlan(ret({ goodQty: 10, scrap: [{ componentCode: "SCREW", qty: 4 }] }), holding(100, 200))).toEqual([
      { componentCode: "BODY", kind: "consumption", qty: 10 },
      { componentCode: "SCREW", kind: "consumption", qty: 20 },
      { componentCode: "SCREW", kind: "scrap", qty: 4 },
    ]);
  });

  it("sends unused components back into transit", () => {
    expect(returnPlan(ret({ unused: [{ componentCode: "BODY", qty: 7 }] }), holding(100, 200))).toEqual([
      { componentCode: "BODY", kind: "return_unused", qty: 7 },
    ]);
  });

  it("can empty the workshop exactly without any tolerance gain", () => {
    const movements = returnPlan(
      ret({
        goodQty: 95,
        defectiveQty: 3,
        unused: [{ componentCode: "BODY", qty: 1 }],
        scrap: [
          { componentCode: "BODY", qty: 1 },
          { componentCode: "SCREW", qty: 4 },
        ],
      }),
      holding(100, 200),
    );
    expect(movements.some((m) => m.kind === "tolerance_gain")).toBe(false);
    const after = balancesFrom(["BODY", "SCREW"], [...movementsFor(holding(100, 200)), ...movements]);
    expect(after.map((b) => b.atWorkshop)).toEqual([0, 0]);
    expect(conservationBreaches(after)).toEqual([]);
  });

  it("books a shortfall within tolerance as a gain before consuming", () => {
    // SCREW: 50 units need 100, the workshop holds 98, tolerance 2 → gain 2.
    const movements = returnPlan(ret({ goodQty: 50 }), holding(50, 98));
    expect(movements).toEqual([
      { componentCode: "BODY", kind: "consumption", qty: 50 },
      { componentCode: "SCREW", kind: "tolerance_gain", qty: 2 },
      { componentCode: "SCREW", kind: "consumption", qty: 100 },
    ]);
    const after = balancesFrom(["BODY", "SCREW"], [...movementsFor(holding(50, 98)), ...movements]);
    expect(conservationBreaches(after)).toEqual([]);
    expect(after[1]).toMatchObject({
      dispatched: 100,
      atWorkshop: 0,
      consumed: 100,
      gained: 2,
    });
  });

  it("counts scrap and unused towards the need when checking tolerance", () => {
    // BODY: 10 consumed + 1 scrapped + 1 unused = 12 needed, 11 held, tolerance 1 → gain 1.
    const movements = returnPlan(
      ret({
        goodQty: 10,
        scrap: [{ componentCode: "BODY", qty: 1 }],
        unused: [{ componentCode: "BODY", qty: 1 }],
      }),
      holding(11, 20),
    );
    expect(movements.filter((m) => m.kind === "tolerance_gain")).toEqual([
      { componentCode: "BODY", kind: "tolerance_gain", qty: 1 },
    ]);
  });

  it("refuses a shortfall beyond tolerance as a conservation problem", () => {
    // SCREW: 50 units need 100, the workshop holds 97: short 3 > tolerance 2.
    const v = violation(() => returnPlan(ret({ goodQty: 50 }), holding(50, 97)));
    expect(v.kind).toBe("conservation");
    expect(v.message).toContain("SCREW");
    expect(v.message).toContain("needs 100");
    expect(v.message).toContain("holds 97");
    expect(v.field).toBe("goodQty");
  });

  it("names the unused line when that component is short", () => {
    const v = violation(() =>
      returnPlan(
        ret({
          goodQty: 1,
          unused: [
            { componentCode: "BODY", qty: 1 },
            { componentCode: "SCREW", qty: 300 },
          ],
        }),
        holding(100, 200),
      ),
    );
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("unused.1.qty");
  });

  it("names the scrap line when that component is short and not among the unused", () => {
    const v = violation(() =>
      returnPlan(
        ret({
          unused: [{ componentCode: "BODY", qty: 1 }],
          scrap: [
            { componentCode: "BODY", qty: 1 },
            { componentCode: "SCREW", qty: 203 },
          ],
        }),
        holding(100, 200),
      ),
    );
    expect(v.field).toBe("scrap.1.qty");
  });

  it("respects tolerance already used up by earlier returns (balance.gained)", () => {
    // SCREW tolerance is 2 for the whole batch.
    const oneUsed = holding(50, 97, { screw: 1 }); // holds 98, 1 of the 2 already gained
    expect(returnPlan(ret({ goodQty: 49 }), oneUsed)).toEqual([
      { componentCode: "BODY", kind: "consumption", qty: 49 },
      { componentCode: "SCREW", kind: "consumption", qty: 98 },
    ]);
    // Needs 99 of 98 held: short 1, exactly the 1 left.
    expect(returnPlan(ret({ goodQty: 49, scrap: [{ componentCode: "SCREW", qty: 1 }] }), oneUsed)).toContainEqual({
      componentCode: "SCREW",
      kind: "tolerance_gain",
      qty: 1,
    });
    // Needs 100 of 98 held: short 2, only 1 left.
    const v = violation(() => returnPlan(ret({ goodQty: 50 }), oneUsed));
    expect(v.kind).toBe("conservation");
    expect(v.message).toContain("tolerance left 1");
  });

  it("refuses any shortfall once the tolerance is used up", () => {
    const allUsed = holding(50, 98, { screw: 2 }); // holds 100
    expect(() => returnPlan(ret({ goodQty: 50 }), allUsed)).not.toThrow();
    const v = violation(() => returnPlan(ret({ goodQty: 50, scrap: [{ componentCode: "SCREW", qty: 1 }] }), allUsed));
    expect(v.message).toContain("tolerance left 0");
  });

  it("accumulates gains over several returns up to the tolerance and no further", () => {
    let movements = movementsFor(holding(50, 100));
    const codes = ["BODY", "SCREW"];
    // Once the workshop is empty, each return scrapping one more SCREW is short by one.
    movements = [...movements, ...returnPlan(ret({ goodQty: 50 }), balancesFrom(codes, movements))]; // SCREW 0 left
    const scrapOne = ret({ scrap: [{ componentCode: "SCREW", qty: 1 }] });
    movements = [...movements, ...returnPlan(scrapOne, balancesFrom(codes, movements))]; // gain 1
    movements = [...movements, ...returnPlan(scrapOne, balancesFrom(codes, movements))]; // gain 2
    expect(balancesFrom(codes, movements)[1]).toMatchObject({
      gained: 2,
      atWorkshop: 0,
      scrapped: 2,
    });
    expect(() => returnPlan(scrapOne, balancesFrom(codes, movements))).toThrow(RuleViolation);
    expect(conservationBreaches(balancesFrom(codes, movements))).toEqual([]);
  });

  it("refuses every shortfall when the tolerance is 0", () => {
    const v = violation(() => returnPlan(ret({ goodQty: 51 }), holding(50, 200), 0));
    expect(v.kind).toBe("conservation");
    expect(v.message).toContain("BODY");
  });

  it("treats a component with no balance yet as holding nothing", () => {
    const onlyBody = [balance("BODY", { dispatched: 10, atWorkshop: 10 })];
    const v = violation(() => returnPlan(ret({ goodQty: 10 }), onlyBody));
    expect(v.message).toContain("SCREW");
    expect(v.message).toContain("holds 0");
  });

  it("refuses unknown components on unused or scrap lines as bad input", () => {
    const unusedV = violation(() =>
      returnPlan(
        ret({
          unused: [
            { componentCode: "BODY", qty: 1 },
            { componentCode: "WHEEL", qty: 1 },
          ],
        }),
        holding(100, 200),
      ),
    );
    expect(unusedV.kind).toBe("input");
    expect(unusedV.field).toBe("unused.1.componentCode");
    const scrapV = violation(() => returnPlan(ret({ scrap: [{ componentCode: "WHEEL", qty: 1 }] }), holding(100, 200)));
    expect(scrapV.kind).toBe("input");
    expect(scrapV.field).toBe("scrap.0.componentCode");
  });

  it("does not modify the balances it is given", () => {
    const balances = holding(50, 98);
    const before = structuredClone(balances);
    returnPlan(ret({ goodQty: 50 }), balances);
    expect(balances).toEqual(before);
  });
});

describe("planUnusedInspection", () => {
  const sentBack: QtyLine[] = [
    { componentCode: "BODY", qty: 5 },
    { componentCode: "SCREW", qty: 10 },
  ];

  it("books counted components as returned unused", () => {
    expect(
      planUnusedInspection(sentBack, [
        { componentCode: "BODY", qty: 5 },
        { componentCode: "SCREW", qty: 10 },
      ]),
    ).toEqual([
      { componentCode: "BODY", kind: "unused_received", qty: 5 },
      { componentCode: "SCREW", kind: "unused_received", qty: 10 },
    ]);
  });

  it("books the shortfall as lost in transit, and a missing line as nothing received", () => {
    expect(planUnusedInspection(sentBack, [{ componentCode: "SCREW", qty: 8 }])).toEqual([
      { componentCode: "BODY", kind: "unused_shortfall", qty: 5 },
      { componentCode: "SCREW", kind: "unused_received", qty: 8 },
      { componentCode: "SCREW", kind: "unused_shortfall", qty: 2 },
    ]);
  });

  it("is empty for a return that carried no unused components", () => {
    expect(planUnusedInspection([], [])).toEqual([]);
  });

  it("refuses counting more than the return carried, naming the counted line", () => {
    const v = violation(() =>
      planUnusedInspection(sentBack, [
        { componentCode: "SCREW", qty: 10 },
        { componentCode: "BODY", qty: 6 },
      ]),
    );
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("unusedReceived.1.qty");
  });

  it("refuses a component the return did not carry as bad input", () => {
    const v = violation(() =>
      planUnusedInspection([{ componentCode: "BODY", qty: 5 }], [{ componentCode: "SCREW", qty: 1 }]),
    );
    expect(v.kind).toBe("input");
    expect(v.field).toBe("unusedReceived.0.componentCode");
  });

  it("leaves the ledger conserved after a return and its inspection", () => {
    const codes = ["BODY", "SCREW"];
    const start = movementsFor(holding(20, 40));
    const back = returnPlan(ret({ goodQty: 10, unused: sentBack }), balancesFrom(codes, start));
    const inspected = planUnusedInspection(sentBack, [{ componentCode: "BODY", qty: 4 }]);
    const balances = balancesFrom(codes, [...start, ...back, ...inspected]);
    expect(conservationBreaches(balances)).toEqual([]);
    expect(balances[0]).toMatchObject({
      inTransit: 0,
      atWorkshop: 5,
      consumed: 10,
      returnedUnused: 4,
      lost: 1,
    });
    expect(balances[1]).toMatchObject({
      inTransit: 0,
      atWorkshop: 10,
      consumed: 20,
      returnedUnused: 0,
      lost: 10,
    });
  });
});

describe("checkInspectionVerdict", () => {
  it("accepts a verdict covering every returned unit", () => {
    expect(() =>
      checkInspectionVerdict({ goodQty: 90, defectiveQty: 5 }, { acceptedQty: 88, rejectedQty: 7 }),
    ).not.toThrow();
    expect(() =>
      checkInspectionVerdict({ goodQty: 0, defectiveQty: 0 }, { acceptedQty: 0, rejectedQty: 0 }),
    ).not.toThrow();
  });

  it.each([
    [94, 0],
    [95, 1],
    [0, 0],
    [100, 0],
  ])("refuses accepted %i + rejected %i for 95 units returned", (acceptedQty, rejectedQty) => {
    const v = violation(() => checkInspectionVerdict({ goodQty: 90, defectiveQty: 5 }, { acceptedQty, rejectedQty }));
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("acceptedQty");
    expect(v.message).toContain("95");
  });
});

describe("receiptDifferences and checkReceiptNote", () => {
  const sent: QtyLine[] = [
    { componentCode: "BODY", qty: 5 },
    { componentCode: "SCREW", qty: 10 },
  ];
  const short: QtyLine[] = [
    { componentCode: "BODY", qty: 5 },
    { componentCode: "SCREW", qty: 6 },
  ];

  it("lists counted minus sent for each line that differs, a line left out counting as zero", () => {
    expect(receiptDifferences(sent, short)).toEqual([{ componentCode: "SCREW", diff: -4 }]);
    expect(receiptDifferences(sent, [{ componentCode: "BODY", qty: 7 }, sent[1] as QtyLine])).toEqual([
      { componentCode: "BODY", diff: 2 },
    ]);
    expect(receiptDifferences(sent, [{ componentCode: "SCREW", qty: 10 }])).toEqual([
      { componentCode: "BODY", diff: -5 },
    ]);
    expect(receiptDifferences(sent, sent)).toEqual([]);
  });

  it.each([undefined, "", "   "])("refuses a differing count with note %j, naming the note", (note) => {
    const v = violation(() => checkReceiptNote(sent, short, note));
    expect(v.kind).toBe("input");
    expect(v.field).toBe("note");
    expect(v.message).toContain("SCREW");
  });

  it("accepts a differing count with a note, and a matching count without one", () => {
    expect(() => checkReceiptNote(sent, short, "one bag torn")).not.toThrow();
    expect(() => checkReceiptNote(sent, sent, undefined)).not.toThrow();
  });
});

describe("unitsOutstanding and checkWithinOrder", () => {
  it("expects back what was ordered minus what came back, never below zero", () => {
    expect(unitsOutstanding(100, 30)).toBe(70);
    expect(unitsOutstanding(100, 100)).toBe(0);
    expect(unitsOutstanding(100, 101)).toBe(0);
  });

  it("accepts a return of exactly the outstanding units", () => {
    expect(() => checkWithinOrder(100, 30, 70)).not.toThrow();
  });

  it("refuses one unit more than ordered, naming goodQty", () => {
    const v = violation(() => checkWithinOrder(100, 30, 71));
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("goodQty");
    expect(v.message).toBe("batch ordered 100, 30 already returned, so at most 70 more");
  });
});

describe("closeBlockers and closeWriteOffs", () => {
  const balances = [
    balance("BODY", { dispatched: 10, inTransit: 2, atWorkshop: 8 }),
    balance("SCREW", { dispatched: 10, consumed: 10 }),
  ];

  it("names the returns awaiting inspection and what is in transit", () => {
    expect(closeBlockers({ awaitingInspection: 1, balances })).toEqual({
      awaitingInspection: 1,
      inTransit: [{ componentCode: "BODY", qty: 2 }],
    });
  });

  it("writes off exactly what is at the workshop", () => {
    expect(closeWriteOffs(balances)).toEqual([{ componentCode: "BODY", qty: 8 }]);
  });
});

describe("planClose", () => {
  it("refuses while a return awaits inspection", () => {
    const v = violation(() => planClose({ awaitingInspection: 2, balances: [balance("BODY", {})] }, []));
    expect(v.kind).toBe("conservation");
    expect(v.message).toBe("2 return(s) still await inspection");
  });

  it("closes a batch with nothing left without any movement", () => {
    const balances = [
      balance("BODY", { dispatched: 100, consumed: 98, lost: 2 }),
      balance("SCREW", { dispatched: 200, consumed: 196, returnedUnused: 4 }),
    ];
    expect(planClose({ awaitingInspection: 0, balances }, [])).toEqual([]);
  });

  it("writes off exactly what is still at the workshop", () => {
    const balances = [
      balance("BODY", { dispatched: 100, consumed: 95, atWorkshop: 5 }),
      balance("SCREW", { dispatched: 200, consumed: 190, atWorkshop: 10 }),
    ];
    const movements = planClose({ awaitingInspection: 0, balances }, [
      { componentCode: "SCREW", qty: 10 },
      { componentCode: "BODY", qty: 5 },
    ]);
    expect(movements).toEqual([
      { componentCode: "BODY", kind: "write_off", qty: 5 },
      { componentCode: "SCREW", kind: "write_off", qty: 10 },
    ]);
    const closed = balancesFrom(["BODY", "SCREW"], [...movementsFor(balances), ...movements]);
    expect(closed.map((b) => b.atWorkshop)).toEqual([0, 0]);
    expect(closed.map((b) => b.lost)).toEqual([5, 10]);
    expect(conservationBreaches(closed)).toEqual([]);
  });

  it("refuses while anything is in transit, even with write-offs", () => {
    const balances = [
      balance("BODY", { dispatched: 100, consumed: 100 }),
      balance("SCREW", {
        dispatched: 200,
        consumed: 190,
        inTransit: 6,
        atWorkshop: 4,
      }),
    ];
    const v = violation(() => planClose({ awaitingInspection: 0, balances }, [{ componentCode: "SCREW", qty: 4 }]));
    expect(v.kind).toBe("conservation");
    expect(v.message).toContain("SCREW");
    expect(v.message).toContain("in transit");
  });

  it("refuses when stock at the workshop is not written off, naming writeOffs", () => {
    const v = violation(() =>
      planClose(
        { awaitingInspection: 0, balances: [balance("BODY", { dispatched: 10, atWorkshop: 3, consumed: 7 })] },
        [],
      ),
    );
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("writeOffs");
  });

  it.each([2, 4])("refuses writing off %i when 3 are at the workshop, naming the line", (qty) => {
    const balances = [
      balance("BODY", { dispatched: 10, consumed: 10 }),
      balance("SCREW", { dispatched: 10, atWorkshop: 3, consumed: 7 }),
    ];
    const v = violation(() => planClose({ awaitingInspection: 0, balances }, [{ componentCode: "SCREW", qty }]));
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("writeOffs.0.qty");
  });

  it("refuses writing off a component that has nothing at the workshop", () => {
    const balances = [balance("BODY", { dispatched: 10, consumed: 10 })];
    const v = violation(() => planClose({ awaitingInspection: 0, balances }, [{ componentCode: "BODY", qty: 1 }]));
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("writeOffs.0.qty");
  });

  it("refuses writing off an unknown component as bad input", () => {
    const v = violation(() =>
      planClose({ awaitingInspection: 0, balances: [balance("BODY", {})] }, [{ componentCode: "WHEEL", qty: 1 }]),
    );
    expect(v.kind).toBe("input");
    expect(v.field).toBe("writeOffs.0.componentCode");
  });
});

/** Movements that produce the given (conserved, nothing-in-transit-or-beyond) workshop balances from scratch. */
function movementsFor(balances: readonly ComponentBalance[]): Movement[] {
  const movements: Movement[] = [];
  for (const b of balances) {
    const shipped = b.dispatched - b.gained;
    const moves: [Movement["kind"], number][] = [
      ["dispatch", shipped],
      ["tolerance_gain", b.gained],
      ["receipt", shipped - b.inTransit],
      ["consumption", b.consumed],
      ["scrap", b.scrapped],
      ["write_off", b.lost],
    ];
    for (const [kind, qty] of moves) if (qty > 0) movements.push({ componentCode: b.componentCode, kind, qty });
  }
  const rebuilt = balancesFrom(
    balances.map((b) => b.componentCode),
    movements,
  );
  if (balances.some((b) => b.returnedUnused > 0)) throw new Error("movementsFor does not model returned unused");
  expect(rebuilt).toEqual(balances);
  return movements;
}
