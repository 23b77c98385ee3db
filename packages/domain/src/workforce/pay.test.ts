import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payStatement, pieceAmountFen } from "./pay";
import { subsidies } from "./subsidy";

describe("piece pay", () => {
  it("is quantity × piece rate per batch, in integer fen", () => {
    const s = payStatement([
      { batchId: "bear", workDate: "2026-04-01", qty: 37, pieceRateFen: 183 },
      { batchId: "car", workDate: "2026-04-01", qty: 120, pieceRateFen: 47 },
      { batchId: "bear", workDate: "2026-04-02", qty: 41, pieceRateFen: 183 },
    ]);
    expect(s.byBatch).toEqual([
      { batchId: "bear", qty: 78, pieceRateFen: 183, amountFen: 14_274 },
      { batchId: "car", qty: 120, pieceRateFen: 47, amountFen: 5_640 },
    ]);
    expect(s).toMatchObject({ daysWorked: 2, totalQty: 198, totalFen: 19_914 });
  });

  it("nets reversing entries and does not count a fully reversed day", () => {
    const s = payStatement([
      { batchId: "b", workDate: "2026-04-03", qty: 99, pieceRateFen: 47 },
      { batchId: "b", workDate: "2026-04-03", qty: -99, pieceRateFen: 47 },
      { batchId: "b", workDate: "2026-04-04", qty: 10, pieceRateFen: 47 },
    ]);
    expect(s).toMatchObject({ daysWorked: 1, totalQty: 10, totalFen: 470 });
  });

  it("totals equal the sum of the lines for any entries", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            batchId: fc.constantFrom("a", "b", "c"),
            workDate: fc.constantFrom("2026-04-01", "2026-04-02"),
            qty: fc.integer({ min: 1, max: 100_000 }),
            pieceRateFen: fc.constantFrom(12, 45, 183),
          }),
        ),
        (lines) => {
          const s = payStatement(lines);
          expect(s.totalFen).toBe(lines.reduce((sum, l) => sum + l.qty * l.pieceRateFen, 0));
          expect(Number.isSafeInteger(s.totalFen)).toBe(true);
        },
      ),
    );
  });

  it("refuses fractional quantities or rates", () => {
    expect(() => pieceAmountFen(1.5, 10)).toThrow(RangeError);
    expect(() => pieceAmountFen(1, 0.1)).toThrow(RangeError);
  });
});

describe("符合即享受", () => {
  it("pays per counting worker of running workshops only", () => {
    const result = subsidies(
      [
        { workshopId: "w1", status: "running", countingWorkerIds: ["a", "b", "c", "d", "e"] },
        { workshopId: "w2", status: "under_watch", countingWorkerIds: ["f", "g", "h", "i"] },
        { workshopId: "w3", status: "removed", countingWorkerIds: [] },
      ],
      { subsidyPerPersonFen: 50_000 },
    );
    expect(result).toEqual({
      lines: [{ workshopId: "w1", workerIds: ["a", "b", "c", "d", "e"], amountFen: 250_000 }],
      people: 5,
      totalFen: 250_000,
    });
  });
});
