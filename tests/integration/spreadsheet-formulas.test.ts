/**
 * Every spreadsheet the server writes (the roster's CSV and XLSX, the official exports) carries text
 * that starts like a formula as text, so opening it in Excel or WPS runs nothing.
 */
import { schema } from "@kitflow/db";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../packages/api/src/sheets/spreadsheet";
import { createTestApp, type TestApp } from "../support/app";
import { hire } from "./workforce-fixtures";

const HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@SUM(A1)"];

async function xlsxCells(contentBase64: string): Promise<unknown[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(contentBase64, "base64") as unknown as ArrayBuffer);
  const cells: unknown[] = [];
  book.worksheets[0]?.eachRow((row) => {
    row.eachCell((cell) => {
      cells.push(cell.value);
    });
  });
  return cells;
}

function csvCells(contentBase64: string): string[] {
  return parseCsv(Buffer.from(contentBase64, "base64").toString("utf8")).flat();
}

/** Cells a spreadsheet program would evaluate: text starting with = + - @ that is not a number. */
function live(cells: unknown[]): unknown[] {
  return cells.filter(
    (c) =>
      (typeof c === "string" && /^[=+\-@\t\r]/.test(c) && Number.isNaN(Number(c))) ||
      (typeof c === "object" && c !== null && "formula" in c),
  );
}

describe("formulas in exported spreadsheets", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp("pglite");
  });
  afterAll(() => app?.close());

  it("the roster CSV and XLSX carry hostile names as text", async () => {
    const lead = app.as("lead.xianghu");
    for (const name of HOSTILE) await hire(lead, { name });
    const csv = csvCells((await lead.workforce.exportRoster({ format: "csv" })).contentBase64);
    for (const name of HOSTILE) expect(csv).toContain(`'${name}`);
    expect(live(csv)).toEqual([]);
    const xlsx = await xlsxCells((await lead.workforce.exportRoster({ format: "xlsx" })).contentBase64);
    for (const name of HOSTILE) expect(xlsx).toContain(`'${name}`);
    expect(live(xlsx)).toEqual([]);
  });

  it("the official monitoring export carries a hostile workshop name as text", async () => {
    await app.handle.db
      .update(schema.organisations)
      .set({ name: HOSTILE[0] })
      .where(eq(schema.organisations.id, app.orgs.xianghu));
    const official = app.as("official.ruijin");
    for (const format of ["csv", "xlsx"] as const) {
      const file = await official.employment.export({ table: "monitoring", period: "2026-Q2", format });
      const cells = format === "csv" ? csvCells(file.contentBase64) : await xlsxCells(file.contentBase64);
      expect(cells, format).toContain(`'${HOSTILE[0]}`);
      expect(live(cells), format).toEqual([]);
    }
  });
});
