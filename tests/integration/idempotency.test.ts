/**
 * Idempotency of every mutation (PRODUCT.md API contract): replaying a key returns the first result and
 * writes nothing; the same key with another payload is CONFLICT; keys belong to their user, so two users
 * sending the same key never see each other's answers.
 */
import { addMonths, DEFAULT_MONITORING_RULES, periodOf } from "@kitflow/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { tableDigests } from "../support/db-fingerprint";
import { outcomeCodeAndMessage } from "../support/errors";
import { buildJobFixture, type JobFixture } from "../support/job-fixtures";
import { call, MUTATIONS, PROCEDURES } from "../support/procedures";
import { rosterCsv } from "../support/roster-file";
import { shanghaiDay, shanghaiMonth, shanghaiQuarter } from "../support/shanghai-calendar";
import { rowsOf } from "../support/sql";
import { STORE_KINDS } from "../support/stores";
import { type Tenant as BaseTenant, buildTenant, TENANT_BOM, TENANT_WORKER } from "../support/tenant";
import { type SignedInWorker, signInPieceWorker } from "../support/worker-session";

/** The shared tenant records plus its piece worker signed in on its own phone. */
type Tenant = BaseTenant & SignedInWorker;

/* ------------------------------------ fixtures ------------------------------------ */

/** A 花名册 CSV with one worker (identity number included), as a workshop uploads it. */
const rosterOf = (name: string) =>
  rosterCsv(`${name},360781199001011238,13900000004,360781100001,是,否,否,否,2026-01-05,`);

/* ----------------------------------- the table ------------------------------------ */

type Json = Record<string, unknown>;

interface Entry {
  /** Two different users who may each run the mutation on their own records. */
  users: readonly [string, string];
  /** A valid payload (without the key) for that user's records. */
  payload: (user: string, t: Tenant, app: TestApp) => Json;
  /** The same request with one field changed. */
  altered: (payload: Json) => Json;
}

const SECOND_ADMIN = "admin.second";
/** A second account of 瑞金市人社局: monitoring rules are saved by the county's officials. */
const SECOND_OFFICIAL = "official.second";
const FACTORIES = ["factory.jhb", "factory.yuanye"] as const;
const LEADS = ["lead.xianghu", "lead.jiubao"] as const;
/** The piece workers of the two tenants, signed in on their own phones. */
const WORKERS = ["worker.xianghu", "worker.jiubao"] as const;
/** Each factory's job postings and applications, by factory id. */
const JOBS = new Map<string, JobFixture>();
const jobsOf = (t: Tenant) => {
  const jobs = JOBS.get(t.factoryId);
  if (!jobs) throw new Error("no job fixture");
  return jobs;
};
/** A well-formed id of no record: a reused key is refused before anything is looked up. */
const SOME_OTHER_ID = "00000000-0000-4000-8000-000000000000";

const TABLE: Record<string, Entry | { exempt: string } | { ownSuite: string }> = {
  "jobs.apply": {
    ownSuite:
      "no account, so no user to key on: the key is kept with the application (tests/integration/jobs.test.ts checks replay and reuse)",
  },
  "jobs.post": {
    users: FACTORIES,
    payload: (_u, t) => ({
      siteId: jobsOf(t).siteId,
      title: "幂等岗位",
      pay: { kind: "month", minFen: 300000, maxFen: 350000 },
      hours: "8:00–17:00",
      headcount: 2,
    }),
    altered: (p) => ({ ...p, headcount: 3 }),
  },
  "jobs.close": {
    users: FACTORIES,
    payload: (_u, t) => ({ id: jobsOf(t).closeJobId }),
    altered: () => ({ id: SOME_OTHER_ID }),
  },
  "jobs.hire": {
    users: FACTORIES,
    payload: (_u, t) => ({
      applicationId: jobsOf(t).hireApplicationId,
      poorHousehold: false,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2026-03-02",
    }),
    altered: (p) => ({ ...p, returnee: true }),
  },
  "jobs.decline": {
    users: FACTORIES,
    payload: (_u, t) => ({ applicationId: jobsOf(t).declineApplicationId }),
    altered: () => ({ applicationId: SOME_OTHER_ID }),
  },
  "auth.signIn": { exempt: "the contract gives sign-in no idempotency key; each sign-in is a new session" },
  "auth.signOut": { exempt: "the contract gives sign-out no idempotency key; signing out twice is harmless" },
  "auth.workerSignIn": { exempt: "like sign-in: each use of a code is a new session, and a code works once" },

  "admin.createOrganisation": {
    users: ["admin", SECOND_ADMIN],
    payload: () => ({
      kind: "workshop",
      name: "幂等车间",
      shortName: "幂等",
      workshopMode: "premises",
      regionCode: "360781100",
    }),
    altered: (p) => ({ ...p, shortName: "另一个" }),
  },
  "admin.createSite": {
    users: ["admin", SECOND_ADMIN],
    payload: (_u, t) => ({ organisationId: t.workshopId, kind: "workshop", name: "幂等站点", lat: 25.9, lng: 116.0 }),
    altered: (p) => ({ ...p, lat: 26.1 }),
  },
  "admin.linkPartners": {
    users: ["admin", SECOND_ADMIN],
    payload: (_u, _t, app) => ({ factoryId: app.orgs.jhb, workshopId: app.orgs.jiubao }),
    altered: (p) => ({ ...p, workshopId: "" }),
  },
  "admin.createUser": {
    users: ["admin", SECOND_ADMIN],
    payload: (user, t) => ({
      username: user === "admin" ? "lead.idem.one" : "lead.idem.two",
      name: "幂等组长",
      role: "workshop_lead",
      organisationId: t.workshopId,
      password: "idempotent-password",
    }),
    altered: (p) => ({ ...p, name: "别的名字" }),
  },
  "admin.setUserDisabled": {
    users: ["admin", SECOND_ADMIN],
    payload: (user, _t, app) => ({
      userId: app.users[user === "admin" ? "lead.huangbai" : "lead.yeping"]?.id,
      disabled: true,
    }),
    altered: (p) => ({ ...p, disabled: false }),
  },
  "admin.resetPassword": {
    users: ["admin", SECOND_ADMIN],
    payload: (user, _t, app) => ({
      userId: app.users[user === "admin" ? "lead.huangbai" : "lead.yeping"]?.id,
      password: "a-reset-password",
    }),
    altered: (p) => ({ ...p, password: "another-reset-password" }),
  },

  "catalog.createProduct": {
    users: FACTORIES,
    payload: () => ({ code: "ID-NEW", name: "新玩具", pieceRateFen: 90, bom: TENANT_BOM }),
    altered: (p) => ({ ...p, pieceRateFen: 91 }),
  },
  "catalog.updateProduct": {
    users: FACTORIES,
    payload: (_u, t) => ({ id: t.productId, code: t.productCode, name: "改名", pieceRateFen: 110, bom: TENANT_BOM }),
    altered: (p) => ({ ...p, pieceRateFen: 111 }),
  },
  "batches.create": {
    users: FACTORIES,
    payload: (_u, t) => ({ workshopId: t.workshopId, productId: t.productId, quantity: 5 }),
    altered: (p) => ({ ...p, quantity: 6 }),
  },
  "batches.close": {
    users: FACTORIES,
    payload: (_u, t) => ({ id: t.closableBatchId, writeOffs: t.closeWriteOffs, missingUnitsChoice: "charge" }),
    // Who bears the units the workshop lost is part of the request: another choice is another request.
    altered: (p) => ({ ...p, missingUnitsChoice: "write_off" }),
  },
  "batches.cancel": {
    users: FACTORIES,
    payload: (_u, t) => ({ id: t.draftBatchId, reason: "客户取消" }),
    altered: (p) => ({ ...p, reason: "别的原因" }),
  },
  "shipments.dispatch": {
    users: FACTORIES,
    payload: (_u, t) => ({
      batchId: t.dispatchedBatchId,
      lines: [{ componentCode: "PART-A", qty: 1 }],
      tripId: t.tripId,
    }),
    altered: (p) => ({ ...p, lines: [{ componentCode: "PART-A", qty: 2 }] }),
  },
  "shipments.confirmReceipt": {
    users: LEADS,
    payload: (_u, t) => ({ shipmentId: t.transitShipmentId, lines: t.transitLines }),
    altered: (p) => ({ ...p, note: "少了" }),
  },
  "shipments.createReturn": {
    users: LEADS,
    payload: (_u, t) => ({ batchId: t.productionBatchId, goodQty: 2, defectiveQty: 0 }),
    altered: (p) => ({ ...p, goodQty: 1 }),
  },
  "shipments.requestReplacement": {
    users: LEADS,
    payload: (_u, t) => ({
      batchId: t.productionBatchId,
      shipmentId: t.receivedShipmentId,
      lines: [{ componentCode: "PART-A", qty: 1 }],
      reason: "压坏",
    }),
    altered: (p) => ({ ...p, lines: [{ componentCode: "PART-A", qty: 2 }] }),
  },
  "shipments.inspectReturn": {
    users: FACTORIES,
    payload: (_u, t) => ({
      shipmentId: t.pendingReturnId,
      acceptedQty: 2,
      rejectedQty: 0,
      unusedReceived: [{ componentCode: "PART-A", qty: 1 }],
    }),
    altered: (p) => ({ ...p, acceptedQty: 1, rejectedQty: 1 }),
  },
  "shipments.dispatchRework": {
    users: FACTORIES,
    payload: (_u, t) => ({ batchId: t.reworkBatchId, qty: 1 }),
    altered: (p) => ({ ...p, qty: 2 }),
  },
  "shipments.receiveRework": {
    users: LEADS,
    payload: (_u, t) => ({ shipmentId: t.reworkTransitId, qtyReceived: 1 }),
    altered: (p) => ({ ...p, qtyReceived: 0, note: "少了一件" }),
  },
  "trips.create": {
    users: FACTORIES,
    payload: () => ({ plannedDate: "2026-12-09", vehiclePlate: "赣B·00001" }),
    altered: (p) => ({ ...p, plannedDate: "2026-12-10" }),
  },
  "trips.advance": {
    users: FACTORIES,
    payload: (_u, t) => ({ id: t.tripId, status: "departed" }),
    altered: (p) => ({ ...p, status: "arrived" }),
  },

  "workforce.createWorker": {
    users: LEADS,
    payload: () => ({ ...TENANT_WORKER, name: "新来的工人" }),
    altered: (p) => ({ ...p, monitored: true }),
  },
  "workforce.updateWorker": {
    users: LEADS,
    payload: (_u, t) => ({ id: t.workerId, name: "改名工人" }),
    altered: (p) => ({ ...p, name: "又改名" }),
  },
  "workforce.leave": {
    users: LEADS,
    payload: (_u, t) => ({ id: t.workerId, leftOn: shanghaiDay() }),
    altered: (p) => ({ ...p, leftOn: "2026-06-30" }),
  },
  "workforce.importRoster": {
    users: LEADS,
    payload: () => ({ format: "csv", contentBase64: rosterOf("导入的工人") }),
    altered: (p) => ({ ...p, contentBase64: rosterOf("另一个工人") }),
  },
  "workforce.enterPiecework": {
    users: LEADS,
    payload: (_u, t) => ({
      batchId: t.productionBatchId,
      workDate: shanghaiDay(),
      entries: [{ workerId: t.pieceWorkerId, qty: 1 }],
    }),
    altered: (p) => ({ ...p, entries: [{ ...(p.entries as Json[])[0], qty: 2 }] }),
  },
  "workforce.correctPiecework": {
    users: LEADS,
    payload: (_u, t) => ({ entryId: t.pieceworkEntryId, reason: "数错了" }),
    altered: (p) => ({ ...p, replacementQty: 1 }),
  },
  "workforce.issueSignInCode": {
    users: LEADS,
    payload: (_u, t) => ({ workerId: t.pieceWorkerId }),
    altered: (p) => ({ ...p, workerId: SOME_OTHER_ID }),
  },
  "workforce.endWorkerSessions": {
    users: LEADS,
    payload: (_u, t) => ({ workerId: t.pieceWorkerId }),
    altered: (p) => ({ ...p, workerId: SOME_OTHER_ID }),
  },
  "workforce.answerDispute": {
    users: LEADS,
    payload: (_u, t) => ({ disputeId: t.disputeId, reply: "核对过了" }),
    altered: (p) => ({ ...p, reply: "另一个答复" }),
  },
  "workforce.recordWagePayment": {
    users: LEADS,
    payload: (_u, t) => ({
      workerId: t.pieceWorkerId,
      month: shanghaiMonth(),
      amountFen: 1000,
      paidOn: shanghaiDay(),
      method: "cash",
    }),
    altered: (p) => ({ ...p, amountFen: 2000 }),
  },
  "settlements.recordPayment": {
    users: FACTORIES,
    payload: (_u, t) => ({ workshopId: t.workshopId, amountFen: 100, paidOn: shanghaiDay(), method: "bank" }),
    altered: (p) => ({ ...p, amountFen: 101 }),
  },
  "me.dispute": {
    users: WORKERS,
    payload: (_u, t) => ({ entryId: t.unquestionedEntryId, note: "这天数量不对" }),
    altered: (p) => ({ ...p, note: "另一个问题" }),
  },
  "employment.updateRules": {
    users: ["official.ruijin", SECOND_OFFICIAL],
    payload: () => ({ ...DEFAULT_MONITORING_RULES, effectiveFrom: addMonths(periodOf(shanghaiQuarter()).from, 3) }),
    altered: (p) => ({ ...p, minMonths: 4 }),
  },
  "workforce.recordInsurance": {
    users: LEADS,
    payload: () => ({
      insurer: "中国人寿",
      policyNumber: "GS-2026-07",
      coversFrom: "2026-01-01",
      coversTo: "2026-12-31",
    }),
    altered: (p) => ({ ...p, policyNumber: "GS-2026-08" }),
  },
};

/* ------------------------------------- tests -------------------------------------- */

describe.each(STORE_KINDS)("idempotency on %s", (kind) => {
  let app: TestApp;
  const tenants = new Map<string, Tenant>();
  let secondAdmin: { caller: Caller; id: string };
  let secondOfficial: { caller: Caller; id: string };

  const isWorker = (user: string) => (WORKERS as readonly string[]).includes(user);
  const callerOf = (user: string) =>
    user === SECOND_ADMIN
      ? secondAdmin.caller
      : user === SECOND_OFFICIAL
        ? secondOfficial.caller
        : isWorker(user)
          ? tenantOf(user).workerCaller
          : app.as(user);
  const userIdOf = (user: string) =>
    user === SECOND_ADMIN
      ? secondAdmin.id
      : user === SECOND_OFFICIAL
        ? secondOfficial.id
        : isWorker(user)
          ? tenantOf(user).workerUserId
          : (app.users[user]?.id ?? "");
  const tenantOf = (user: string) => {
    const t = tenants.get(user) ?? tenants.get("factory.jhb");
    if (!t) throw new Error(`no tenant for ${user}`);
    return t;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
    const jhbRecords = await buildTenant(app, {
      factory: "factory.jhb",
      lead: "lead.xianghu",
      workshop: "xianghu",
      label: "idem-jhb",
    });
    const yuanyeRecords = await buildTenant(app, {
      factory: "factory.yuanye",
      lead: "lead.jiubao",
      workshop: "jiubao",
      label: "idem-yuanye",
    });
    const jhb = { ...jhbRecords, ...(await signInPieceWorker(app, jhbRecords, "13900000011", "idem-jhb-worker")) };
    const yuanye = {
      ...yuanyeRecords,
      ...(await signInPieceWorker(app, yuanyeRecords, "13900000012", "idem-yuanye-worker")),
    };
    for (const [t, label] of [
      [jhb, "idem-jhb"],
      [yuanye, "idem-yuanye"],
    ] as const) {
      const factory = t === jhb ? "factory.jhb" : "factory.yuanye";
      JOBS.set(t.factoryId, await buildJobFixture(app, { factory, factoryId: t.factoryId, label }));
    }
    for (const user of ["factory.jhb", "lead.xianghu", "admin", "worker.xianghu"]) tenants.set(user, jhb);
    for (const user of ["factory.yuanye", "lead.jiubao", SECOND_ADMIN, "worker.jiubao"]) tenants.set(user, yuanye);
    const created = await app.as("admin").admin.createUser({
      username: SECOND_ADMIN,
      name: "第二位管理员",
      role: "admin",
      password: "second-admin-password",
      idempotencyKey: "idem-second-admin",
    });
    const signedOut = await app.withHeaders(new Headers(), "10.7.0.1");
    const { token } = await signedOut.auth.signIn({ username: SECOND_ADMIN, password: "second-admin-password" });
    secondAdmin = { caller: await app.withHeaders(new Headers({ authorization: `Bearer ${token}` })), id: created.id };
    const official = await app.as("admin").admin.createUser({
      username: SECOND_OFFICIAL,
      name: "第二位官员",
      role: "official",
      organisationId: app.orgs.rsj,
      password: "second-official-password",
      idempotencyKey: "idem-second-official",
    });
    const officialSession = await signedOut.auth.signIn({
      username: SECOND_OFFICIAL,
      password: "second-official-password",
    });
    secondOfficial = {
      caller: await app.withHeaders(new Headers({ authorization: `Bearer ${officialSession.token}` })),
      id: official.id,
    };
  });
  afterAll(() => app?.close());

  it("has an entry for every mutation of the router", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...MUTATIONS].sort());
  });

  it.each(MUTATIONS)("%s: replay, reuse with another payload, and the same key for two users", async (path) => {
    const entry = TABLE[path];
    if (!entry) throw new Error(`${path} has no idempotency entry: add one to TABLE`);
    if ("ownSuite" in entry) {
      // Keyed without a user: its input must still carry the key.
      const inputs = (PROCEDURES[path] as unknown as { _def: { inputs: { shape?: Json }[] } })._def.inputs;
      expect(inputs.some((i) => i.shape && "idempotencyKey" in i.shape)).toBe(true);
      return;
    }
    if ("exempt" in entry) {
      // No key in the contract, so the input schema must not ask for one either.
      const inputs = (PROCEDURES[path] as unknown as { _def: { inputs: { shape?: Json }[] } })._def.inputs;
      expect(inputs.some((i) => i.shape && "idempotencyKey" in i.shape)).toBe(false);
      return;
    }
    const key = `idem-${path}-shared-key`;
    const [first, second] = entry.users;
    const withOrgs = (p: Json) => (p.workshopId === "" ? { ...p, workshopId: app.orgs.yeping } : p);
    const firstInput = { ...withOrgs(entry.payload(first, tenantOf(first), app)), idempotencyKey: key };

    const original = await call(callerOf(first), path, firstInput);
    expect(outcomeCodeAndMessage(original), `${path} first call`).toBe("OK");
    const afterFirst = await tableDigests(app);

    // A replay answers exactly as the first time and writes nothing new.
    for (let i = 0; i < 2; i++) {
      const replay = await call(callerOf(first), path, structuredClone(firstInput));
      expect(outcomeCodeAndMessage(replay), `${path} replay`).toBe("OK");
      expect(replay.ok && replay.data).toEqual(original.ok && original.data);
      expect(await tableDigests(app), `${path} replay wrote`).toEqual(afterFirst);
    }

    // Same key, another payload: CONFLICT, nothing written.
    const altered = { ...withOrgs(entry.altered(firstInput)), idempotencyKey: key };
    expect(altered).not.toEqual(firstInput);
    const reused = await call(callerOf(first), path, altered);
    expect(outcomeCodeAndMessage(reused), `${path} reused key`).toMatch(/^CONFLICT/);
    expect(await tableDigests(app), `${path} reused key wrote`).toEqual(afterFirst);

    // The same key from another user is that user's own request: it runs, and is recorded as theirs.
    const secondInput = { ...withOrgs(entry.payload(second, tenantOf(second), app)), idempotencyKey: key };
    const other = await call(callerOf(second), path, secondInput);
    expect(outcomeCodeAndMessage(other), `${path} second user`).toBe("OK");
    expect(await tableDigests(app)).not.toEqual(afterFirst);
    const records = rowsOf(
      await app.handle.db.execute(
        sql`select user_id, procedure from idempotency_records where key = ${key} order by user_id`,
      ),
    );
    expect(records.map((r) => r.user_id).sort()).toEqual([userIdOf(first), userIdOf(second)].sort());
    expect(records.every((r) => r.procedure === path)).toBe(true);
    const audited = rowsOf(
      await app.handle.db.execute(sql`select actor_user_id from audit_events where idempotency_key = ${key}`),
    ).map((r) => r.actor_user_id);
    expect(audited.sort()).toEqual([userIdOf(first), userIdOf(second)].sort());
    if (JSON.stringify(secondInput) !== JSON.stringify(firstInput)) {
      expect(other.ok && other.data).not.toEqual(original.ok && original.data);
    }
    const secondReplay = await call(callerOf(second), path, secondInput);
    expect(secondReplay.ok && secondReplay.data).toEqual(other.ok && other.data);
  });

  it("a key used for one procedure cannot be reused for another", async () => {
    const t = tenantOf("factory.jhb");
    const factory = app.as("factory.jhb");
    const key = "idem-cross-procedure";
    await factory.trips.create({ plannedDate: "2026-12-20", idempotencyKey: key });
    const before = await tableDigests(app);
    const outcome = await call(factory, "batches.create", {
      workshopId: t.workshopId,
      productId: t.productId,
      quantity: 1,
      idempotencyKey: key,
    });
    expect(outcomeCodeAndMessage(outcome)).toMatch(/^CONFLICT/);
    expect(await tableDigests(app)).toEqual(before);
  });

  it("keys are compared after trimming, and field order does not matter", async () => {
    const t = tenantOf("factory.jhb");
    const factory = app.as("factory.jhb");
    const first = await factory.batches.create({
      workshopId: t.workshopId,
      productId: t.productId,
      quantity: 3,
      note: "顺序",
      idempotencyKey: "idem-order-key",
    });
    const before = await tableDigests(app);
    const again = await factory.batches.create({
      note: "顺序",
      quantity: 3,
      productId: t.productId,
      workshopId: t.workshopId,
      idempotencyKey: "  idem-order-key  ",
    });
    expect(again).toEqual(first);
    expect(await tableDigests(app)).toEqual(before);
  });

  it("createProduct without a key uses the product code: sent twice, created once", async () => {
    const factory = app.as("factory.jhb");
    const product = { code: "ID-NOKEY", name: "无键产品", pieceRateFen: 70, bom: TENANT_BOM };
    const first = await factory.catalog.createProduct(product);
    const before = await tableDigests(app);
    expect(await factory.catalog.createProduct(product)).toEqual(first);
    expect(await tableDigests(app)).toEqual(before);
    const changed = await call(factory, "catalog.createProduct", { ...product, name: "改了名" });
    expect(outcomeCodeAndMessage(changed)).toMatch(/^CONFLICT/);
    expect(await tableDigests(app)).toEqual(before);
  });

  it("a replay returns the first answer even after the record moved on", async () => {
    const t = tenantOf("factory.jhb");
    const factory = app.as("factory.jhb");
    const input = { workshopId: t.workshopId, productId: t.productId, quantity: 4, idempotencyKey: "idem-moved-on" };
    const created = await factory.batches.create(input);
    await factory.batches.cancel({ id: created.id, reason: "取消", idempotencyKey: "idem-moved-on-cancel" });
    const replay = await factory.batches.create(input);
    expect(replay).toEqual(created);
    expect(replay.status).toBe("draft");
    expect((await factory.batches.get({ id: created.id })).status).toBe("cancelled");
  });
});
