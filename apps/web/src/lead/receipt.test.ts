import { describe, expect, it } from "vitest";
import { differenceLabel, receiptDifferences, receiptProblems } from "./receipt";

const lines = [
  { componentCode: "BODY", sent: 100, counted: 100 },
  { componentCode: "SCREW", sent: 400, counted: 396 },
];

describe("receipt", () => {
  it("lists only the lines that differ, with counted − sent", () => {
    expect(receiptDifferences(lines)).toEqual([{ componentCode: "SCREW", diff: -4 }]);
  });

  it("needs a note when anything differs, and none when all match", () => {
    expect(receiptProblems(lines, "")).toEqual({ note: "receive.noteRequired" });
    expect(receiptProblems(lines, "   ")).toEqual({ note: "receive.noteRequired" });
    expect(receiptProblems(lines, "one bag torn")).toEqual({});
    expect(receiptProblems([{ componentCode: "BODY", sent: 5, counted: 5 }], "")).toEqual({});
  });

  it("takes more than was sent as a surplus that needs a note, never as a wrong count", () => {
    const over = [lines[0], { componentCode: "SCREW", sent: 400, counted: 408 }] as typeof lines;
    expect(receiptDifferences(over)).toEqual([{ componentCode: "SCREW", diff: 8 }]);
    expect(receiptProblems(over, "8 extra in the box")).toEqual({});
    expect(receiptProblems(over, "")).toEqual({ note: "receive.noteRequired" });
  });

  it("refuses a count that is not a whole number of 0 or more at the line's API path", () => {
    const bad = [lines[0], { componentCode: "SCREW", sent: 400, counted: -1 }] as typeof lines;
    expect(receiptProblems(bad, "x")).toEqual({ "lines.1.qtyReceived": "receive.countInvalid" });
  });

  it("labels a surplus 多 N and a shortfall 少 N", () => {
    expect(differenceLabel(8)).toEqual({ key: "receive.surplus", count: 8 });
    expect(differenceLabel(-4)).toEqual({ key: "receive.short", count: 4 });
    expect(differenceLabel(0)).toBeNull();
  });
});
