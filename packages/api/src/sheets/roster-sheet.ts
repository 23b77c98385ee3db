import type { VillageEntry, Worker } from "@kitflow/db";
import { maskIdNumber, ROSTER_COLUMNS, type RosterSheetRow, rosterSheetRow } from "@kitflow/domain";
import type { Cell } from "./spreadsheet";

export interface RowError {
  /** Spreadsheet row number as the user sees it (the heading is row 1). */
  row: number;
  field: string;
  message: string;
}

export type RosterRow = Omit<RosterSheetRow, "village"> & { villageCode: string };

const norm = (s: string) => s.replace(/\s+/g, "").toLowerCase();

/** 羊角村民委员会 → 羊角村, 九堡圩居委会 → 九堡圩: how people write village names. */
function shortVillageName(name: string): string {
  return name.replace(/村民委员会$/, "村").replace(/(社区)?居民?委员会$/, "");
}

/** Resolves a cell to one village: a 12-digit code, or a name (optionally prefixed by its township). */
export function villageResolver(villages: readonly VillageEntry[]) {
  const byCode = new Map(villages.map((v) => [v.code, v]));
  const byName = new Map<string, VillageEntry[]>();
  const add = (key: string, v: VillageEntry) => {
    const list = byName.get(key) ?? [];
    if (!list.includes(v)) list.push(v);
    byName.set(key, list);
  };
  for (const v of villages) {
    for (const name of [v.name, shortVillageName(v.name)]) {
      add(norm(name), v);
      if (v.townshipName) add(norm(v.townshipName + name), v);
    }
  }
  return (cell: string): { code: string } | { error: string } => {
    const value = norm(cell);
    if (/^\d{12}$/.test(value)) {
      return byCode.has(value) ? { code: value } : { error: `no village with code ${value}` };
    }
    const matches = byName.get(value) ?? [];
    if (matches.length === 1 && matches[0]) return { code: matches[0].code };
    if (matches.length > 1) return { error: `${cell} is ambiguous: write the township too, or the village code` };
    return { error: `no village named ${cell}` };
  };
}

/**
 * Reads a roster sheet: headings in the first row (in any order, Chinese or English), one worker
 * per row; blank rows are skipped. Every problem is reported with its row and column.
 */
export function readRosterSheet(
  sheet: readonly (readonly string[])[],
  villages: readonly VillageEntry[],
): { rows: (RosterRow & { sheetRow: number })[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const [heading = [], ...body] = sheet;
  const columnOf = new Map<keyof RosterSheetRow, number>();
  heading.forEach((h, i) => {
    const key = norm(h);
    const column = ROSTER_COLUMNS.find((c) => norm(c.heading) === key || c.aliases.some((a) => norm(a) === key));
    if (column && !columnOf.has(column.key)) columnOf.set(column.key, i);
  });
  for (const required of ["name", "village", "joinedOn"] as const) {
    if (!columnOf.has(required)) {
      const heading = ROSTER_COLUMNS.find((c) => c.key === required)?.heading ?? required;
      errors.push({ row: 1, field: required, message: `column ${heading} is missing` });
    }
  }
  if (errors.length > 0) return { rows: [], errors };
  const resolve = villageResolver(villages);
  const rows: (RosterRow & { sheetRow: number })[] = [];
  body.forEach((cells, index) => {
    const sheetRow = index + 2;
    if (cells.every((c) => c.trim() === "")) return;
    const raw = Object.fromEntries(
      ROSTER_COLUMNS.map((c) => {
        const i = columnOf.get(c.key);
        return [c.key, i === undefined ? "" : (cells[i] ?? "")];
      }),
    );
    const parsed = rosterSheetRow.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: sheetRow, field: String(issue.path[0] ?? "row"), message: issue.message });
      }
      return;
    }
    const village = resolve(parsed.data.village);
    if ("error" in village) {
      errors.push({ row: sheetRow, field: "village", message: village.error });
      return;
    }
    const { village: _v, ...rest } = parsed.data;
    if (rest.leftOn && rest.leftOn < rest.joinedOn) {
      errors.push({ row: sheetRow, field: "leftOn", message: "must not be before the joining date" });
      return;
    }
    rows.push({ ...rest, villageCode: village.code, sheetRow });
  });
  return { rows, errors };
}

const yesNo = (b: boolean) => (b ? "是" : "否");

/** The roster as a sheet in the import layout, so an export can be edited and imported again. */
export function rosterSheet(workers: readonly Worker[], villageName: (code: string) => string): Cell[][] {
  return [
    ROSTER_COLUMNS.map((c) => c.heading),
    ...workers.map((w) => [
      w.name,
      maskIdNumber(w.idNumberLast4),
      w.phone,
      villageName(w.villageCode),
      yesNo(w.poorHousehold),
      yesNo(w.monitored),
      yesNo(w.disabled),
      yesNo(w.returnee),
      w.joinedOn,
      w.leftOn,
    ]),
  ];
}
