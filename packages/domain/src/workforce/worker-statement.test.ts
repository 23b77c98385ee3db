import { describe, expect, it } from "vitest";
import { RuleViolation } from "../errors";
import { checkDisputable, checkDisputeAnswer, checkWagePayment, wageBalance, workerDays } from "./worker-statement";

const entry = (id: number, workDate: string, qty: number, reversesEntryId: number | null = null) => ({
  id,
  workDate,
  batchNumber: "WF-1",
  productName: "充电宝",
  factoryName: "佳惠宝",
  qty,
  pieceRateFen: 35,
  reversesEntryId,
  reason: reversesEntryId ? "数错了" : null,
});

describe("the worker's statement", () => {
  it("groups entries by day, newest first, and shows a reversal next to what it corrects", () => {
    const days = workerDays([entry(1, "2026-11-02", 40), entry(2, "2026-11-03", 10), entry(3, "2026-11-02", -40, 1)]);
    expect(days.map((d) => d.workDate)).toEqual(["2026-11-03", "2026-11-02"]);
    const [, second] = days;
    expect(second?.entries.map((e) => [e.id, e.reversed, e.amountFen])).toEqual([
      [1, true, 1400],
      [3, false, -1400],
    ]);
    expect(second?.qty).toBe(0);
    expect(second?.amountFen).toBe(0);
  });

  it("says what is still unpaid", () => {
    expect(wageBalance(10_000, [{ amountFen: 3000 }, { amountFen: 2000 }])).toEqual({ paidFen: 5000, unpaidFen: 5000 });
    expect(wageBalance(1000, [{ amountFen: 3000 }])).toEqual({ paidFen: 3000, unpaidFen: 0 });
  });

  it("lets a worker question work booked, not a correction or an entry already corrected", () => {
    expect(() => checkDisputable({ reversesEntryId: null, reversed: false })).not.toThrow();
    expect(() => checkDisputable({ reversesEntryId: 4, reversed: false })).toThrow(RuleViolation);
    expect(() => checkDisputable({ reversesEntryId: null, reversed: true })).toThrow(/already been corrected/);
  });

  it("accepts an answer once, and a correction only of the entry asked about", () => {
    const open = { entryId: 7, answeredAt: null };
    expect(() => checkDisputeAnswer(open, { reply: "对的" })).not.toThrow();
    expect(() => checkDisputeAnswer(open, { correction: { reversesEntryId: 7 } })).not.toThrow();
    expect(() => checkDisputeAnswer(open, { correction: { reversesEntryId: 8 } })).toThrow(/must reverse/);
    expect(() => checkDisputeAnswer(open, {})).toThrow(/reply or a correction/);
    expect(() => checkDisputeAnswer({ entryId: 7, answeredAt: new Date() }, { reply: "x" })).toThrow(/already/);
  });

  it("refuses wages for a month not begun or paid in the future", () => {
    expect(() => checkWagePayment({ month: "2026-11", paidOn: "2026-12-01" }, "2026-12-01")).not.toThrow();
    expect(() => checkWagePayment({ month: "2027-01", paidOn: "2026-12-01" }, "2026-12-01")).toThrow(/begun/);
    expect(() => checkWagePayment({ month: "2026-11", paidOn: "2026-12-02" }, "2026-12-01")).toThrow(/future/);
  });
});
