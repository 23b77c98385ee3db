import { employmentByArea, employmentByVillageAndWorkshop, schema } from "@kitflow/db";
import {
  type AttackCell,
  addMonths,
  attackRanges,
  linearlyDetermined,
  monthsIn,
  periodOf,
  quarterOf,
  type SumEquation,
  shanghaiDay,
} from "@kitflow/domain";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { codeOf } from "../support/errors";

/*
 * The official's drill-downs (a village → the workshops that employ its people; a workshop → its
 * history and piecework) and the county's forms, tried the way a curious person would: every
 * village opened in every month and in the quarter, every workshop's trend, and all of it set beside
 * the overview's township and county totals. No count of 1–2 people may be shown or worked out.
 */

const REGION = "360781";
const isSmall = (n: number) => n > 0 && n < 3;

describe("officials' drill-downs and forms", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp("pglite", { demo: true });
  });
  afterAll(() => app?.close());

  it("a village with 1–2 workers reveals nothing, and no drill-down figure can be worked out", async () => {
    const official = app.as("official.ruijin");
    const quarter = quarterOf(addMonths(shanghaiDay(new Date()), -3));
    const months = monthsIn(periodOf(quarter).from, periodOf(quarter).to).map((m) => m.slice(0, 7));
    const monitoring = await official.employment.monitoring({ quarter });
    const workshopIds = monitoring.workshops.map((w) => w.id);
    const details = await Promise.all(
      workshopIds.map((workshopId) => official.employment.workshopDetail({ workshopId, quarter })),
    );
    const cells = new Map<string, AttackCell>();
    const equations: SumEquation[] = [];
    const sensitive: string[] = [];
    let smallVillagesOpened = 0;
    let hiddenCells = 0;
    let shownWorkshopMonths = 0;

    for (const period of [...months, quarter]) {
      const { from, to } = periodOf(period);
      const page = await official.employment.overview({ period });
      const raw = await employmentByArea(app.handle.db, { regionCode: REGION, from, to });
      const rawCells = await employmentByVillageAndWorkshop(app.handle.db, { regionCode: REGION, from, to });
      const shown = [page.region, ...page.townships, ...page.villages];
      for (const r of raw) {
        const seen = shown.find((s) => s.code === r.code);
        const k = `${period}|${r.code}`;
        cells.set(k, { value: r.people, shown: seen?.people != null, lowerBound: 1 });
        if (isSmall(r.people)) sensitive.push(k);
      }
      const codes = raw.map((r) => r.code);
      for (const parent of codes) {
        const kids = codes.filter((c) =>
          parent === REGION ? c.length === 9 : parent.length === 9 && c.length === 12 && c.startsWith(parent),
        );
        if (kids.length > 0) equations.push({ total: `${period}|${parent}`, parts: kids.map((c) => `${period}|${c}`) });
      }

      for (const village of raw.filter((r) => r.level === "village")) {
        const drill = await official.employment.villageWorkshops({ villageCode: village.code, period });
        const own = rawCells.filter((c) => c.villageCode === village.code);
        expect(
          own.reduce((n, c) => n + c.people, 0),
          village.code,
        ).toBe(village.people);
        if (isSmall(village.people)) {
          smallVillagesOpened++;
          // Nothing at all: no figure, not even which workshops its people work at.
          expect(drill.village.suppressed, village.code).toBe(true);
          expect(drill.workshops, village.code).toEqual([]);
          for (const f of ["people", "poorPeople", "monitoredPeople", "earningsFen", "daysWorked"] as const)
            expect(drill.village[f], `${village.code} ${f}`).toBeNull();
        }
        if (drill.village.people === null) expect(drill.workshops).toEqual([]);
        for (const c of own) {
          const k = `${period}|${c.villageCode}|${c.workshopId}`;
          const seen = drill.workshops.find((w) => w.id === c.workshopId);
          if (seen?.people != null) expect(seen.people, k).toBe(c.people);
          else hiddenCells++;
          cells.set(k, { value: c.people, shown: seen?.people != null, lowerBound: 1 });
          if (isSmall(c.people)) sensitive.push(k);
        }
        equations.push({
          total: `${period}|${village.code}`,
          parts: own.map((c) => `${period}|${c.villageCode}|${c.workshopId}`),
        });
      }
      // A workshop's month: the sum of its villages' cells.
      if (period !== quarter) {
        for (const [i, id] of workshopIds.entries()) {
          const month = details[i]?.trend.find((m) => m.month === period);
          if (!month) continue;
          const own = rawCells.filter((c) => c.workshopId === id);
          const total = own.reduce((n, c) => n + c.people, 0);
          const k = `${period}|workshop|${id}`;
          if (month.people !== null) {
            shownWorkshopMonths++;
            expect(month.people, k).toBe(total);
            expect(isSmall(month.people), k).toBe(false);
          }
          cells.set(k, { value: total, shown: month.people !== null, lowerBound: 0 });
          if (isSmall(total)) sensitive.push(k);
          equations.push({ total: k, parts: own.map((c) => `${period}|${c.villageCode}|${c.workshopId}`) });
        }
        // Every worker is on one workshop: the workshops add up to the county.
        equations.push({ total: `${period}|${REGION}`, parts: workshopIds.map((id) => `${period}|workshop|${id}`) });
      }
    }
    for (const d of details) {
      for (const h of d.history) if (h.workersOnRoster !== null) expect(isSmall(h.workersOnRoster)).toBe(false);
    }

    const ranges = attackRanges(cells, equations);
    const solved = linearlyDetermined(cells, equations);
    const shownSmall = sensitive.filter((k) => cells.get(k)?.shown);
    const revealed = sensitive.filter((k) => {
      const r = ranges.get(k);
      return !cells.get(k)?.shown && ((r !== undefined && r.lo === r.hi) || solved.has(k));
    });
    expect(shownSmall).toEqual([]);
    expect(revealed).toEqual([]);
    // The demo has villages of 1–2 workers and hidden cells: the test is not vacuous.
    expect(smallVillagesOpened).toBeGreaterThan(0);
    expect(hiddenCells).toBeGreaterThan(0);
    // …and workshops whose piecework can be shown: suppression is not everything.
    expect(shownWorkshopMonths).toBeGreaterThan(0);
  });

  it("drill-downs stay inside the official's region", async () => {
    const official = app.as("official.ruijin");
    const quarter = quarterOf(shanghaiDay(new Date()));
    const own = await official.employment.monitoring({ quarter });
    const workshopId = own.workshops[0]?.id ?? "";
    // A workshop in 赣州经开区, not in 瑞金: it does not exist for this official.
    const [outside] = await app.handle.db
      .insert(schema.organisations)
      .values({
        kind: "workshop",
        name: "凤岗车间",
        shortName: "凤岗",
        workshopMode: "premises",
        regionCode: "360703101",
      })
      .returning();
    expect(await codeOf(official.employment.workshopDetail({ workshopId: outside?.id ?? "", quarter }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(official.employment.villageWorkshops({ villageCode: "360703101001", period: quarter }))).toBe(
      "NOT_FOUND",
    );
    for (const user of ["factory.jhb", "lead.xianghu", "admin"]) {
      expect(await codeOf(app.as(user).employment.workshopDetail({ workshopId, quarter })), user).toBe("FORBIDDEN");
      expect(
        await codeOf(app.as(user).employment.villageWorkshops({ villageCode: "360781100001", period: quarter })),
        user,
      ).toBe("FORBIDDEN");
    }
    const detail = await official.employment.workshopDetail({ workshopId, quarter });
    expect(detail.history.at(-1)?.quarter).toBe(quarter);
    expect(detail.history.at(-1)?.status).toBe(own.workshops[0]?.status);
    expect(detail.trend).toHaveLength(6);
  });

  it("the county's forms: title row, period, the office's headings, suppression, ready to print", async () => {
    const official = app.as("official.ruijin");
    const quarter = quarterOf(addMonths(shanghaiDay(new Date()), -3));
    const monitoring = await official.employment.monitoring({ quarter });
    for (const table of ["monitoring", "absorption"] as const) {
      const file = await official.employment.export({ table, period: quarter, format: "xlsx" });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(file.contentBase64, "base64") as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      if (!sheet) throw new Error("no sheet");
      const text = (r: number, c: number) => String(sheet.getRow(r).getCell(c).value ?? "");
      const q = `${quarter.slice(0, 4)}年第${quarter.slice(6)}季度`;
      expect(text(1, 1)).toBe(
        table === "monitoring"
          ? `瑞金市就业帮扶车间监测表（${q}）`
          : `瑞金市就业帮扶车间吸纳脱贫人口就业情况表（${q}）`,
      );
      expect(text(2, 1)).toContain(periodOf(quarter).from);
      expect(Array.from({ length: 12 }, (_, i) => text(3, i + 1))).toEqual([
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
      ]);
      expect(sheet.pageSetup.orientation).toBe("landscape");
      expect(sheet.pageSetup.printArea).toMatch(/^A1:L\d+$/);
      expect(sheet.getColumn(2).width).toBeGreaterThan(15);
      let hidden = 0;
      let rows = 0;
      for (let r = 4; r < sheet.rowCount; r++) {
        rows++;
        expect(text(r, 1)).toBe(String(r - 3));
        const name = text(r, 2);
        const w = monitoring.workshops.find((x) => x.name === name);
        expect(w, name).toBeDefined();
        expect(text(r, 11)).toBe(
          { running: "正常运行", under_watch: "监测待处置", removed: "清理" }[w?.status ?? "running"],
        );
        expect(["厂房式", "居家式"]).toContain(text(r, 3));
        for (const c of [7, 8, 9]) {
          const v = text(r, c);
          if (v === "—") hidden++;
          else expect(isSmall(Number(v)), `${name} ${c} ${v}`).toBe(false);
        }
        if (text(r, 7) === "—") expect(text(r, 10), name).toBe("—");
      }
      expect(rows).toBeGreaterThan(0);
      expect(hidden, table).toBeGreaterThan(0);
      expect(text(sheet.rowCount, 1)).toContain("少于3人");
      if (table === "monitoring") expect(rows).toBe(monitoring.workshops.length);
    }
    const csv = await official.employment.export({ table: "monitoring", period: quarter, format: "csv" });
    const lines = Buffer.from(csv.contentBase64, "base64").toString("utf8").split(/\r\n/);
    expect(lines[0]).toContain("瑞金市就业帮扶车间监测表");
    expect(lines[2]).toContain("序号,车间名称,类型,所在乡镇/村");
  });
});
