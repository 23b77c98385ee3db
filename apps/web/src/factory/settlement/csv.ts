import { neutraliseFormula } from "@kitflow/domain";

/** RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes doubled; formulas become text. */
function cell(value: string | number): string {
  const text = String(neutraliseFormula(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(cell).join(",")).join("\r\n");
}

/** Downloads the text as a UTF-8 CSV; the byte-order mark makes Excel read Chinese correctly. */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
