import { describe, expect, it } from "vitest";
import { receiptDifferences, receiptProblems } from "./receipt";

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

  it("refuses more than was sent at the line's API path", () => {
    const over = [lines[0], { componentCode: "SCREW", sent: 400, counted: 401 }] as typeof lines;
    expect(receiptProblems(over, "extra")).toEqual({ "lines.1.qtyReceived": "receive.overSent" });
  });
});
