import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./spreadsheet-cell";

describe("neutraliseFormula", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ["+SUM(1,2)", "'+SUM(1,2)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("%s starts with a formula character and is turned into text", (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });

  it.each(["-12.5", "+3", "-0.5", "1e3", "钟丹平", "象湖 = 1", "", "a-b"])("%s is left alone", (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it("leaves numbers, booleans and empty cells as they are", () => {
    expect(neutraliseFormula(-12.5)).toBe(-12.5);
    expect(neutraliseFormula(true)).toBe(true);
    expect(neutraliseFormula(null)).toBe(null);
    expect(neutraliseFormula(undefined)).toBe(undefined);
  });
});
