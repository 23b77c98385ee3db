/**
 * A spreadsheet program runs a cell that starts with = + - or @ as a formula (and a leading tab or
 * carriage return can hide one), so a worker named `=HYPERLINK("http://evil.example","x")` would become a
 * live link, or worse, in the file an official opens. Every CSV and XLSX kitflow writes passes each cell
 * through here: such text gets a leading apostrophe, which spreadsheets show as plain text. Numbers,
 * also numbers written as text (-12.5), stay as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseFormula<T>(value: T): T | string {
  if (typeof value !== "string") return value;
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}
