import { randomUUID } from "node:crypto";
import { rebuildWorkerMonths, schema } from "@kitflow/db";
import {
  addMonths,
  haversineMeters,
  monthStart,
  periodOf,
  quarterOf,
  SERVICE_RING_METERS,
  shanghaiDay,
} from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

/** 瑞金市 with a margin: every demo site of the county lies inside. */
const RUIJIN_BBOX = [115.6, 25.5, 116.4, 26.4] as const;
/** Around 九堡镇 only. */
const JIUBAO_BBOX = [115.86, 25.9, 115.95, 25.96] as const;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(STORE_KINDS)("map on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  const allSites = (username: string, extra: Record<string, unknown> = {}) =>
    app.as(username).map.sites({ bbox: [...RUIJIN_BBOX], zoom: 12, ...extra });

  it("shows a factory its own sites and its partner workshops only", async () => {
    const jhb = await allSites("factory.jhb");
    expect(jhb.clustered).toBe(false);
    expect(jhb.points.map((p) => p.organisationName).sort()).toEqual(["佳惠宝", "叶坪", "象湖", "黄柏"].sort());
    const yuanye = await allSites("factory.yuanye");
    expect(yuanye.points.map((p) => p.organisationName).sort()).toEqual(["九堡分厂", "远业环保"].sort());
    expect(yuanye.points.some((p) => p.kind === "service_point")).toBe(false);
  });

  it("shows an official every site in its region, 就业之家 included", async () => {
    const official = await allSites("official.ruijin");
    const kinds = official.points.map((p) => p.kind);
    expect(kinds.filter((k) => k === "factory")).toHaveLength(2);
    expect(kinds.filter((k) => k === "workshop")).toHaveLength(4);
    // One per township of 瑞金 (18) plus the four large villages.
    expect(kinds.filter((k) => k === "service_point")).toHaveLength(22);
    expect(official.points.every((p) => p.regionCode?.startsWith("360781"))).toBe(true);
    const kindFiltered = await allSites("official.ruijin", { kinds: ["service_point"] });
    expect(kindFiltered.points.every((p) => p.kind === "service_point")).toBe(true);
    expect(kindFiltered.total).toBe(22);
  });

  it("refuses the map to workshop leads and keeps each procedure to its roles", async () => {
    const lead = app.as("lead.xianghu");
    expect(await codeOf(lead.map.sites({ bbox: [...RUIJIN_BBOX], zoom: 10 }))).toBe("FORBIDDEN");
    expect(await codeOf(lead.map.flows())).toBe("FORBIDDEN");
    expect(await codeOf(lead.map.villages())).toBe("FORBIDDEN");
    expect(await codeOf(lead.map.coverage())).toBe("FORBIDDEN");
    expect(await codeOf(lead.map.places())).toBe("FORBIDDEN");
    expect(await codeOf(app.as("factory.jhb").map.villages())).toBe("FORBIDDEN");
    expect(await codeOf(app.as("factory.jhb").map.coverage())).toBe("FORBIDDEN");
    expect(await codeOf(app.as("official.ruijin").map.flows())).toBe("FORBIDDEN");
  });

  it("rejects a malformed viewport and a township outside the region", async () => {
    const official = app.as("official.ruijin");
    expect(await codeOf(official.map.sites({ bbox: [116, 26, 115, 25], zoom: 10 }))).toBe("BAD_REQUEST");
    expect(await codeOf(official.map.sites({ bbox: [...RUIJIN_BBOX], zoom: 30 }))).toBe("BAD_REQUEST");
    expect(await codeOf(official.map.villages({ townshipCode: "360702001" }))).toBe("NOT_FOUND");
    expect(await codeOf(official.map.coverage({ townshipCode: "360703101" }))).toBe("NOT_FOUND");
  });

  it("gives the offline base map its counties and township labels", async () => {
    const jhb = await app.as("factory.jhb").map.places();
    expect(jhb.counties).toEqual(["360781"]);
    const official = await app.as("official.ruijin").map.places();
    expect(official.counties).toEqual(["360781"]);
    expect(official.townships).toHaveLength(18);
    expect(official.townships.every((t) => t.code.startsWith("360781"))).toBe(true);
    expect((await app.as("admin").map.places()).counties).toEqual(["360702", "360703", "360781"]);
  });

  it("limits sites to the viewport and the township", async () => {
    const official = await app.as("official.ruijin").map.sites({ bbox: [...JIUBAO_BBOX], zoom: 14 });
    const names = official.points.map((p) => p.name).sort();
    expect(names).toEqual(["九堡镇就业之家", "羊角村就业之家", "远业环保九堡镇分厂"].sort());
    const township = await allSites("official.ruijin", { townshipCode: "360781103" });
    expect(township.points.map((p) => p.name).sort()).toEqual(
      ["九堡镇就业之家", "羊角村就业之家", "远业环保九堡镇分厂"].sort(),
    );
  });

  it("derives status and figures from the factory's batches and the ledger", async () => {
    const factory = app.as("factory.jhb");
    const { points } = await allSites("factory.jhb");
    const byOrg = new Map(points.map((p) => [p.organisationName, p]));
    // A batch past its due date is activity, never a status: 象湖's late batch shows as overdue.
    expect(byOrg.get("象湖")?.overdueBatches).toBeGreaterThan(0);
    expect(byOrg.get("佳惠宝")?.status).toBe("not_monitored");
    const { items } = await factory.batches.list({ limit: 100 });
    const open = items.filter((b) => b.status !== "closed" && b.status !== "cancelled");
    const inTransitOf = async (workshopId: string) => {
      let sum = 0;
      for (const b of open.filter((x) => x.workshop?.id === workshopId)) {
        const batch = await factory.batches.get({ id: b.id });
        sum += batch.balances.reduce((n, bal) => n + bal.inTransit, 0);
      }
      return sum;
    };
    const huangbaiTransit = await inTransitOf(app.orgs.huangbai);
    expect(huangbaiTransit).toBeGreaterThan(0);
    expect(byOrg.get("黄柏")?.unitsInTransit).toBe(huangbaiTransit);
    expect(byOrg.get("黄柏")?.openBatches).toBe(open.filter((b) => b.workshop?.id === app.orgs.huangbai).length);
    expect(byOrg.get("佳惠宝")?.openBatches).toBe(open.length);
    expect(byOrg.get("佳惠宝")?.lastActivityAt).not.toBeNull();
  });

  it("colours every workshop by the monitoring page's status for the same quarter, for every role", async () => {
    const official = app.as("official.ruijin");
    const today = shanghaiDay(new Date());
    const quarters = [quarterOf(today), quarterOf(addMonths(today, -3)), quarterOf(addMonths(today, -6))];
    for (const quarter of quarters) {
      const { from, to } = periodOf(quarter);
      const monitoring = await official.employment.monitoring({ quarter });
      const expected = new Map(monitoring.workshops.map((w) => [w.id, w]));
      expect(expected.size).toBeGreaterThan(0);
      for (const username of ["official.ruijin", "factory.jhb", "factory.yuanye", "admin"]) {
        const { points } = await allSites(username, { period: { from: monthStart(to), to } });
        const workshops = points.filter((p) => p.kind === "workshop" && p.regionCode?.startsWith("360781"));
        expect(workshops.length).toBeGreaterThan(0);
        for (const site of workshops) {
          const page = expected.get(site.organisationId);
          expect({ username, quarter, name: site.name, status: site.status, grace: site.graceEndsOn }).toEqual({
            username,
            quarter,
            name: site.name,
            status: page?.status,
            grace: page?.graceEndsOn,
          });
          expect(site.statusQuarter).toBe(quarter);
        }
        for (const site of points.filter((p) => p.kind !== "workshop")) expect(site.status).toBe("not_monitored");
        expect(from <= to).toBe(true);
      }
      // The status filter selects by the same status.
      for (const status of ["running", "under_watch", "removed"] as const) {
        const filtered = await allSites("official.ruijin", { status: [status], period: { from: monthStart(to), to } });
        const want = monitoring.workshops
          .filter((w) => w.status === status)
          .map((w) => w.id)
          .sort();
        expect([...new Set(filtered.points.map((p) => p.organisationId))].sort()).toEqual(want);
      }
    }
    // The demo's 叶坪 is under watch this quarter, as README says; 象湖 is running despite its late batch.
    const now = await allSites("official.ruijin");
    expect(now.points.find((p) => p.organisationName === "叶坪")?.status).toBe("under_watch");
    expect(now.points.find((p) => p.organisationName === "象湖")?.status).toBe("running");
  });

  it("draws flows from the factory to each partner with what is in transit and returned this month", async () => {
    const { factory, flows } = await app.as("factory.jhb").map.flows();
    expect(factory?.name).toBe("佳惠宝 瑞金经开区工厂");
    const byName = new Map(flows.map((f) => [f.workshopName, f]));
    expect([...byName.keys()].sort()).toEqual(["叶坪", "象湖", "黄柏"].sort());
    // Independently of the map's SQL: finished units on 佳惠宝's returns per workshop, by month and inspection.
    const returns = await app.handle.db
      .select({ batch: schema.batches, shipment: schema.shipments })
      .from(schema.shipments)
      .innerJoin(schema.batches, eq(schema.batches.id, schema.shipments.batchId))
      .where(and(eq(schema.batches.factoryId, app.orgs.jhb), eq(schema.shipments.kind, "return")));
    const { from, to } = (await app.as("factory.jhb").map.flows()).period;
    const dayOf = (d: Date) => shanghaiDay(d);
    for (const [name, workshopId] of [
      ["象湖", app.orgs.xianghu],
      ["叶坪", app.orgs.yeping],
      ["黄柏", app.orgs.huangbai],
    ] as const) {
      const mine = returns.filter((r) => r.batch.workshopId === workshopId);
      const units = (r: (typeof mine)[number]) => (r.shipment.goodQty ?? 0) + (r.shipment.defectiveQty ?? 0);
      const day = (r: (typeof mine)[number]) => dayOf(r.shipment.createdAt);
      const returned = mine.filter((r) => day(r) >= from && day(r) <= to).reduce((n, r) => n + units(r), 0);
      const waiting = mine.filter((r) => r.shipment.status === "in_transit").reduce((n, r) => n + units(r), 0);
      expect(returned, name).toBeGreaterThan(0);
      expect(byName.get(name)?.returnedInPeriod, name).toBe(returned);
      expect(byName.get(name)?.finishedInTransit, name).toBe(waiting);
    }
    // 叶坪's second return (118 good + 2 defective) waits for inspection.
    expect(byName.get("叶坪")?.finishedInTransit).toBe(120);
    expect(byName.get("黄柏")?.componentsInTransit).toBeGreaterThan(0);
    for (const f of flows) expect(f.weight).toBe(f.componentsInTransit + f.finishedInTransit + f.returnedInPeriod);
    const lastYear = await app.as("factory.jhb").map.flows({ period: { from: "2020-01-01", to: "2020-01-31" } });
    expect(lastYear.flows.every((f) => f.returnedInPeriod === 0)).toBe(true);
  });

  it("draws 15-km rings and lists the villages outside every one with the nearest distance", async () => {
    const coverage = await app.as("official.ruijin").map.coverage();
    expect(coverage.radiusMeters).toBe(SERVICE_RING_METERS);
    expect(coverage.rings.filter((r) => r.kind === "workshop")).toHaveLength(4);
    expect(coverage.rings.filter((r) => r.kind === "service_point")).toHaveLength(22);
    expect(coverage.villagesTotal).toBe(247);
    expect(coverage.villagesCovered + coverage.gaps.length).toBe(247);
    for (const gap of coverage.gaps) {
      const nearest = Math.min(...coverage.rings.map((r) => haversineMeters(r, gap)));
      expect(gap.nearestMeters).toBe(Math.round(nearest));
      expect(nearest).toBeGreaterThan(SERVICE_RING_METERS);
      expect(gap.code.startsWith("360781")).toBe(true);
    }
    // With workshops alone the rings cover far less of the county than with the 就业之家 network.
    const workshopsOnly = await app.as("official.ruijin").map.coverage({ kinds: ["workshop"] });
    expect(workshopsOnly.rings).toHaveLength(4);
    expect(workshopsOnly.gaps.length).toBeGreaterThan(coverage.gaps.length);
    const distances = workshopsOnly.gaps.map((g) => g.nearestMeters ?? 0);
    expect(distances).toEqual([...distances].sort((a, b) => b - a));
  });

  it("sizes villages by people working in the period, within the official's region only", async () => {
    const [user] = await app.handle.db.select().from(schema.user).limit(1);
    const [batch] = await app.handle.db.select().from(schema.batches).limit(1);
    if (!user || !batch) throw new Error("demo data missing");
    const yangjiao = "360781103211";
    const workers = [
      { village: yangjiao, poor: true },
      { village: yangjiao, poor: true },
      { village: yangjiao, poor: false },
      // Outside 瑞金 (南康区): never on the Ruijin official's map.
      { village: "360703101201", poor: true },
    ];
    const rows = await app.handle.db
      .insert(schema.workers)
      .values(
        workers.map((w, i) => ({
          workshopId: app.orgs.jiubao,
          name: `测试工人${i}`,
          villageCode: w.village,
          poorHousehold: w.poor,
          joinedOn: "2019-06-01",
        })),
      )
      .returning({ id: schema.workers.id });
    await app.handle.db.insert(schema.pieceworkEntries).values(
      rows.map((r) => ({
        workshopId: app.orgs.jiubao,
        workerId: r.id,
        batchId: batch.id,
        workDate: "2020-01-15",
        qty: 10,
        pieceRateFen: 12,
        idempotencyKey: `map-test-${randomUUID()}`,
        actorUserId: user.id,
      })),
    );
    await rebuildWorkerMonths(app.handle.db);
    const result = await app.as("official.ruijin").map.villages({ period: { from: "2020-01-01", to: "2020-01-31" } });
    expect(result.villages.map((v) => v.code)).toEqual([yangjiao]);
    const [village] = result.villages;
    expect(village?.people).toBe(3);
    // Two 脱贫 people: a count below 3, hidden with the share it would give away.
    expect(village?.poorPeople).toBeNull();
    expect(village?.poorShare).toBeNull();
    expect(village?.earningsFen).toBe(360);
    expect(village?.pointApproximate).toBe(true);
    expect(village?.townshipName).toBe("九堡镇");
    const jiubao = result.townships.find((t) => t.code === "360781103");
    expect(jiubao?.people).toBe(3);
    // The township's 脱贫 count is the village's again: hidden as well, not left to subtract.
    expect(jiubao?.poorPeople).toBeNull();
    expect(result.townships.every((t) => t.code.startsWith("360781"))).toBe(true);
    const otherTownship = await app
      .as("official.ruijin")
      .map.villages({ period: { from: "2020-01-01", to: "2020-01-31" }, townshipCode: "360781100" });
    expect(otherTownship.villages).toEqual([]);
  });

  it("keeps another factory's figures off a shared workshop", async () => {
    // 九堡 also takes work from 佳惠宝 now; 佳惠宝 must not see 远业环保's open batch there.
    await app.handle.db.insert(schema.partnerships).values({ factoryId: app.orgs.jhb, workshopId: app.orgs.jiubao });
    const jhb = await allSites("factory.jhb");
    const jiubaoForJhb = jhb.points.find((p) => p.organisationName === "九堡分厂");
    expect(jiubaoForJhb?.openBatches).toBe(0);
    expect(jiubaoForJhb?.unitsInTransit).toBe(0);
    const yuanye = await allSites("factory.yuanye");
    expect(yuanye.points.find((p) => p.organisationName === "九堡分厂")?.openBatches).toBe(1);
  });

  it("clusters server-side when a viewport holds many sites and stays small on the wire", async () => {
    const [org] = await app.handle.db
      .insert(schema.organisations)
      .values({ kind: "workshop", name: "居家式加工户(测试)", shortName: "居家户", regionCode: "360781" })
      .returning({ id: schema.organisations.id });
    if (!org) throw new Error("no org");
    await app.handle.db.insert(schema.sites).values(
      Array.from({ length: 600 }, (_, i) => ({
        organisationId: org.id,
        kind: "workshop" as const,
        name: `加工户 ${i}`,
        regionCode: "360781100",
        lat: 25.7 + (i % 30) * 0.015,
        lng: 115.8 + Math.floor(i / 30) * 0.02,
      })),
    );
    const zoomedOut = await app.as("official.ruijin").map.sites({ bbox: [...RUIJIN_BBOX], zoom: 9 });
    expect(zoomedOut.clustered).toBe(true);
    expect(zoomedOut.total).toBe(628);
    const clustered = zoomedOut.clusters.reduce((n, c) => n + c.count, 0);
    expect(clustered + zoomedOut.points.length).toBe(628);
    expect(zoomedOut.clusters.length).toBeGreaterThan(0);
    for (const c of zoomedOut.clusters) {
      const { running, under_watch, removed, not_monitored } = c.byStatus;
      expect(running + under_watch + removed + not_monitored).toBe(c.count);
      expect(c.byKind.factory + c.byKind.workshop + c.byKind.service_point).toBe(c.count);
    }
    const unclustered = await app.as("official.ruijin").map.sites({ bbox: [...RUIJIN_BBOX], zoom: 18 });
    expect(unclustered.points).toHaveLength(628);
    expect(JSON.stringify(zoomedOut).length * 5).toBeLessThan(JSON.stringify(unclustered).length);
    const zoomedIn = await app.as("official.ruijin").map.sites({ bbox: [115.8, 25.7, 115.85, 25.75], zoom: 15 });
    expect(zoomedIn.clustered).toBe(false);
    expect(zoomedIn.points.length).toBe(zoomedIn.total);
    // 佳惠宝 has no partnership with the new organisation: none of its sites reach the factory's map.
    expect((await allSites("factory.jhb")).total).toBe(5);
  });

  it("agrees with the monitoring page for generated workshops, rosters and insurance", async () => {
    const [user] = await app.handle.db.select().from(schema.user).limit(1);
    if (!user) throw new Error("demo data missing");
    const today = shanghaiDay(new Date());
    const day = (monthsAgo: number) => addMonths(today, -monthsAgo);
    const workshop = fc.record({
      workers: fc.array(
        fc.record({ poor: fc.boolean(), joined: fc.integer({ min: 0, max: 24 }), left: fc.option(fc.nat(12)) }),
        { maxLength: 9 },
      ),
      insured: fc.option(fc.record({ from: fc.integer({ min: 3, max: 24 }), to: fc.integer({ min: -6, max: 3 }) })),
    });
    const generated = fc.sample(workshop, { numRuns: 10, seed: 20261201 });
    for (const [i, g] of generated.entries()) {
      const [org] = await app.handle.db
        .insert(schema.organisations)
        .values({ kind: "workshop", name: `生成车间${i}`, shortName: `生成${i}`, regionCode: "360781100" })
        .returning({ id: schema.organisations.id });
      if (!org) throw new Error("no org");
      await app.handle.db.insert(schema.sites).values({
        organisationId: org.id,
        kind: "workshop",
        name: `生成车间${i}`,
        regionCode: "360781100",
        lat: 25.85 + i * 0.003,
        lng: 116.0 + i * 0.003,
      });
      if (g.workers.length > 0) {
        await app.handle.db.insert(schema.workers).values(
          g.workers.map((w, j) => ({
            workshopId: org.id,
            name: `生成工人${i}-${j}`,
            villageCode: "360781100202",
            poorHousehold: w.poor,
            joinedOn: day(w.joined),
            leftOn: w.left === null || w.left >= w.joined ? null : day(w.left),
          })),
        );
      }
      if (g.insured) {
        await app.handle.db.insert(schema.workshopInsurance).values({
          workshopId: org.id,
          insurer: "测试保险",
          policyNumber: `P-${i}`,
          coversFrom: day(g.insured.from),
          coversTo: day(g.insured.to),
          createdBy: user.id,
        });
      }
    }
    const statuses = new Set<string>();
    for (const quarter of [quarterOf(today), quarterOf(day(3)), quarterOf(day(9))]) {
      const { to } = periodOf(quarter);
      const monitoring = await app.as("official.ruijin").employment.monitoring({ quarter });
      const byId = new Map(monitoring.workshops.map((w) => [w.id, w]));
      for (const username of ["official.ruijin", "admin"]) {
        // Zoomed in on the generated sites: the 600 sites of the clustering test stay out of the way.
        const { points } = await allSites(username, {
          bbox: [115.99, 25.84, 116.04, 25.89],
          zoom: 18,
          period: { from: monthStart(to), to },
        });
        const mine = points.filter((p) => p.name.startsWith("生成车间"));
        expect(mine).toHaveLength(generated.length);
        for (const site of mine) {
          const page = byId.get(site.organisationId);
          expect([site.name, quarter, site.status, site.graceEndsOn]).toEqual([
            site.name,
            quarter,
            page?.status,
            page?.graceEndsOn,
          ]);
          statuses.add(site.status);
        }
      }
    }
    // The generated workshops cover more than one status, so agreement is not a coincidence.
    expect(statuses.size).toBeGreaterThan(1);
  });
});
