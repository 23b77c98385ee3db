import type { Actor } from "@kitflow/api";
import { employmentByArea, schema, villageEmployment } from "@kitflow/db";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { codeOf } from "../support/errors";
import { STORE_KINDS } from "../support/stores";
import { batchInProduction, hire, JULIN, key } from "./workforce-fixtures";

/** 象湖镇 villages: 桔林 (JULIN), 瑞明, 南岗. */
const RUIMING = "360781100202";
const NANGANG = "360781100203";
/** 黄柏乡 village. */
const HUANGBAI_VILLAGE = "360781206200";

describe.each(STORE_KINDS)("employment figures on %s", (kind) => {
  let app: TestApp;
  let official: Caller;
  /** An official of 章贡区 (360702): another region. */
  let elsewhere: Caller;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp(kind);
    official = app.as("official.ruijin");
    const [authority] = await app.handle.db
      .insert(schema.organisations)
      .values({ kind: "authority", name: "章贡区人社局", shortName: "章贡区人社局", regionCode: "360702" })
      .returning();
    const userId = "official-zhanggong";
    await app.handle.db.insert(schema.user).values({
      id: userId,
      name: "章贡区人社局",
      email: "zg@kitflow.local",
      role: "official",
      organisationId: authority?.id,
    });
    const actor: Actor = {
      userId,
      username: "official.zhanggong",
      name: "章贡区人社局",
      role: "official",
      organisationId: authority?.id ?? "",
      regionCode: "360702",
    };
    elsewhere = app.asActor(actor);

    // 象湖: six 脱贫 workers in three villages, piecework in April and May 2026.
    const lead = app.as("lead.xianghu");
    const batch = await batchInProduction(app, "xianghu", 5_000, 100);
    const people: [string, string, boolean, boolean, string][] = [
      ["a", JULIN, true, false, "2025-01-01"],
      ["b", JULIN, true, false, "2025-01-01"],
      ["c", JULIN, true, true, "2025-01-01"],
      ["d", RUIMING, true, false, "2025-01-01"],
      ["e", RUIMING, true, false, "2026-04-15"],
      ["f", NANGANG, false, false, "2025-01-01"],
    ];
    for (const [label, villageCode, poorHousehold, monitored, joinedOn] of people) {
      ids[label] = (await hire(lead, { name: `象湖${label}`, villageCode, poorHousehold, monitored, joinedOn })).id;
    }
    const day = (date: string, entries: [string, number][]) =>
      lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: date,
        entries: entries.map(([l, qty]) => ({ workerId: ids[l] ?? "", qty })),
        idempotencyKey: key("p"),
      });
    await day("2026-04-10", [
      ["a", 100],
      ["b", 200],
      ["c", 300],
      ["d", 400],
      ["f", 50],
    ]);
    await day("2026-04-20", [
      ["a", 100],
      ["e", 10],
    ]);
    await day("2026-05-05", [
      ["a", 1000],
      ["b", 30],
    ]);
    // 黄柏: one worker, for the small-count rule.
    const huangbai = app.as("lead.huangbai");
    const hb = await batchInProduction(app, "huangbai", 100, 45);
    const lone = await hire(huangbai, { villageCode: HUANGBAI_VILLAGE, poorHousehold: true });
    await huangbai.workforce.enterPiecework({
      batchId: hb.id,
      workDate: "2026-04-11",
      entries: [{ workerId: lone.id, qty: 80 }],
      idempotencyKey: key("p"),
    });
  });
  afterAll(() => app?.close());

  it("agrees with the workshops' piecework, by village, township and region", async () => {
    // The raw figures first (the query, before any suppression)…
    const raw = await employmentByArea(app.handle.db, { regionCode: "360781", from: "2026-04-01", to: "2026-04-30" });
    const rawOf = (code: string) => raw.find((r) => r.code === code);
    expect(rawOf(JULIN)).toMatchObject({ people: 3, poorPeople: 3, monitoredPeople: 1, daysWorked: 4 });
    expect(rawOf(JULIN)?.earningsFen).toBe((100 + 200 + 300 + 100) * 100);
    expect(rawOf(RUIMING)).toMatchObject({ people: 2, poorPeople: 2, newPeople: 1, earningsFen: 410 * 100 });
    expect(rawOf("360781100")).toMatchObject({ people: 6, poorPeople: 5, activeWorkshops: 1, daysWorked: 7 });

    // …then what an official sees: 瑞明 (2) and 南岗 (1) hidden, and 桔林 with them so that the
    // township total minus 桔林 does not give them away; 黄柏 (1) hidden, and 象湖 with it so that
    // the county total minus 象湖 does not give it away.
    const april = await official.employment.overview({ period: "2026-04" });
    for (const code of [JULIN, RUIMING, NANGANG, HUANGBAI_VILLAGE]) {
      const v = april.villages.find((x) => x.code === code);
      expect(v, code).toMatchObject({ suppressed: true, people: null, earningsFen: null, poorPeople: null });
    }
    for (const t of april.townships) expect(t, t.code).toMatchObject({ people: null, earningsFen: null });
    expect(april.region).toMatchObject({ code: "360781", people: 7, activeWorkshops: 2 });
    expect(april.region.earningsFen).toBe((100 + 200 + 300 + 400 + 50 + 100 + 10) * 100 + 80 * 45);
    // Median over the seven April worker-months.
    const monthly = [200 * 100, 200 * 100, 300 * 100, 400 * 100, 50 * 100, 10 * 100, 80 * 45].sort((x, y) => x - y);
    expect(april.region.medianMonthlyEarningsFen).toBe(monthly[3]);

    const quarter = await official.employment.overview({ period: "2026-Q2" });
    // May had two people: the quarter's money would be April + May + June, so it hides with May.
    const may = await official.employment.overview({ period: "2026-05" });
    expect(may.region).toMatchObject({ people: null, earningsFen: null });
    expect(quarter.region.earningsFen).toBeNull();
    expect(quarter.region.people).toBe(7);
    // A township's own page hides its cells exactly as the county's page does.
    const township = await official.employment.overview({ period: "2026", regionCode: "360781100" });
    const inCounty = (await official.employment.overview({ period: "2026" })).townships.find(
      (t) => t.code === "360781100",
    );
    expect(township.region.people).toBe(inCounty?.people);
    expect(township.villages.every((v) => v.code.startsWith("360781100"))).toBe(true);
  });

  it("reads any day range exactly, mixing the monthly rollup and the entries", async () => {
    const rows = await villageEmployment(app.handle.db, {
      regionCode: "360781100",
      from: "2026-04-15",
      to: "2026-05-31",
    });
    const julin = rows.find((r) => r.villageCode === JULIN);
    expect(julin).toEqual({
      villageCode: JULIN,
      people: 2,
      poorPeople: 2,
      monitoredPeople: 0,
      daysWorked: 3,
      earningsFen: (100 + 1000 + 30) * 100,
    });
    const whole = await villageEmployment(app.handle.db, {
      regionCode: "360781",
      from: "2026-04-01",
      to: "2026-06-30",
    });
    const sum = whole.reduce((s, r) => s + r.earningsFen, 0);
    expect(sum).toBe((1160 + 1030) * 100 + 80 * 45);
  });

  it("moves when a lead enters a day's piecework", async () => {
    const before = await official.employment.overview({ period: "2026-06" });
    const lead = app.as("lead.xianghu");
    const [batch] = (await lead.workforce.pieceworkBatches()).filter((b) => b.headroom > 0);
    await lead.workforce.enterPiecework({
      batchId: batch?.id ?? "",
      workDate: "2026-06-01",
      entries: ["a", "b", "d"].map((l) => ({ workerId: ids[l] ?? "", qty: 7 })),
      idempotencyKey: key("p"),
    });
    const after = await official.employment.overview({ period: "2026-06" });
    // Three people: the county total shows, the villages of two and one stay hidden.
    expect(after.region.people).toBe((before.region.people ?? 0) + 3);
    expect(after.region.earningsFen).toBe((before.region.earningsFen ?? 0) + 3 * 700);
    expect(after.villages.every((v) => v.people === null)).toBe(true);
    const trend = await official.employment.trend({ through: "2026-06", months: 3 });
    expect(trend.map((m) => m.month)).toEqual(["2026-04-01", "2026-05-01", "2026-06-01"]);
    expect(trend[2]?.earningsFen).toBe(after.region.earningsFen);
  });

  it("keeps officials to their region and out of every write", async () => {
    expect(await codeOf(official.employment.overview({ period: "2026-Q2", regionCode: "360702" }))).toBe("NOT_FOUND");
    const other = await elsewhere.employment.overview({ period: "2026-Q2" });
    expect(other.region.people).toBe(0);
    expect(other.villages).toEqual([]);
    expect((await elsewhere.employment.monitoring({ quarter: "2026-Q2" })).workshops).toEqual([]);
    const roster = elsewhere.employment.monitoringRoster({ workshopId: app.orgs.xianghu, quarter: "2026-Q2" });
    expect(await codeOf(roster)).toBe("NOT_FOUND");
    expect(await codeOf(official.workforce.roster())).toBe("FORBIDDEN");
    expect(
      await codeOf(
        official.workforce.enterPiecework({
          batchId: app.orgs.xianghu,
          workDate: "2026-04-01",
          entries: [{ workerId: app.orgs.xianghu, qty: 1 }],
          idempotencyKey: key("o"),
        }),
      ),
    ).toBe("FORBIDDEN");
    for (const username of ["lead.xianghu", "factory.jhb", "admin"]) {
      expect(await codeOf(app.as(username).employment.overview({ period: "2026-Q2" })), username).toBe("FORBIDDEN");
    }
  });

  it("monitors workshops per quarter: exactly five counting 脱贫 workers, insurance and leave dates", async () => {
    const lead = app.as("lead.xianghu");
    // On 2026-06-30 a, b, c, d have been there 3+ months; e joined 2026-04-15. No insurance on file,
    // and it has fallen short at every quarter end since before the grace period: 清理.
    let m = await official.employment.monitoring({ quarter: "2026-Q2" });
    let xianghu = m.workshops.find((w) => w.id === app.orgs.xianghu);
    expect(xianghu).toMatchObject({ countingWorkers: 4, poorOnRoster: 5, status: "removed" });
    expect(xianghu?.reasons.map((r) => r.code).sort()).toEqual(["no_insurance", "too_few_poor_workers"]);
    // g joined 2025-12-31: three full months on 2026-03-31. h joined 2026-04-01: on 06-30 that is
    // three months minus a day, so h does not count yet.
    const g = await hire(lead, { name: "象湖g", poorHousehold: true, joinedOn: "2025-12-31" });
    await hire(lead, { name: "象湖h", poorHousehold: true, joinedOn: "2026-04-01" });
    await lead.workforce.recordInsurance({
      insurer: "人保",
      policyNumber: "XH-2026",
      coversFrom: "2025-01-01",
      coversTo: "2026-12-31",
      idempotencyKey: key("i"),
    });
    m = await official.employment.monitoring({ quarter: "2026-Q1" });
    expect(m.workshops.find((w) => w.id === app.orgs.xianghu)).toMatchObject({ status: "running", countingWorkers: 5 });
    m = await official.employment.monitoring({ quarter: "2026-Q2" });
    xianghu = m.workshops.find((w) => w.id === app.orgs.xianghu);
    expect(xianghu).toMatchObject({ status: "running", countingWorkers: 5, reasons: [], graceEndsOn: null });
    // Leaving on the evaluation day still counts; leaving the day before does not.
    await lead.workforce.leave({ id: g.id, leftOn: "2026-06-30", idempotencyKey: key("l") });
    m = await official.employment.monitoring({ quarter: "2026-Q2" });
    expect(m.workshops.find((w) => w.id === app.orgs.xianghu)?.status).toBe("running");
    await lead.workforce.leave({ id: g.id, leftOn: "2026-06-29", idempotencyKey: key("l") });
    m = await official.employment.monitoring({ quarter: "2026-Q2" });
    xianghu = m.workshops.find((w) => w.id === app.orgs.xianghu);
    // Short since 2026-06-30 after meeting the rules on 03-31: six months' grace.
    expect(xianghu).toMatchObject({
      status: "under_watch",
      countingWorkers: 4,
      failingSince: "2026-06-30",
      graceEndsOn: "2026-12-31",
      reasons: [{ code: "too_few_poor_workers", counted: 4, required: 5 }],
    });
    await lead.workforce.leave({ id: g.id, leftOn: "2026-09-30", idempotencyKey: key("l") });
  });

  it("shows names only on a workshop's monitoring roster, identity numbers masked", async () => {
    const roster = await official.employment.monitoringRoster({ workshopId: app.orgs.xianghu, quarter: "2026-Q2" });
    expect(roster.workers.map((w) => w.name)).toContain("象湖a");
    expect(roster.workers.every((w) => w.idNumberMasked === null || w.idNumberMasked.startsWith("****"))).toBe(true);
    expect(JSON.stringify(roster)).not.toContain("idNumberDigest");
    expect(roster.workers.find((w) => w.name === "象湖a")).toMatchObject({ counts: true });
    expect(roster.workers.find((w) => w.name === "象湖f")).toMatchObject({ counts: false });
  });

  it("reads the region's monitoring rules, defaults filling what is not configured", async () => {
    expect(await official.employment.rules()).toEqual({
      minPoorWorkers: 5,
      minMonths: 3,
      minEarningsFen: 500_000,
      graceMonths: 6,
      insuranceRequired: true,
      subsidyPerPersonFen: 50_000,
    });
    expect(await codeOf(app.as("lead.xianghu").employment.rules())).toBe("FORBIDDEN");
  });

  it("lists 符合即享受 subsidies for running workshops with the total", async () => {
    const list = await official.employment.subsidies({ quarter: "2026-Q2" });
    const xianghu = list.workshops.find((w) => w.workshopId === app.orgs.xianghu);
    expect(xianghu?.workers).toHaveLength(5);
    expect(xianghu?.amountFen).toBe(5 * list.subsidyPerPersonFen);
    expect(list.totalFen).toBe(list.workshops.reduce((s, w) => s + w.amountFen, 0));
    expect(xianghu?.workers.map((w) => w.maskedName)).toContain("象*a");
    expect(JSON.stringify(list)).not.toContain("象湖a");
  });

  it("exports every table with the page's suppression, never a count below three", async () => {
    const villages = await official.employment.export({ table: "villages", period: "2026-04", format: "csv" });
    const text = Buffer.from(villages.contentBase64, "base64").toString("utf8");
    const lines = text.trim().split(/\r\n/);
    // 黄柏: one person, every figure hidden; 瑞明 (two) and 南岗 (one) too, and 桔林 (three) with them.
    for (const code of [HUANGBAI_VILLAGE, RUIMING, NANGANG, JULIN]) {
      expect(
        lines
          .find((l) => l.startsWith(code))
          ?.split(",")
          .slice(2),
        code,
      ).toEqual(Array(8).fill("—"));
    }
    expect(text).toContain("少于3人的数据已隐藏");
    // The file says exactly what the page says.
    const page = await official.employment.overview({ period: "2026-04" });
    const townshipFile = await official.employment.export({ table: "townships", period: "2026-04", format: "csv" });
    const townshipText = Buffer.from(townshipFile.contentBase64, "base64").toString("utf8");
    for (const t of page.townships) {
      const cells = townshipText
        .split(/\r\n/)
        .find((l) => l.startsWith(t.code))
        ?.split(",");
      expect(cells?.[2]).toBe(t.people === null ? "—" : String(t.people));
    }
    expect(text).not.toContain("象湖a");
    for (const table of ["townships", "trend"] as const) {
      const file = await official.employment.export({ table, period: "2026-Q2", format: "xlsx" });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(file.contentBase64, "base64") as unknown as ArrayBuffer);
      expect(book.worksheets[0]?.rowCount, table).toBeGreaterThan(1);
    }
    const monitoring = await official.employment.export({ table: "monitoring", period: "2026-Q2", format: "csv" });
    expect(Buffer.from(monitoring.contentBase64, "base64").toString("utf8")).toContain("象湖合作点");
    expect(await codeOf(official.employment.export({ table: "subsidies", period: "2026-04", format: "csv" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
