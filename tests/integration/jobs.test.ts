/**
 * Jobs near home: posting by a firm or an official, finding and applying with no account (limits, bad
 * input with nothing written), hiring onto the roster, officials' figures by township, and the deletion
 * of applications not hired after 90 days on a clock the test controls.
 */
import { schema } from "@kitflow/db";
import { haversineMeters, JOB_APPLY_LIMITS, RuleViolation } from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredApplications, scheduleApplicationPurge } from "../../apps/server/src/application-purge";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { codeOf } from "../support/errors";
import { shanghaiMonth, shanghaiQuarter } from "../support/shanghai-calendar";
import { STORE_KINDS } from "../support/stores";

/** 羊角村 (九堡镇), an approximate village point some 3 km from the 九堡 workshop. */
const YANGJIAO = "360781103211";
/** 九堡圩居委会, another village of 九堡镇. */
const JIUBAO_TOWN = "360781103001";

/**
 * tRPC's in-process caller reads a call of a procedure named `apply` as Function.prototype.apply, so the
 * contract's jobs.apply is called the way that proxy expects: `.apply(null, [input])`.
 */
function apply(caller: Caller, input: Parameters<Caller["jobs"]["apply"]>[0]) {
  return caller.jobs.apply.apply(null, [input]);
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.cause instanceof RuleViolation) return `${error.code}:${error.cause.reason}`;
    const reason = (error as { reason?: string }).reason;
    return reason ? `${error.code}:${reason}` : error.code;
  }
  return "OK";
}

async function siteOf(app: TestApp, organisationId: string) {
  const [site] = await app.handle.db.select().from(schema.sites).where(eq(schema.sites.organisationId, organisationId));
  if (!site) throw new Error("no site");
  return site;
}

const posting = (siteId: string, key: string, title = "环保袋车缝工") => ({
  siteId,
  title,
  pay: { kind: "piece" as const, minFen: 300000, maxFen: 500000 },
  hours: "8:00–17:30，时间灵活",
  headcount: 2,
  idempotencyKey: key,
});

describe.each(STORE_KINDS)("jobs near home on %s", (kind) => {
  let app: TestApp;
  let visitor: Caller;
  let ip = 0;
  /** A caller with no session, from its own client address. */
  const anonymous = () => app.withHeaders(new Headers(), `10.20.0.${++ip}`);
  const sites: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp(kind);
    visitor = await anonymous();
    for (const key of ["jiubao", "xianghu", "huangbai", "jhb"] as const) {
      sites[key] = (await siteOf(app, app.orgs[key])).id;
    }
  });
  afterAll(() => app?.close());

  it("posts for the firm's own sites only; an official posts for a firm in its region", async () => {
    const lead = app.as("lead.jiubao");
    const job = await lead.jobs.post(posting(sites.jiubao as string, "post-own-site"));
    expect(job.organisationId).toBe(app.orgs.jiubao);
    expect(job.townshipCode).toBe("360781103");
    expect(job.postedByOfficial).toBe(false);
    // Replaying the key returns the first posting; another payload under it is CONFLICT.
    expect((await lead.jobs.post(posting(sites.jiubao as string, "post-own-site"))).id).toBe(job.id);
    expect(await codeOf(lead.jobs.post({ ...posting(sites.jiubao as string, "post-own-site"), headcount: 9 }))).toBe(
      "CONFLICT",
    );

    const before = await tableDigests(app);
    expect(await reasonOf(lead.jobs.post(posting(sites.xianghu as string, "post-other-site")))).toBe(
      "NOT_FOUND:notFound",
    );
    expect(await reasonOf(app.as("factory.jhb").jobs.post(posting(sites.jiubao as string, "jhb-steal")))).toBe(
      "NOT_FOUND:notFound",
    );
    expect(await codeOf(visitor.jobs.post(posting(sites.jiubao as string, "anon-post")))).toBe("UNAUTHORIZED");
    expect(await codeOf(app.as("admin").jobs.post(posting(sites.jiubao as string, "admin-post")))).toBe("FORBIDDEN");
    expect(changedTables(before, await tableDigests(app))).toEqual([]);

    const official = app.as("official.ruijin");
    const onBehalf = await official.jobs.post(
      posting(sites.huangbai as string, "official-post", "包装工（就业之家代发）"),
    );
    expect(onBehalf.organisationId).toBe(app.orgs.huangbai);
    expect(onBehalf.postedByOfficial).toBe(true);
    // The firm sees it among its own postings and may close it.
    const huangbai = await app.as("lead.huangbai").jobs.mine();
    expect(huangbai.map((j) => j.id)).toContain(onBehalf.id);
    const closed = await app.as("lead.huangbai").jobs.close({ id: onBehalf.id, idempotencyKey: "close-on-behalf" });
    expect(closed.status).toBe("closed");
    expect(await reasonOf(app.as("lead.huangbai").jobs.close({ id: onBehalf.id, idempotencyKey: "close-again" }))).toBe(
      "CONFLICT:jobClosed",
    );
    // The firm closes its postings; the official who posted one on its behalf does not.
    expect(await codeOf(official.jobs.close({ id: onBehalf.id, idempotencyKey: "close-official" }))).toBe("FORBIDDEN");
    // Another firm cannot close it.
    expect(await reasonOf(app.as("lead.jiubao").jobs.close({ id: onBehalf.id, idempotencyKey: "close-foreign" }))).toBe(
      "NOT_FOUND:notFound",
    );
  });

  it("finds open jobs with no session, nearest first by haversine, approximate from a village", async () => {
    const lead = app.as("lead.xianghu");
    await lead.jobs.post({
      ...posting(sites.xianghu as string, "post-xianghu-day", "装配零工（日结）"),
      pay: { kind: "day", minFen: 12000, maxFen: 15000 },
    });
    await app.as("factory.jhb").jobs.post({
      ...posting(sites.jhb as string, "post-jhb-month", "仓库理货员"),
      pay: { kind: "month", minFen: 320000, maxFen: 400000 },
    });
    const fromVillage = await visitor.jobs.search({ villageCode: YANGJIAO });
    const items = fromVillage.items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items[0]?.organisationName).toBe("远业环保九堡镇分厂");
    expect(items.every((j) => j.status === "open" && j.distanceApproximate)).toBe(true);
    // Closed postings are not offered.
    expect(items.some((j) => j.title === "包装工（就业之家代发）")).toBe(false);
    // The order and each distance agree with the great-circle distance from the village's point.
    const [village] = await app.handle.db.select().from(schema.regions).where(eq(schema.regions.code, YANGJIAO));
    const origin = { lat: village?.lat as number, lng: village?.lng as number };
    const expected = items.map((j) => Math.round(haversineMeters(origin, j) / 100) / 10);
    expect(items.map((j) => j.distanceKm)).toEqual(expected);
    expect([...expected].sort((a, b) => a - b)).toEqual(expected);
    // No internal id of a firm or a site is handed to the public.
    const text = JSON.stringify(fromVillage);
    for (const id of [...Object.values(sites), ...Object.values(app.orgs)]) expect(text).not.toContain(id);

    // From the phone's own location (exact), and by kind.
    const nearXianghu = await visitor.jobs.search({ point: { lat: 25.8921, lng: 116.0214 } });
    expect(nearXianghu.items[0]?.title).toBe("装配零工（日结）");
    expect(nearXianghu.items[0]?.distanceApproximate).toBe(false);
    expect(nearXianghu.items[0]?.distanceKm).toBe(0);
    const day = await visitor.jobs.search({ villageCode: YANGJIAO, kind: "day" });
    expect(day.items.map((j) => j.pay.kind)).toEqual(["day"]);
    const got = await visitor.jobs.get({ id: items[0]?.id as string });
    expect(got.title).toBe(items[0]?.title);
    expect(await reasonOf(visitor.jobs.search({ villageCode: "360781103999" }))).toBe("BAD_REQUEST:unknownVillage");
    expect(await codeOf(visitor.jobs.get({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("applies with no account; refuses bad input, a second application and too many, writing nothing", async () => {
    const jobId = (await visitor.jobs.search({ villageCode: YANGJIAO })).items[0]?.id as string;
    const good = {
      jobId,
      name: "刘春花",
      phone: "139 7000 2201",
      villageCode: YANGJIAO,
      consent: true as const,
      idempotencyKey: "apply-liu-0001",
    };
    const before = await tableDigests(app);
    const refusals = {
      badPhone: await codeOf(apply(visitor, { ...good, phone: "12345" })),
      noConsent: await codeOf(apply(visitor, { ...good, consent: false as unknown as true })),
      unknownVillage: await reasonOf(apply(visitor, { ...good, villageCode: "360781103999" })),
      noName: await codeOf(apply(visitor, { ...good, name: " " })),
      unknownJob: await codeOf(apply(visitor, { ...good, jobId: "00000000-0000-4000-8000-000000000000" })),
    };
    expect(refusals).toEqual({
      badPhone: "BAD_REQUEST",
      noConsent: "BAD_REQUEST",
      unknownVillage: "BAD_REQUEST:unknownVillage",
      noName: "BAD_REQUEST",
      unknownJob: "NOT_FOUND",
    });
    expect(changedTables(before, await tableDigests(app))).toEqual([]);

    const receipt = await apply(visitor, good);
    expect(receipt.reference).toMatch(/^Z[2-9A-HJ-NP-Z]{7}$/);
    expect(receipt.organisationName).toBe("远业环保九堡镇分厂");
    // The same form sent again answers with the same reference; the key on another form is CONFLICT.
    expect((await apply(visitor, good)).reference).toBe(receipt.reference);
    expect(await reasonOf(apply(visitor, { ...good, name: "别人" }))).toBe("CONFLICT:keyReused");
    // One application per phone per job, however the number is written.
    expect(
      await reasonOf(apply(visitor, { ...good, phone: "+86 13970002201", idempotencyKey: "apply-liu-0002" })),
    ).toBe("CONFLICT:alreadyApplied");

    // Per phone: five a day, across jobs, from any address.
    const phone = "13970002299";
    const jobs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const job = await app
        .as("lead.jiubao")
        .jobs.post(posting(sites.jiubao as string, `post-limit-${i}`, `临时工 ${i}`));
      jobs.push(job.id);
    }
    for (let i = 0; i < 5; i++) {
      await apply(await anonymous(), {
        ...good,
        jobId: jobs[i] as string,
        phone,
        idempotencyKey: `apply-limit-phone-${i}`,
      });
    }
    const beforeLimit = await tableDigests(app);
    expect(
      await reasonOf(
        apply(await anonymous(), { ...good, jobId: jobs[5] as string, phone, idempotencyKey: "apply-limit-6" }),
      ),
    ).toBe("TOO_MANY_REQUESTS:tooManyApplications");
    expect(changedTables(beforeLimit, await tableDigests(app))).toEqual([]);

    // Per address: sixty an hour, whatever the phones; counted in the database, so a second server
    // process (another caller on the same store) sees the same count.
    const address = "10.30.0.1";
    for (let i = 0; i < JOB_APPLY_LIMITS.perAddress; i++) {
      const process = await app.withHeaders(new Headers(), address);
      await apply(process, {
        ...good,
        jobId: jobs[i % 6] as string,
        phone: `1397100${String(i).padStart(4, "0")}`,
        idempotencyKey: `apply-limit-address-${i}`,
      });
    }
    const other = await app.withHeaders(new Headers(), address);
    expect(
      await reasonOf(apply(other, { ...good, phone: "13971009999", idempotencyKey: "apply-limit-address-x" })),
    ).toBe("TOO_MANY_REQUESTS:tooManyApplications");
    // A closed job takes no applications.
    await app.as("lead.jiubao").jobs.close({ id: jobs[5] as string, idempotencyKey: "close-limit-5" });
    expect(
      await reasonOf(
        apply(visitor, { ...good, jobId: jobs[5] as string, phone: "13972000001", idempotencyKey: "apply-closed" }),
      ),
    ).toBe("CONFLICT:jobClosed");
  });

  it("the poster (and the region's official) see applicants with phones; hiring puts them on the roster", async () => {
    const lead = app.as("lead.jiubao");
    const job = await lead.jobs.post(posting(sites.jiubao as string, "post-hire", "剪线工"));
    for (const [i, a] of [
      { name: "曾水生", phone: "13970003301", villageCode: YANGJIAO },
      { name: "钟小兰", phone: "13970003302", villageCode: JIUBAO_TOWN },
    ].entries()) {
      await apply(await anonymous(), { jobId: job.id, ...a, consent: true, idempotencyKey: `apply-hire-${i}` });
    }
    const applicants = await lead.jobs.applications({ jobId: job.id });
    expect(applicants.map((a) => [a.name, a.phone, a.status])).toEqual([
      ["曾水生", "13970003301", "new"],
      ["钟小兰", "13970003302", "new"],
    ]);
    expect((await app.as("official.ruijin").jobs.applications({ jobId: job.id })).map((a) => a.phone)).toContain(
      "13970003301",
    );
    // Nobody else: another firm, the visitor, the admin.
    expect(await codeOf(app.as("lead.xianghu").jobs.applications({ jobId: job.id }))).toBe("NOT_FOUND");
    expect(await codeOf(app.as("factory.yuanye").jobs.applications({ jobId: job.id }))).toBe("NOT_FOUND");
    expect(await codeOf(visitor.jobs.applications({ jobId: job.id }))).toBe("UNAUTHORIZED");

    const [zeng, zhong] = applicants;
    const hire = {
      applicationId: zeng?.id as string,
      poorHousehold: true,
      monitored: false,
      disabled: false,
      returnee: true,
      joinedOn: "2026-03-02",
      idNumber: "11010519491231002X",
      idempotencyKey: "hire-zeng-0001",
    };
    expect(await codeOf(app.as("lead.xianghu").jobs.hire({ ...hire, idempotencyKey: "hire-steal" }))).toBe("NOT_FOUND");
    expect(await codeOf(app.as("official.ruijin").jobs.hire({ ...hire, idempotencyKey: "hire-official" }))).toBe(
      "FORBIDDEN",
    );
    const hired = await lead.jobs.hire(hire);
    expect(hired.status).toBe("hired");
    expect((await lead.jobs.hire(hire)).workerId).toBe(hired.workerId);
    const roster = await lead.workforce.roster();
    const worker = roster.find((w) => w.id === hired.workerId);
    expect(worker).toMatchObject({
      name: "曾水生",
      phone: "13970003301",
      villageCode: YANGJIAO,
      poorHousehold: true,
      returnee: true,
      joinedOn: "2026-03-02",
    });
    expect(JSON.stringify(worker)).not.toContain("11010519491231002X");
    expect(await reasonOf(lead.jobs.hire({ ...hire, idempotencyKey: "hire-zeng-again" }))).toBe(
      "CONFLICT:applicationDecided",
    );
    const declined = await lead.jobs.decline({ applicationId: zhong?.id as string, idempotencyKey: "decline-zhong" });
    expect(declined.status).toBe("declined");
    const mine = (await lead.jobs.mine()).find((j) => j.id === job.id);
    expect(mine).toMatchObject({ applications: 2, hired: 1, waiting: 0, filledAt: null });
  });

  it("jobs.stats shows postings, applications, hires and days to fill by township, small counts hidden", async () => {
    const official = app.as("official.ruijin");
    const lead = app.as("lead.jiubao");
    const job = await lead.jobs.post({ ...posting(sites.jiubao as string, "post-stats", "包装工"), headcount: 3 });
    for (let i = 0; i < 3; i++) {
      await apply(await anonymous(), {
        jobId: job.id,
        name: `应聘者${i}`,
        phone: `1397300000${i}`,
        villageCode: YANGJIAO,
        consent: true,
        idempotencyKey: `apply-stats-${i}`,
      });
    }
    const applicants = await lead.jobs.applications({ jobId: job.id });
    for (const [i, a] of applicants.entries()) {
      await lead.jobs.hire({
        applicationId: a.id,
        poorHousehold: false,
        monitored: false,
        disabled: false,
        returnee: false,
        joinedOn: "2026-03-02",
        idempotencyKey: `hire-stats-${i}`,
      });
    }
    const stats = await official.jobs.stats({ period: shanghaiMonth() });
    const jiubao = stats.townships.find((t) => t.code === "360781103");
    expect(jiubao?.name).toBe("九堡镇");
    expect(jiubao?.hires).toBe(4);
    expect(jiubao?.postings).toBeGreaterThanOrEqual(9);
    expect(jiubao?.medianDaysToFill).toBe(0);
    // 黄柏乡 had one posting and no applicant: postings are not people and stay shown.
    expect(stats.townships.find((t) => t.code === "360781206")).toMatchObject({ postings: 1, applications: 0 });
    expect(stats.openJobs.every((j) => j.townshipCode.startsWith("360781"))).toBe(true);
    // One applicant at 象湖: a count of one person is hidden, with the whole row's people figures.
    const dayWork = (await visitor.jobs.search({ kind: "day" })).items[0]?.id as string;
    await apply(await anonymous(), {
      jobId: dayWork,
      name: "独自一人",
      phone: "13973009999",
      villageCode: YANGJIAO,
      consent: true,
      idempotencyKey: "apply-stats-alone",
    });
    const after = await official.jobs.stats({ period: shanghaiMonth() });
    expect(after.townships.find((t) => t.code === "360781100")).toMatchObject({
      postings: 1,
      applications: null,
      hires: null,
      suppressed: true,
    });
    // …and so is another cell (or the total), so that the total minus the shown townships cannot give it away.
    const hiddenApplicants = after.townships.filter((t) => t.applications === null).length;
    expect(hiddenApplicants >= 2 || after.region?.applications === null).toBe(true);
    const hiddenHires = after.townships.filter((t) => t.hires === null).length;
    expect(hiddenHires >= 2 || after.region?.hires === null).toBe(true);

    expect(await codeOf(app.as("lead.jiubao").jobs.stats({ period: shanghaiMonth() }))).toBe("FORBIDDEN");
    expect(await codeOf(visitor.jobs.stats({ period: shanghaiMonth() }))).toBe("UNAUTHORIZED");
  });

  it("deletes applications not hired after 90 days, on the clock it is given, inside the server", async () => {
    const db = app.handle.db;
    const count = async () => (await db.select().from(schema.jobApplications)).length;
    const hired = async () =>
      (await db.select().from(schema.jobApplications)).filter((a) => a.status === "hired").length;
    const all = await count();
    const kept = await hired();
    expect(all).toBeGreaterThan(kept);
    const day = 86_400_000;
    expect(await purgeExpiredApplications(db, new Date(Date.now() + 89 * day))).toBe(0);
    expect(await count()).toBe(all);

    // The server's schedule, on a clock 91 days ahead: everything not hired goes, the hired stay.
    const lines: string[] = [];
    const stop = scheduleApplicationPurge(db, {
      now: () => new Date(Date.now() + 91 * day),
      everyMs: 60_000,
      log: (l) => lines.push(l),
    });
    await stop();
    expect(await count()).toBe(kept);
    expect(await hired()).toBe(kept);
    expect(lines.join("\n")).toContain(`deleted ${all - kept}`);
  });

  it("exports an official can make carry no applicant's phone", async () => {
    const official = app.as("official.ruijin");
    const phones = (await app.handle.db.select().from(schema.jobApplications)).map((a) => a.phone);
    expect(phones.length).toBeGreaterThan(0);
    for (const table of ["townships", "villages", "trend", "monitoring", "subsidies"] as const) {
      const period = table === "monitoring" || table === "subsidies" ? shanghaiQuarter() : shanghaiMonth();
      const file = await official.employment.export({ table, period, format: "csv" });
      const text = Buffer.from(file.contentBase64, "base64").toString("utf8");
      expect(text.length, table).toBeGreaterThan(0);
      for (const phone of [...phones, "13970003301"]) expect(text, table).not.toContain(phone);
    }
  });
});
