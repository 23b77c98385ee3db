import type { Actor } from "@kitflow/api";
import { employmentByArea, insertPiecework, schema } from "@kitflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { codeOf } from "../support/errors";
import { STORE_KINDS } from "../support/stores";

const GANZHOU = "3607";
const JIAN = "3608";
/** 吉安市 吉州区 and one of its villages: another prefecture's county. */
const JIZHOU = "360802";
const JIZHOU_VILLAGE = "360802001001";
/** Workers per county, by village: 瑞金 many, 南康 few enough to be hidden, 章贡 some. */
const PEOPLE: [string, number][] = [
  ["360781100200", 7],
  ["360703101001", 2],
  ["360702091001", 5],
  [JIZHOU_VILLAGE, 6],
];
const Q3 = "2026-Q3";
/** 信丰县: a county of 赣州 with no workshop in this test. */
const XINFENG = "360722";

/**
 * A prefecture's official (its authority's region is the prefecture, 3607) sees the prefecture and
 * each of its counties, with small counts hidden as everywhere; never another prefecture's counties,
 * and no county official sees the prefecture.
 */
describe.each(STORE_KINDS)("prefecture overview on %s", (kind) => {
  let app: TestApp;
  let ganzhou: Caller;
  let jian: Caller;

  async function officialOf(regionCode: string, name: string): Promise<Caller> {
    const [authority] = await app.handle.db
      .insert(schema.organisations)
      .values({ kind: "authority", name, shortName: name, regionCode })
      .returning();
    const userId = `official-${regionCode}`;
    await app.handle.db.insert(schema.user).values({
      id: userId,
      name,
      email: `${regionCode}@kitflow.local`,
      role: "official",
      organisationId: authority?.id,
    });
    const actor: Actor = {
      userId,
      username: `official.${regionCode}`,
      name,
      role: "official",
      organisationId: authority?.id ?? "",
      regionCode,
    };
    return app.asActor(actor);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    const db = app.handle.db;
    await db.insert(schema.regions).values([
      { code: JIAN, name: "吉安市", level: "prefecture", parentCode: "36" },
      { code: JIZHOU, name: "吉州区", level: "county", parentCode: JIAN },
      { code: "360802001", name: "吉州测试镇", level: "township", parentCode: JIZHOU },
      { code: JIZHOU_VILLAGE, name: "吉州测试村", level: "village", parentCode: "360802001" },
    ]);
    // The demo's prefecture official (seeded with 赣州市, 3607, and its counties).
    ganzhou = app.as("official.ganzhou");
    jian = await officialOf(JIAN, "吉安市人社局");
    // One workshop per village, its workers from that village, piecework in July and August through the
    // write path the router uses (entries and the worker-month rollup in one statement).
    const [factory] = await db
      .insert(schema.organisations)
      .values({ kind: "factory", name: "市测试工厂", shortName: "市厂", regionCode: "360781100" })
      .returning();
    const [product] = await db
      .insert(schema.products)
      .values({ factoryId: factory?.id ?? "", code: "PREF", name: "市测试产品", pieceRateFen: 50 })
      .returning();
    for (const [village, count] of PEOPLE) {
      const [workshop] = await db
        .insert(schema.organisations)
        .values({
          kind: "workshop",
          name: `车间${village}`,
          shortName: village.slice(-4),
          workshopMode: "premises",
          regionCode: village.slice(0, 9),
        })
        .returning();
      const workshopId = workshop?.id ?? "";
      const [batch] = await db
        .insert(schema.batches)
        .values({
          number: `PREF-${village}`,
          factoryId: factory?.id ?? "",
          workshopId,
          productId: product?.id ?? "",
          productCode: "PREF",
          productName: "市测试产品",
          pieceRateFen: 50,
          rejectDeductionFen: 0,
          quantity: 100_000,
          allowanceBp: 0,
          toleranceBp: 0,
          status: "in_production",
          createdBy: app.users["admin"]?.id ?? "",
        })
        .returning();
      const workers = await db
        .insert(schema.workers)
        .values(
          Array.from({ length: count }, (_, i) => ({
            workshopId,
            name: `市${village.slice(-4)}-${i}`,
            villageCode: village,
            poorHousehold: i % 2 === 0,
            joinedOn: "2025-01-01",
          })),
        )
        .returning();
      for (const workDate of ["2026-07-10", "2026-08-10"]) {
        await insertPiecework(
          db,
          workers.map((w, i) => ({
            workshopId,
            workerId: w.id,
            batchId: batch?.id ?? "",
            workDate,
            qty: 10 + i,
            pieceRateFen: 50,
            idempotencyKey: `pref-${village}-${workDate}`,
            actorUserId: app.users["admin"]?.id ?? "",
          })),
        );
      }
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it("shows the prefecture and only its own counties, the totals counted once per person", async () => {
    const result = await ganzhou.employment.prefectureOverview({ period: Q3 });
    expect(result.region).toMatchObject({ code: GANZHOU, name: "赣州市", level: "prefecture", people: 14 });
    expect(result.counties.map((c) => c.code).sort()).toEqual(["360702", "360703", "360781"]);
    // Two months of work, each person counted once; pay is 50 fen a piece.
    const pay = PEOPLE.filter(([v]) => v.startsWith(GANZHOU)).reduce(
      (s, [, n]) => s + 2 * 50 * Array.from({ length: n }, (_, i) => 10 + i).reduce((a, b) => a + b, 0),
      0,
    );
    expect(result.region.earningsFen).toBe(pay);
    expect(JSON.stringify(result)).not.toContain(JIZHOU);

    const other = await jian.employment.prefectureOverview({ period: Q3 });
    expect(other.region).toMatchObject({ code: JIAN, people: 6 });
    expect(other.counties.map((c) => c.code)).toEqual([JIZHOU]);
  });

  it("hides a county of one or two people, and every shown county agrees with the county's own figures", async () => {
    const result = await ganzhou.employment.prefectureOverview({ period: Q3 });
    const nankang = result.counties.find((c) => c.code === "360703");
    expect(nankang).toMatchObject({ people: null, earningsFen: null, suppressed: true });
    const shown = result.counties.filter((c) => c.people !== null);
    expect(shown.length).toBeGreaterThan(0);
    for (const county of shown) {
      const own = (
        await employmentByArea(app.handle.db, { regionCode: county.code, from: "2026-07-01", to: "2026-09-30" })
      ).find((a) => a.level === "region");
      expect(county.people, county.code).toBe(own?.people);
      expect(county.poorPeople === null || county.poorPeople === own?.poorPeople, county.code).toBe(true);
    }
  });

  it("refuses a county's official and every other role", async () => {
    expect(await codeOf(app.as("official.ruijin").employment.prefectureOverview({ period: Q3 }))).toBe("FORBIDDEN");
    expect(await codeOf(app.as("lead.xianghu").employment.prefectureOverview({ period: Q3 }))).toBe("FORBIDDEN");
    expect(await codeOf(app.as("factory.jhb").employment.prefectureOverview({ period: Q3 }))).toBe("FORBIDDEN");
  });

  it("lists a county of the prefecture that nobody worked in with zeros", async () => {
    await app.handle.db
      .insert(schema.regions)
      .values({ code: XINFENG, name: "信丰县", level: "county", parentCode: GANZHOU });
    const result = await ganzhou.employment.prefectureOverview({ period: Q3 });
    expect(result.counties.map((c) => c.code)).toEqual(["360702", "360703", XINFENG, "360781"]);
    expect(result.counties.find((c) => c.code === XINFENG)).toMatchObject({
      name: "信丰县",
      people: 0,
      earningsFen: 0,
      suppressed: false,
    });
    expect(result.region.people).toBe(14);
  });

  it("validates the period", async () => {
    expect(await codeOf(ganzhou.employment.prefectureOverview({ period: "2026-Q5" }))).toBe("BAD_REQUEST");
  });
});
