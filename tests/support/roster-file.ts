/**
 * The heading row of a workshop's 花名册 (roster) file. Written out here as the template a workshop fills
 * in, not taken from the importer, so an import test still fails if the importer's columns drift.
 */
export const ROSTER_HEADING = [
  "姓名",
  "身份证号",
  "联系电话",
  "所在村",
  "脱贫人口",
  "监测对象",
  "残疾",
  "返乡",
  "入职日期",
  "离职日期",
];

/** Rows of cells as a CSV file, base64-encoded as `workforce.importRoster` takes it. */
export const csvBase64 = (rows: string[][]) =>
  Buffer.from(rows.map((r) => r.join(",")).join("\n"), "utf8").toString("base64");

/** A roster CSV: the heading, then each line as it stands in the file. */
export function rosterCsv(...lines: string[]): string {
  return Buffer.from([ROSTER_HEADING.join(","), ...lines].join("\n"), "utf8").toString("base64");
}
