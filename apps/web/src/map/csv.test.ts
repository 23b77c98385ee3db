import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a BOM, a header and quoted cells where needed", () => {
    const text = toCsv(
      [
        { name: "象湖合作点", note: 'a "b", c', n: 3 },
        { name: "=cmd()", note: null, n: 0 },
      ],
      [
        { header: "名称", value: (r) => r.name },
        { header: "备注", value: (r) => r.note },
        { header: "n", value: (r) => r.n },
      ],
    );
    expect(text).toBe('\uFEFF名称,备注,n\r\n象湖合作点,"a ""b"", c",3\r\n\'=cmd(),,0\r\n');
  });

  it("turns every formula start into text: = + - @ tab and carriage return", () => {
    const names = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-1+2", "@A1", "\t=1", "\r=1"];
    const text = toCsv(
      names.map((name) => ({ name })),
      [{ header: "名称", value: (r) => r.name }],
    );
    const cells = text.slice(1).split("\r\n").slice(1, -1);
    expect(cells).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
      `"'+SUM(1,2)"`,
      "'-1+2",
      "'@A1",
      "'\t=1",
      `"'\r=1"`,
    ]);
  });

  it("keeps negative numbers as numbers", () => {
    expect(toCsv([{ n: -2 }], [{ header: "n", value: (r) => r.n }])).toBe("\uFEFFn\r\n-2\r\n");
  });
});
