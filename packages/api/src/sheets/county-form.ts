import { formatFen, neutraliseFormula, type SpreadsheetFormat } from "@kitflow/domain";
import { type Cell, type EncodedFile, toCsv } from "./spreadsheet";

/*
 * The county office's own layout for 就业帮扶车间 tables: a title row, the period, then one row per
 * workshop under the headings the office files (序号 … 备注). Figures arrive already protected
 * (workshop-figures.ts): a hidden one is null and written as "—".
 */

export const FORM_HEADINGS = [
  "序号",
  "车间名称",
  "类型",
  "所在乡镇/村",
  "负责人",
  "联系电话",
  "吸纳就业总人数",
  "其中脱贫人口",
  "其中监测对象",
  "人均月收入(元)",
  "运行状态",
  "备注",
] as const;

/** Column widths in characters, for a landscape A4 page. */
const WIDTHS = [6, 24, 8, 18, 10, 14, 10, 10, 10, 12, 12, 34];

const HIDDEN = "—";
const NOTE = "少于3人的数据及可据以推算的数据已隐藏（—）";

export interface FormRow {
  name: string;
  workshopMode: "premises" | "home_based" | null;
  place: string;
  contactName: string | null;
  contactPhone: string | null;
  people: number | null;
  poorPeople: number | null;
  monitoredPeople: number | null;
  averageMonthlyEarningsFen: number | null;
  status: string;
  note: string;
}

export interface CountyForm {
  /** e.g. 瑞金市就业帮扶车间监测表（2026年第3季度） */
  title: string;
  /** e.g. 统计期：2026-07-01 至 2026-09-30 */
  periodLine: string;
  rows: readonly FormRow[];
}

const MODE = { premises: "厂房式", home_based: "居家式" } as const;

/** "2026-Q3" → "2026年第3季度". */
export function quarterTitle(quarter: string): string {
  return `${quarter.slice(0, 4)}年第${quarter.slice(6)}季度`;
}

export function formCells(form: CountyForm): Cell[][] {
  const figure = (v: number | null): Cell => (v === null ? HIDDEN : v);
  return [
    [form.title],
    [form.periodLine],
    [...FORM_HEADINGS],
    ...form.rows.map((r, i) => [
      i + 1,
      r.name,
      r.workshopMode ? MODE[r.workshopMode] : "",
      r.place,
      r.contactName,
      r.contactPhone,
      figure(r.people),
      figure(r.poorPeople),
      figure(r.monitoredPeople),
      r.averageMonthlyEarningsFen === null ? HIDDEN : formatFen(r.averageMonthlyEarningsFen),
      r.status,
      r.note,
    ]),
    [NOTE],
  ];
}

/** The form as CSV (the same rows) or as a print-ready XLSX: merged title, widths, borders, landscape. */
export async function encodeForm(format: SpreadsheetFormat, name: string, form: CountyForm): Promise<EncodedFile> {
  const cells = formCells(form);
  if (format === "csv") {
    return {
      filename: `${name}.csv`,
      mimeType: "text/csv;charset=utf-8",
      contentBase64: Buffer.from(toCsv(cells), "utf8").toString("base64"),
    };
  }
  const { default: excel } = await import("exceljs");
  const book = new excel.Workbook();
  const last = FORM_HEADINGS.length;
  const sheet = book.addWorksheet(name.slice(0, 31), {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: "第 &P 页，共 &N 页" },
    views: [{ state: "frozen", ySplit: 3 }],
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  for (const row of cells) sheet.addRow(row.map(neutraliseFormula));
  const thin = { style: "thin" as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  sheet.mergeCells(1, 1, 1, last);
  sheet.mergeCells(2, 1, 2, last);
  const title = sheet.getRow(1);
  title.height = 30;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
  sheet.getRow(2).getCell(1).alignment = { horizontal: "left" };
  const head = sheet.getRow(3);
  head.height = 32;
  for (let c = 1; c <= last; c++) {
    const cell = head.getCell(c);
    cell.font = { bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = border;
  }
  const firstData = 4;
  const lastData = firstData + form.rows.length - 1;
  for (let r = firstData; r <= lastData; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = { vertical: "middle", wrapText: true, horizontal: c >= 7 && c <= 10 ? "right" : undefined };
    }
  }
  sheet.mergeCells(lastData + 1, 1, lastData + 1, last);
  sheet.getRow(lastData + 1).getCell(1).font = { italic: true, size: 9 };
  sheet.pageSetup.printArea = `A1:L${lastData + 1}`;
  sheet.pageSetup.printTitlesRow = "3:3";
  const buffer = await book.xlsx.writeBuffer();
  return {
    filename: `${name}.xlsx`,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    contentBase64: Buffer.from(buffer as ArrayBuffer).toString("base64"),
  };
}
