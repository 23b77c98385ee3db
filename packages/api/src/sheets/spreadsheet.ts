import { neutraliseFormula, type SpreadsheetFormat } from "@kitflow/domain";
import type ExcelJS from "exceljs";
import { checkRowCount, checkXlsxSize } from "./spreadsheet-limits";

export type Cell = string | number | null;

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, an optional UTF-8 BOM (Excel writes one). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvField(value: Cell): string {
  const s = value === null ? "" : String(neutraliseFormula(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** With a BOM so Excel opens the Chinese text as UTF-8. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

/** The first worksheet as rows of strings; dates become YYYY-MM-DD. */
/** exceljs is large; it is loaded on the first spreadsheet, not at server start. */
async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import("exceljs");
  return new excel.Workbook();
}

export async function readXlsx(content: Buffer): Promise<string[][]> {
  checkXlsxSize(content);
  const book = await newWorkbook();
  await book.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  // exceljs knows the row count once loaded; refusing before walking the rows saves building them.
  checkRowCount(sheet.rowCount);
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows[number - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

export async function readSheet(format: SpreadsheetFormat, contentBase64: string): Promise<string[][]> {
  const content = Buffer.from(contentBase64, "base64");
  const rows = format === "csv" ? parseCsv(content.toString("utf8")) : await readXlsx(content);
  checkRowCount(rows.length);
  return rows;
}

export interface EncodedFile {
  filename: string;
  mimeType: string;
  contentBase64: string;
}

export async function encodeSheet(
  format: SpreadsheetFormat,
  name: string,
  rows: readonly (readonly Cell[])[],
): Promise<EncodedFile> {
  if (format === "csv") {
    return {
      filename: `${name}.csv`,
      mimeType: "text/csv;charset=utf-8",
      contentBase64: Buffer.from(toCsv(rows), "utf8").toString("base64"),
    };
  }
  const book = await newWorkbook();
  const sheet = book.addWorksheet(name.slice(0, 31));
  for (const row of rows) sheet.addRow(row.map(neutraliseFormula));
  sheet.getRow(1).font = { bold: true };
  const buffer = await book.xlsx.writeBuffer();
  return {
    filename: `${name}.xlsx`,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    contentBase64: Buffer.from(buffer as ArrayBuffer).toString("base64"),
  };
}
