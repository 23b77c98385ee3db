/**
 * Roster imports are capped before the spreadsheet library sees them: an XLSX that inflates past the
 * limit (a zip bomb, also one whose archive lies about its sizes) and a file with more rows than any
 * roster are refused with BAD_REQUEST naming the file field, and nothing is written.
 */
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { ROSTER_HEADING } from "../support/roster-file";

/** A one-entry zip archive; `declaredSize` lets it lie about how large the entry inflates. */
function zipOf(name: string, content: Buffer, declaredSize = content.length): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + fileName.length + data.length;
  const directorySize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

describe("roster import limits", () => {
  let app: TestApp;
  let n = 0;
  const key = () => `limits-${++n}`.padEnd(8, "0");
  beforeAll(async () => {
    app = await createTestApp("pglite");
  });
  afterAll(() => app?.close());

  async function expectRefused(format: "csv" | "xlsx", content: Buffer, message: RegExp) {
    const lead = app.as("lead.xianghu");
    const before = await tableDigests(app);
    const outcome = await lead.workforce
      .importRoster({ format, contentBase64: content.toString("base64"), idempotencyKey: key() })
      .then(
        () => ({ code: "OK", message: "", field: undefined }),
        (error: { code: string; message: string; cause?: { field?: string } }) => ({
          code: error.code,
          message: error.message,
          field: error.cause?.field,
        }),
      );
    expect(outcome).toMatchObject({ code: "BAD_REQUEST", field: "contentBase64" });
    expect(outcome.message).toMatch(message);
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  }

  it("refuses an XLSX that inflates past the limit", async () => {
    const bomb = zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(40 * 1024 * 1024, " "));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expectRefused("xlsx", bomb, /too large unpacked/);
  });

  it("refuses an XLSX whose archive claims small sizes but inflates past the limit", async () => {
    const liar = zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(40 * 1024 * 1024, " "), 100);
    await expectRefused("xlsx", liar, /too large unpacked/);
  });

  it("refuses an XLSX and a CSV with more rows than any roster", async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => [
      `工人${i}`,
      "",
      "",
      "桔林村",
      "否",
      "否",
      "否",
      "否",
      "2026-01-05",
      "",
    ]);
    const csv = Buffer.from([ROSTER_HEADING, ...rows].map((r) => r.join(",")).join("\n"));
    await expectRefused("csv", csv, /too many rows/);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("花名册");
    sheet.addRow(ROSTER_HEADING);
    for (const row of rows) sheet.addRow(row);
    const xlsx = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer);
    await expectRefused("xlsx", xlsx, /too many rows/);
  });
});
