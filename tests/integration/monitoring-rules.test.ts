/**
 * Rules officials own (PRODUCT.md "Officials and admin"): employment.updateRules saves a new version of the
 * county's 就业帮扶车间 rules from the first day of a quarter, after a preview that is the same computation as
 * the monitoring status; past quarters keep the rules that were in force; every save is audited; only the
 * county's own official may save.
 */
import { addMonths, DEFAULT_MONITORING_RULES, type MonitoringRules, monthStart, periodOf } from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { DEMO_ACCOUNTS } from "../support/demo-accounts";
import { codeOf } from "../support/errors";
import { shanghaiDay, shanghaiQuarter } from "../support/shanghai-calendar";
import { rowsOf } from "../support/sql";
import { STORE_KINDS } from "../support/stores";

/** 瑞金市 with a margin: every demo site of the county lies inside. */
const RUIJIN_BBOX = [115.6, 25.5, 116.4, 26.4] as const;
const OTHER_COUNTY = "360703";

/** First day of the quarter `offset` quarters from the one running today. */
function quarterStart(offset: number): string {
  return addMonths(periodOf(shanghaiQuarter()).from, offset * 3);
}
const quarterAt = (offset: number) => {
  const from = quarterStart(offset);
  return `${from.slice(0, 4)}-Q${(Number(from.slice(5, 7)) - 1) / 3 + 1}`;
};

/** Rules no demo workshop meets: every running workshop falls short. */
const STRICT: MonitoringRules = { ...DEFAULT_MONITORING_RULES, minPoorWorkers: 500 };
/** Rules every demo workshop with a 脱贫 worker meets. */
const LENIENT: MonitoringRules = {
  ...DEFAULT_MONITORING_RULES,
  minPoorWorkers: 1,
  minMonths: 1,
  insuranceRequired: false,
};

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(STORE_KINDS)("monitoring rules on %s", (kind) => {
  let app: TestApp;
  let official: Caller;
  /** The official of another county (赣州经开区), signed in with a real session. */
  let otherOfficial: Caller;
  /** An official of one township of 瑞金: it reads figures, but rules are the county's. */
  let townshipOfficial: Caller;
  let n = 0;
  const key = (label: string) => `rules-${label}-${++n}`;

  async function signedInOfficial(username: string, regionCode: string): Promise<Caller> {
    const admin = app.as("admin");
    const authority = await admin.admin.createOrganisation({
      kind: "authority",
      name: `${username} 人社局`,
      shortName: username,
      regionCode,
      idempotencyKey: key(`${username}-org`),
    });
    await admin.admin.createUser({
      username,
      name: `${username} 官员`,
      role: "official",
      organisationId: authority.id,
      password: "official-password",
      idempotencyKey: key(`${username}-user`),
    });
    const signedOut = await app.withHeaders(new Headers(), `10.6.0.${++n}`);
    const { token } = await signedOut.auth.signIn({ username, password: "official-password" });
    return app.withHeaders(new Headers({ authorization: `Bearer ${token}` }));
  }

  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
    official = app.as("official.ruijin");
    otherOfficial = await signedInOfficial("official.gkq", OTHER_COUNTY);
    townshipOfficial = await signedInOfficial("official.xianghu", "360781100");
  });
  afterAll(() => app?.close());

  const statusesOf = async (quarter: string) =>
    (await official.employment.monitoring({ quarter })).workshops.map((w) => ({
      id: w.id,
      status: w.status,
      graceEndsOn: w.graceEndsOn,
    }));

  /** The map's workshops for the quarter agree with the monitoring page, for every demo workshop. */
  async function mapAgrees(quarter: string) {
    const { to } = periodOf(quarter);
    const monitoring = await official.employment.monitoring({ quarter });
    const expected = new Map(monitoring.workshops.map((w) => [w.id, w]));
    expect(expected.size).toBe(4);
    for (const username of ["official.ruijin", "factory.jhb", "factory.yuanye", "admin"]) {
      const { points } = await app
        .as(username)
        .map.sites({ bbox: [...RUIJIN_BBOX], zoom: 12, period: { from: monthStart(to), to } });
      const workshops = points.filter((p) => p.kind === "workshop" && p.regionCode?.startsWith("360781"));
      expect(workshops.length).toBeGreaterThan(0);
      for (const site of workshops) {
        const page = expected.get(site.organisationId);
        expect({ username, name: site.name, status: site.status, grace: site.graceEndsOn }).toEqual({
          username,
          name: site.name,
          status: page?.status,
          grace: page?.graceEndsOn,
        });
      }
    }
    return monitoring;
  }

  it("starts with the county's first version, in force since 2021, saved by nobody", async () => {
    const history = await official.employment.rulesHistory();
    expect(history.regionCode).toBe("360781");
    expect(history.earliestEffectiveFrom).toBe(quarterStart(0));
    expect(history.versions).toHaveLength(1);
    expect(history.versions[0]).toMatchObject({
      effectiveFrom: "2021-01-01",
      state: "in_force",
      rules: DEFAULT_MONITORING_RULES,
      createdByName: null,
    });
    expect(await official.employment.rules()).toEqual(DEFAULT_MONITORING_RULES);
    expect((await official.employment.monitoring({ quarter: shanghaiQuarter() })).rulesVersion).toEqual({
      id: history.versions[0]?.id,
      effectiveFrom: "2021-01-01",
    });
  });

  it("previews without writing, and the preview is what monitoring shows once the rules are saved", async () => {
    const quarter = quarterAt(1);
    const before = await tableDigests(app);
    const preview = await official.employment.previewRules({ ...LENIENT, effectiveFrom: quarterStart(1) });
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
    expect(preview.quarter).toBe(quarter);
    expect(preview.workshops).toHaveLength(4);
    // 叶坪 is under watch under the rules in force; the lenient rules bring it back to running.
    const yeping = preview.workshops.find((w) => w.id === app.orgs.yeping);
    expect(yeping?.from.status).toBe("under_watch");
    expect(yeping?.to.status).toBe("running");
    expect(yeping?.changed).toBe(true);
    expect(preview.changedCount).toBe(preview.workshops.filter((w) => w.changed).length);
    expect(preview.ruleChanges.map((c) => c.field).sort()).toEqual([
      "insuranceRequired",
      "minMonths",
      "minPoorWorkers",
    ]);
    // "from" is exactly what monitoring shows for that quarter today.
    expect(preview.workshops.map((w) => ({ id: w.id, ...w.from }))).toEqual(await statusesOf(quarter));

    const saved = await official.employment.updateRules({
      ...LENIENT,
      effectiveFrom: quarterStart(1),
      idempotencyKey: key("lenient-next"),
    });
    expect(saved.preview).toEqual(preview);
    expect(await statusesOf(quarter)).toEqual(preview.workshops.map((w) => ({ id: w.id, ...w.to })));
    const next = await official.employment.monitoring({ quarter });
    expect(next.rules).toEqual(LENIENT);
    expect(next.rulesVersion).toEqual({ id: saved.version.id, effectiveFrom: quarterStart(1) });
    // Scheduled for the next quarter: the quarter running today is still judged by the rules in force.
    expect(await official.employment.rules()).toEqual(DEFAULT_MONITORING_RULES);
    const history = await official.employment.rulesHistory();
    expect(history.versions.map((v) => v.state)).toEqual(["scheduled", "in_force"]);
    expect(history.versions[0]?.createdByName).toBe("瑞金市人社局");
    expect(history.versions[0]?.changes.map((c) => c.field).sort()).toEqual([
      "insuranceRequired",
      "minMonths",
      "minPoorWorkers",
    ]);
  });

  it("judges a past quarter by the rules in force then, and the current one by the new rules; the map agrees", async () => {
    const previous = quarterAt(-1);
    const current = shanghaiQuarter();
    const pastBefore = await official.employment.monitoring({ quarter: previous });
    const currentBefore = await mapAgrees(current);
    const preview = await official.employment.previewRules({ ...STRICT, effectiveFrom: quarterStart(0) });
    expect(preview.changedCount).toBeGreaterThan(0);
    await official.employment.updateRules({ ...STRICT, effectiveFrom: quarterStart(0), idempotencyKey: key("strict") });

    const pastAfter = await official.employment.monitoring({ quarter: previous });
    expect(pastAfter).toEqual(pastBefore);
    expect(pastAfter.rules).toEqual(DEFAULT_MONITORING_RULES);
    const currentAfter = await mapAgrees(current);
    expect(currentAfter.rules).toEqual(STRICT);
    expect(currentAfter.workshops.map((w) => ({ id: w.id, status: w.status, graceEndsOn: w.graceEndsOn }))).toEqual(
      preview.workshops.map((w) => ({ id: w.id, ...w.to })),
    );
    expect(currentAfter.workshops.every((w) => w.status !== "running")).toBe(true);
    expect(currentAfter.workshops.map((w) => w.status)).not.toEqual(currentBefore.workshops.map((w) => w.status));
    // The subsidy list follows the same status: nobody qualifies under rules no workshop meets.
    expect((await official.employment.subsidies({ quarter: current })).totalFen).toBe(0);
    await mapAgrees(previous);
    await mapAgrees(quarterAt(1));
  });

  it("keeps every version: a second save for a quarter supersedes the first, and the table refuses changes", async () => {
    const correction = await official.employment.updateRules({
      ...DEFAULT_MONITORING_RULES,
      effectiveFrom: quarterStart(0),
      idempotencyKey: key("correction"),
    });
    expect(correction.preview.ruleChanges.map((c) => c.field)).toEqual(["minPoorWorkers"]);
    const history = await official.employment.rulesHistory();
    expect(history.versions.map((v) => [v.effectiveFrom, v.state])).toEqual([
      [quarterStart(1), "scheduled"],
      [quarterStart(0), "in_force"],
      [quarterStart(0), "superseded"],
      ["2021-01-01", "past"],
    ]);
    expect(await official.employment.rules()).toEqual(DEFAULT_MONITORING_RULES);
    await mapAgrees(shanghaiQuarter());
    for (const statement of [
      sql`update monitoring_rule_versions set effective_from = '2020-01-01'`,
      sql`delete from monitoring_rule_versions`,
    ]) {
      let error: unknown;
      try {
        await app.handle.db.execute(statement);
      } catch (e) {
        error = e;
      }
      const cause = (error as { cause?: { message?: string } } | undefined)?.cause;
      expect(`${(error as Error | undefined)?.message} ${cause?.message ?? ""}`).toMatch(/append-only/);
    }
    const rows = rowsOf(await app.handle.db.execute(sql`select count(*)::int as n from monitoring_rule_versions`));
    expect(rows[0]?.n).toBe(4);
  });

  it("audits who changed what and when", async () => {
    const idempotencyKey = key("audited");
    const saved = await official.employment.updateRules({
      ...DEFAULT_MONITORING_RULES,
      graceMonths: 9,
      effectiveFrom: quarterStart(2),
      idempotencyKey,
    });
    const audit = rowsOf(
      await app.handle.db.execute(
        sql`select actor_user_id, action, entity_type, entity_id, detail, at from audit_events where idempotency_key = ${idempotencyKey}`,
      ),
    );
    expect(audit).toHaveLength(1);
    const row = audit[0] as Record<string, unknown>;
    expect(row.actor_user_id).toBe(app.users["official.ruijin"]?.id);
    expect(row.action).toBe("employment.updateRules");
    expect(row.entity_type).toBe("monitoring_rules");
    expect(row.entity_id).toBe(String(saved.version.id));
    const detail = (typeof row.detail === "string" ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>;
    expect(detail).toMatchObject({ regionCode: "360781", effectiveFrom: quarterStart(2) });
    // Against the rules in force for that quarter (the lenient version saved above, from the quarter before).
    expect(detail.changes).toEqual(saved.preview.ruleChanges);
    expect(detail.changes).toContainEqual({ field: "graceMonths", from: 6, to: 9 });
    expect(detail.changes).toContainEqual({ field: "minPoorWorkers", from: 1, to: 5 });
    expect(row.at).not.toBeNull();
  });

  it("replays a key with the first answer and refuses it for another payload", async () => {
    const input = {
      ...DEFAULT_MONITORING_RULES,
      minMonths: 4,
      effectiveFrom: quarterStart(3),
      idempotencyKey: key("idem"),
    };
    const first = await official.employment.updateRules(input);
    const before = await tableDigests(app);
    expect(await official.employment.updateRules({ ...input })).toEqual(first);
    expect(await tableDigests(app)).toEqual(before);
    expect(await codeOf(official.employment.updateRules({ ...input, minMonths: 5 }))).toBe("CONFLICT");
    expect(await tableDigests(app)).toEqual(before);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const valid = { ...DEFAULT_MONITORING_RULES, effectiveFrom: quarterStart(1) };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, effectiveFrom: addMonths(quarterStart(1), 1) }, "effectiveFrom"],
      [{ ...valid, effectiveFrom: quarterStart(-1) }, "effectiveFrom"],
      [{ ...valid, effectiveFrom: "2027-13-01" }, "effectiveFrom"],
      [{ ...valid, minPoorWorkers: 0 }, "minPoorWorkers"],
      [{ ...valid, minEarningsFen: 1.5 }, "minEarningsFen"],
      [{ ...valid, graceMonths: 25 }, "graceMonths"],
      [{ ...valid, insuranceRequired: "yes" }, "insuranceRequired"],
      [{ ...valid, subsidyPerPersonFen: -1 }, "subsidyPerPersonFen"],
      [{ ...valid, regionCode: "3607" }, "regionCode"],
    ];
    const before = await tableDigests(app);
    for (const [input, field] of cases) {
      for (const attempt of [
        () => official.employment.updateRules({ ...(input as typeof valid), idempotencyKey: key("bad") }),
        () => official.employment.previewRules(input as typeof valid),
      ]) {
        // One at a time: a second refusal left waiting would be an unhandled rejection.
        const error = await refusal(attempt());
        expect(error.code, `${field}: ${error.message}`).toBe("BAD_REQUEST");
        const ruleField = (error.cause as { field?: unknown } | undefined)?.field;
        expect(error.message.includes(field) || ruleField === field, `${error.message} names ${field}`).toBe(true);
      }
    }
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  });

  it("lets only the county's own official save: another county, a township and every other role are refused", async () => {
    const rules = { ...STRICT, effectiveFrom: quarterStart(0) };
    const before = await tableDigests(app);
    const statuses = await statusesOf(shanghaiQuarter());
    // Naming 瑞金 from another county answers like a region that does not exist.
    expect(
      await codeOf(otherOfficial.employment.updateRules({ ...rules, regionCode: "360781", idempotencyKey: key("x") })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(otherOfficial.employment.previewRules({ ...rules, regionCode: "360781" }))).toBe("NOT_FOUND");
    expect(
      await codeOf(official.employment.updateRules({ ...rules, regionCode: OTHER_COUNTY, idempotencyKey: key("x") })),
    ).toBe("NOT_FOUND");
    const township = await refusal(townshipOfficial.employment.updateRules({ ...rules, idempotencyKey: key("t") }));
    expect(township.code).toBe("FORBIDDEN");
    expect((township as { reason?: string }).reason).toBe("rulesSetByCounty");
    for (const { username, role } of DEMO_ACCOUNTS) {
      if (role === "official") continue;
      const caller = app.as(username);
      expect(await codeOf(caller.employment.updateRules({ ...rules, idempotencyKey: key(username) })), username).toBe(
        "FORBIDDEN",
      );
      expect(await codeOf(caller.employment.previewRules(rules)), username).toBe("FORBIDDEN");
      expect(await codeOf(caller.employment.rulesHistory()), username).toBe("FORBIDDEN");
    }
    const signedOut = await app.withHeaders(new Headers());
    expect(await codeOf(signedOut.employment.updateRules({ ...rules, idempotencyKey: key("anon") }))).toBe(
      "UNAUTHORIZED",
    );
    expect(changedTables(before, await tableDigests(app))).toEqual([]);

    // The other county's official sets its own county's rules; 瑞金's statuses and history do not move.
    const own = await otherOfficial.employment.updateRules({ ...rules, idempotencyKey: key("gkq") });
    expect(own.version.regionCode).toBe(OTHER_COUNTY);
    expect(await statusesOf(shanghaiQuarter())).toEqual(statuses);
    expect(
      (await official.employment.rulesHistory()).versions.every((v) => v.createdByName !== "official.gkq 官员"),
    ).toBe(true);
    const theirs = await otherOfficial.employment.rulesHistory();
    expect(theirs.regionCode).toBe(OTHER_COUNTY);
    expect(theirs.versions).toHaveLength(1);
    expect(theirs.versions[0]?.createdByName).toBe("official.gkq 官员");
  });

  it("refuses a quarter that has ended with the quarter it may start from", async () => {
    const error = await refusal(
      official.employment.updateRules({
        ...DEFAULT_MONITORING_RULES,
        effectiveFrom: quarterStart(-2),
        idempotencyKey: key("past"),
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(shanghaiQuarter());
    expect(shanghaiDay() >= quarterStart(0)).toBe(true);
  });
});
