import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "./spreadsheet";

describe("CSV", () => {
  it("reads quoted fields, doubled quotes, CRLF and a UTF-8 BOM", () => {
    expect(parseCsv('\uFEFF姓名,备注\r\n"钟,丹平","说""好"""\r\n李四,\n')).toEqual([
      ["姓名", "备注"],
      ["钟,丹平", '说"好"'],
      ["李四", ""],
    ]);
  });

  it("writes what it reads back", () => {
    const rows = [
      ["姓名", "金额"],
      ['谢"小"兰', "1,234.50"],
      ["杨福生", null],
    ];
    const text = toCsv(rows);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(text)).toEqual([
      ["姓名", "金额"],
      ['谢"小"兰', "1,234.50"],
      ["杨福生", ""],
    ]);
  });
});
