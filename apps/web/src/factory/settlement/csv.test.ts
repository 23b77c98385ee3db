import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("settlement toCsv", () => {
  it("writes a workshop or note that starts like a formula as text, and numbers as numbers", () => {
    const text = toCsv([
      ["车间", "金额"],
      ['=HYPERLINK("http://evil.example","x")', -12.5],
      ["+SUM(1,2)", "-3.20"],
      ["@cmd", 0],
    ]);
    expect(text.split("\r\n")).toEqual([
      "车间,金额",
      `"'=HYPERLINK(""http://evil.example"",""x"")",-12.5`,
      `"'+SUM(1,2)",-3.20`,
      "'@cmd,0",
    ]);
  });
});
