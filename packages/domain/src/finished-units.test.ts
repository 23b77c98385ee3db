import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleViolation } from "./errors";
import {
  checkInspectionVerdict,
  checkReworkDispatch,
  checkReworkReturn,
  consumedBreaches,
  type FinishedTotals,
  finishedUnitBreaches,
  finishedUnitsOf,
  planMissingUnits,
  planReworkReceipt,
} from "./finished-units";
import { balancesFrom, conservationBreaches, type Movement } from "./ledger";

const KIT = [
  { componentCode: "BODY", qtyPerUnit: 1 },
  { componentCode: "EYE", qtyPerUnit: 2 },
];

function violation(rule: () => unknown): RuleViolation {
  try {
    rule();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const NONE: FinishedTotals = {
  ordered: 10,
  returnedGood: 0,
  returnedDefective: 0,
  reworkReturned: 0,
  acceptedVerdicts: 0,
  rejectedVerdicts: 0,
  missing: 0,
  scrapped: 0,
  awaitingInspection: 0,
  awaitingUnits: 0,
  reworkSent: 0,
  reworkInTransit: 0,
  reworkReceived: 0,
};

describe("checkInspectionVerdict with the four outcomes", () => {
  it("accepts 正品 + 次品 + 缺数 + 废品 = good + defective + rework", () => {
    expect(() =>
      checkInspectionVerdict(
        { goodQty: 8, defectiveQty: 2, reworkQty: 3 },
        { acceptedQty: 9, rejectedQty: 2, missingQty: 1, scrappedQty: 1 },
      ),
    ).not.toThrow();
    expect(() =>
      checkInspectionVerdict({ goodQty: 5, defectiveQty: 0 }, { acceptedQty: 5, rejectedQty: 0 }),
    ).not.toThrow();
  });

  it.each([
    [9, 2, 1, 0],
    [9, 2, 1, 2],
    [10, 0, 0, 0],
  ])("refuses %i + %i + %i + %i for 13 units", (acceptedQty, rejectedQty, missingQty, scrappedQty) => {
    const v = violation(() =>
      checkInspectionVerdict(
        { goodQty: 8, defectiveQty: 2, reworkQty: 3 },
        { acceptedQty, rejectedQty, missingQty, scrappedQty },
      ),
    );
    expect(v.reason).toBe("verdictMismatch");
    expect(v.kind).toBe("conservation");
    expect(v.field).toBe("acceptedQty");
    expect(v.params).toMatchObject({ missing: missingQty, scrapped: scrappedQty, units: 13 });
  });
});

describe("缺数 and rework lost move consumed components on to lost", () => {
  it("moves quantity per unit × missing units of every component", () => {
    expect(planMissingUnits(KIT, 3)).toEqual([
      { componentCode: "BODY", kind: "units_missing", qty: 3 },
      { componentCode: "EYE", kind: "units_missing", qty: 6 },
    ]);
    expect(planMissingUnits(KIT, 0)).toEqual([]);
  });

  it("a rework count below the note loses the missing units with their parts and needs a note", () => {
    expect(planReworkReceipt(KIT, "BEAR", 4, 4, undefined)).toEqual([]);
    expect(planReworkReceipt(KIT, "BEAR", 4, 3, "one fell off the truck")).toEqual([
      { componentCode: "BODY", kind: "rework_lost", qty: 1, reason: "one fell off the truck" },
      { componentCode: "EYE", kind: "rework_lost", qty: 2, reason: "one fell off the truck" },
    ]);
    const noNote = violation(() => planReworkReceipt(KIT, "BEAR", 4, 3, "  "));
    expect([noNote.reason, noNote.field, noNote.kind]).toEqual(["receiptNeedsNote", "note", "input"]);
    const over = violation(() => planReworkReceipt(KIT, "BEAR", 4, 5, "extra"));
    expect([over.reason, over.field, over.params]).toEqual(["reworkOverSent", "qtyReceived", { counted: 5, sent: 4 }]);
  });
});

describe("rework limits", () => {
  const units = finishedUnitsOf({
    ...NONE,
    returnedGood: 8,
    returnedDefective: 2,
    acceptedVerdicts: 6,
    rejectedVerdicts: 4,
    reworkSent: 3,
    reworkReceived: 2,
    reworkInTransit: 0,
    reworkReturned: 1,
  });

  it("derives where the rejected units are", () => {
    expect(units.rejected).toBe(3);
    expect(units.rework).toEqual({ sent: 3, inTransit: 0, atWorkshop: 1, lost: 1, returned: 1, available: 1 });
  });

  it("sends only rejected units still at the factory, and takes back only rework the workshop holds", () => {
    expect(() => checkReworkDispatch(units, 1)).not.toThrow();
    const v = violation(() => checkReworkDispatch(units, 2));
    expect([v.reason, v.field, v.params]).toEqual(["exceedsRejected", "qty", { qty: 2, available: 1 }]);
    expect(() => checkReworkReturn(units, 1)).not.toThrow();
    const w = violation(() => checkReworkReturn(units, 2));
    expect([w.reason, w.field, w.params]).toEqual(["exceedsReworkHeld", "reworkQty", { qty: 2, held: 1 }]);
  });
});

/* ---- generated histories: every physical unit followed by id, against the totals the database sums ---- */

type Place =
  | "awaiting"
  | "accepted"
  | "rejected"
  | "missing"
  | "scrapped"
  | "reworkTransit"
  | "reworkWorkshop"
  | "lost";

const eventArb = fc.oneof(
  fc.record({ t: fc.constant("return" as const), fresh: fc.nat({ max: 4 }), rework: fc.nat({ max: 3 }) }),
  fc.record({
    t: fc.constant("inspect" as const),
    split: fc.array(fc.nat({ max: 3 }), { minLength: 16, maxLength: 16 }),
  }),
  fc.record({ t: fc.constant("sendRework" as const), qty: fc.nat({ max: 3 }) }),
  fc.record({ t: fc.constant("receiveRework" as const), short: fc.nat({ max: 1 }) }),
);

describe("generated histories of returns, inspections and rework", () => {
  it("keeps every unit in one place, each accepted unit paid once, and the components conserved", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const ordered = 12;
        const place = new Map<number, Place>();
        const acceptedOnce = new Set<number>();
        let nextId = 0;
        const totals: FinishedTotals = { ...NONE, ordered };
        const returns: { units: number[]; fresh: number; rework: number }[] = [];
        const reworkTrips: number[][] = [];
        // Components: a full kit received up front, consumed by new units only.
        const movements: Movement[] = KIT.flatMap((k) => [
          { componentCode: k.componentCode, kind: "dispatch", qty: ordered * k.qtyPerUnit },
          { componentCode: k.componentCode, kind: "receipt", qty: ordered * k.qtyPerUnit },
        ]);
        const at = (p: Place) => [...place].filter(([, q]) => q === p).map(([id]) => id);

        for (const e of events) {
          if (e.t === "return") {
            const units = totals.returnedGood + totals.returnedDefective;
            const fresh = Math.min(e.fresh, ordered - units);
            const heldRework = at("reworkWorkshop");
            const f = finishedUnitsOf(totals);
            expect(f.rework.atWorkshop).toBe(heldRework.length);
            const rework = Math.min(e.rework, heldRework.length);
            if (fresh + rework === 0) continue;
            checkReworkReturn(f, rework);
            const ids = [...heldRework.slice(0, rework)];
            for (let i = 0; i < fresh; i++) ids.push(nextId++);
            for (const id of ids) place.set(id, "awaiting");
            returns.push({ units: ids, fresh, rework });
            totals.returnedGood += fresh;
            totals.reworkReturned += rework;
            totals.awaitingInspection += 1;
            totals.awaitingUnits += ids.length;
            for (const k of KIT)
              movements.push({ componentCode: k.componentCode, kind: "consumption", qty: fresh * k.qtyPerUnit });
          } else if (e.t === "inspect") {
            const r = returns.shift();
            if (!r) continue;
            const verdict = { acceptedQty: 0, rejectedQty: 0, missingQty: 0, scrappedQty: 0 };
            const outcomes = ["acceptedQty", "rejectedQty", "missingQty", "scrappedQty"] as const;
            r.units.forEach((id, i) => {
              const outcome = outcomes[(e.split[i % e.split.length] ?? 0) % 4] ?? "acceptedQty";
              verdict[outcome]++;
              const p = (
                {
                  acceptedQty: "accepted",
                  rejectedQty: "rejected",
                  missingQty: "missing",
                  scrappedQty: "scrapped",
                } as const
              )[outcome];
              if (p === "accepted") {
                expect(acceptedOnce.has(id), `unit ${id} accepted twice`).toBe(false);
                acceptedOnce.add(id);
              }
              place.set(id, p);
            });
            checkInspectionVerdict({ goodQty: r.fresh, defectiveQty: 0, reworkQty: r.rework }, verdict);
            totals.acceptedVerdicts += verdict.acceptedQty;
            totals.rejectedVerdicts += verdict.rejectedQty;
            totals.missing += verdict.missingQty;
            totals.scrapped += verdict.scrappedQty;
            totals.awaitingInspection -= 1;
            totals.awaitingUnits -= r.units.length;
            movements.push(...planMissingUnits(KIT, verdict.missingQty));
          } else if (e.t === "sendRework") {
            const f = finishedUnitsOf(totals);
            const atFactory = at("rejected");
            expect(f.rework.available).toBe(atFactory.length);
            if (e.qty === 0) continue;
            if (e.qty > atFactory.length) {
              expect(() => checkReworkDispatch(f, e.qty)).toThrow(RuleViolation);
              continue;
            }
            checkReworkDispatch(f, e.qty);
            const ids = atFactory.slice(0, e.qty);
            for (const id of ids) place.set(id, "reworkTransit");
            reworkTrips.push(ids);
            totals.reworkSent += e.qty;
            totals.reworkInTransit += e.qty;
          } else {
            const ids = reworkTrips.shift();
            if (!ids) continue;
            const got = Math.max(0, ids.length - e.short);
            for (const [i, id] of ids.entries()) place.set(id, i < got ? "reworkWorkshop" : "lost");
            totals.reworkInTransit -= ids.length;
            totals.reworkReceived += got;
            movements.push(...planReworkReceipt(KIT, "BEAR", ids.length, got, got < ids.length ? "short" : undefined));
          }
        }

        const f = finishedUnitsOf(totals);
        expect(finishedUnitBreaches(f)).toEqual([]);
        // The counts batches.get shows are the units' places, one by one.
        expect(f.accepted).toBe(at("accepted").length);
        expect(f.accepted).toBe(acceptedOnce.size);
        expect(f.missing).toBe(at("missing").length);
        expect(f.scrapped).toBe(at("scrapped").length);
        expect(f.awaitingUnits).toBe(at("awaiting").length);
        expect(f.rework.inTransit).toBe(at("reworkTransit").length);
        expect(f.rework.atWorkshop).toBe(at("reworkWorkshop").length);
        expect(f.rework.lost).toBe(at("lost").length);
        expect(f.rejected).toBe(
          at("rejected").length + at("reworkTransit").length + at("reworkWorkshop").length + at("lost").length,
        );
        const balances = balancesFrom(
          KIT.map((k) => k.componentCode),
          movements,
        );
        expect(conservationBreaches(balances)).toEqual([]);
        expect(consumedBreaches(KIT, balances, f)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("reports a history whose counts do not add up", () => {
    const f = finishedUnitsOf({ ...NONE, returnedGood: 5, acceptedVerdicts: 4 });
    expect(finishedUnitBreaches(f)).toHaveLength(1);
    const over = finishedUnitsOf({ ...NONE, ordered: 2, returnedGood: 3, acceptedVerdicts: 3 });
    expect(finishedUnitBreaches(over)).toEqual(["returned 3 > ordered 2"]);
    const sentTooMany = finishedUnitsOf({
      ...NONE,
      returnedGood: 2,
      rejectedVerdicts: 2,
      reworkSent: 3,
      reworkInTransit: 3,
    });
    expect(finishedUnitBreaches(sentTooMany)).toContain("rework.available is -1");
  });
});
