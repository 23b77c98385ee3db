/**
 * Bad input for every mutation: missing fields, negative and fractional numbers, 10,000-character strings,
 * malformed, unknown and other-tenant ids, duplicate and unknown component lines, idempotency keys of the
 * wrong length, and the wrong state. Each must answer with the contract's tRPC code and an error that names
 * the field, and write nothing. The untouched input is then run and succeeds, so every refusal above was
 * about the one thing changed.
 */
import { randomUUID } from "node:crypto";
import { addMonths, DEFAULT_MONITORING_RULES, periodOf } from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../apps/server/src/seed/reference";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { buildJobFixture, type JobFixture } from "../support/job-fixtures";
import { call, MUTATIONS, type Outcome } from "../support/procedures";
import { rosterCsv } from "../support/roster-file";
import { shanghaiDay, shanghaiQuarter } from "../support/shanghai-calendar";
import { STORE_KINDS } from "../support/stores";
import { buildTenant, TENANT_BOM, TENANT_WORKER, type Tenant } from "../support/tenant";
import { signInAsWorker } from "../support/worker-session";

/* ------------------------------------ helpers ------------------------------------ */

type Json = Record<string, unknown>;
type Path = (string | number)[];

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], value);
}

function withAt(value: Json, path: Path, replacement: unknown): Json {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Every leaf of a valid input, with the path a client would see in an error ("lines.0.qty"). */
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [{ path, value }];
}

/** Arrays of lines (component lines, piecework entries) in a valid input. */
function lineArrays(value: Json): { path: string; items: Json[]; components: boolean }[] {
  return Object.entries(value).flatMap(([k, v]) =>
    Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0]
      ? [{ path: k, items: v as Json[], components: "componentCode" in v[0] }]
      : [],
  );
}

const dotted = (path: Path) => path.join(".");
const isIdField = (path: Path) => {
  const last = String(path[path.length - 1]);
  return last === "id" || last.endsWith("Id");
};

/* ------------------------------------ fixtures ------------------------------------ */

/** 象湖's records as the shared tenant fixture builds them (tests/support/tenant.ts), and the rest below. */
interface Fixtures extends Tenant {
  otherProductCode: string;
  /** A second draft that no valid input cancels, for wrong-state cases. */
  spareDraftBatchId: string;
  inspectedReturnId: string;
  arrivedTripId: string;
  cancelledBatchId: string;
  closedBatchId: string;
  xianghuCancelledBatchId: string;
  /** 远业环保's records: another tenant for 佳惠宝 and its workshops. */
  yuanye: { batchId: string; returnId: string; dispatchId: string; productId: string; tripId: string };
  /** 黄柏's records: another tenant for 象湖. */
  huangbai: { batchId: string; transitShipmentId: string; workerId: string; pieceworkEntryId: number };
  correctedEntryId: number;
  reversingEntryId: number;
  /** A worker with a fresh sign-in code, for auth.workerSignIn. */
  signIn: { phone: string; code: string };
  /** A worker with no mobile number on the roster: no code can be issued for it. */
  phonelessWorkerId: string;
  /** A worker with a mobile number, signed in on its own phone, with entries: one questioned (still open), one not yet. */
  askerId: string;
  workerCaller: Caller;
  openlyQuestionedEntryId: number;
  unquestionedEntryId: number;
  /** An open question of that worker, for the lead to answer. */
  disputeId: string;
  /** 佳惠宝's job postings and applications; `otherJobs` are 远业环保's, another firm's. */
  jobs: JobFixture;
  otherJobs: JobFixture;
}

/** A worker with every optional detail (phone, identity number), for the roster's own cases. */
const WORKER = { ...TENANT_WORKER, name: "坏输入工人", phone: "13912345678", idNumber: "360781199001011238" };

async function buildFixtures(app: TestApp): Promise<Fixtures> {
  const tenant = await buildTenant(app, {
    factory: "factory.jhb",
    lead: "lead.xianghu",
    workshop: "xianghu",
    label: "bad-input",
  });
  const f = app.as("factory.jhb");
  const l = app.as("lead.xianghu");
  const k = (label: string) => `bad-fixture-${label}`;
  const other = await f.catalog.createProduct({
    code: "BI-OTHER",
    name: "另一个产品",
    pieceRateFen: 80,
    bom: TENANT_BOM,
    idempotencyKey: k("product-2"),
  });
  if (!other) throw new Error("fixture product not created");
  const spareDraft = await f.batches.create({
    workshopId: tenant.workshopId,
    productId: tenant.productId,
    quantity: 10,
    allowancePct: 0,
    idempotencyKey: k("spare-draft"),
  });
  const arrived = await f.trips.create({ plannedDate: "2026-11-01", idempotencyKey: k("trip-arrived") });
  await f.trips.advance({ id: arrived.id, status: "departed", idempotencyKey: k("trip-departs") });
  await f.trips.advance({ id: arrived.id, status: "arrived", idempotencyKey: k("trip-arrives") });

  const jhbBatches = (await f.batches.list({ limit: 100 })).items;
  const byStatus = (status: string, workshopId?: string) => {
    const found = jhbBatches.find((b) => b.status === status && (!workshopId || b.workshop?.id === workshopId));
    if (!found) throw new Error(`demo has no ${status} batch`);
    return found.id;
  };

  const yy = app.as("factory.yuanye");
  const [yyBatch] = (await yy.batches.list({ limit: 10 })).items;
  if (!yyBatch) throw new Error("demo has no 远业 batch");
  const yyShipments = await yy.shipments.list({ batchId: yyBatch.id, limit: 10 });
  const yyReturn = yyShipments.find((s) => s.kind === "return");
  const yyDispatch = yyShipments.find((s) => s.kind === "dispatch");
  const [yyProduct] = await yy.catalog.listProducts();
  const yyTrip = await yy.trips.create({ plannedDate: "2026-12-03", idempotencyKey: k("yy-trip") });
  if (!yyReturn || !yyDispatch || !yyProduct) throw new Error("demo 远业 records missing");

  const hb = app.as("lead.huangbai");
  const hbTransit = (await hb.shipments.list({ pending: true, limit: 50 })).find(
    (s) => s.kind === "dispatch" && s.status === "in_transit",
  );
  const [hbBatch] = (await hb.batches.list({ limit: 10 })).items;
  if (!hbTransit || !hbBatch) throw new Error("demo 黄柏 records missing");

  const { idNumber: _id, ...plainWorker } = WORKER;
  const toCorrect = (
    await l.workforce.enterPiecework({
      batchId: tenant.productionBatchId,
      workDate: shanghaiDay(),
      entries: [{ workerId: tenant.pieceWorkerId, qty: 1 }],
      idempotencyKey: k("piece-2"),
    })
  ).entries[0];
  if (!toCorrect) throw new Error("no piecework booked");
  const correction = await l.workforce.correctPiecework({
    entryId: toCorrect.id,
    reason: "记错了",
    idempotencyKey: k("piece-2-correct"),
  });
  const hbWorker = await hb.workforce.createWorker({
    ...plainWorker,
    name: "黄柏工人",
    idempotencyKey: k("hb-worker"),
  });
  const hbEntry = (await hb.workforce.piecework({ limit: 50 })).find((e) => e.qty > 0);
  if (!hbEntry) throw new Error("demo has no 黄柏 piecework");

  const signInWorker = await l.workforce.createWorker({
    ...plainWorker,
    name: "登录工人",
    phone: "13912340001",
    idempotencyKey: k("sign-in-worker"),
  });
  const { code } = await l.workforce.issueSignInCode({ workerId: signInWorker.id, idempotencyKey: k("sign-in-code") });
  const { phone: _p, ...phoneless } = plainWorker;
  const phonelessWorker = await l.workforce.createWorker({
    ...phoneless,
    name: "无手机工人",
    idempotencyKey: k("phoneless"),
  });
  const asker = await l.workforce.createWorker({
    ...plainWorker,
    name: "提问工人",
    phone: "13912340002",
    idempotencyKey: k("asker"),
  });
  const asked = await l.workforce.enterPiecework({
    batchId: tenant.closableBatchId,
    workDate: shanghaiDay(),
    entries: [{ workerId: asker.id, qty: 1 }],
    idempotencyKey: k("asker-piece-1"),
  });
  const more = await l.workforce.enterPiecework({
    batchId: tenant.closableBatchId,
    workDate: shanghaiDay(),
    entries: [{ workerId: asker.id, qty: 2 }],
    idempotencyKey: k("asker-piece-2"),
  });
  const rest = await l.workforce.enterPiecework({
    batchId: tenant.closableBatchId,
    workDate: shanghaiDay(),
    entries: [{ workerId: asker.id, qty: 3 }],
    idempotencyKey: k("asker-piece-3"),
  });
  const [toAnswer, openEntry, unquestioned] = [asked, more, rest].map((b) => b.entries[0]?.id ?? 0);
  const askerSession = await signInAsWorker(app, l, { id: asker.id, phone: "13912340002" }, k("asker-session"));
  const dispute = await askerSession.caller.me.dispute({
    entryId: toAnswer ?? 0,
    note: "这天做了两个",
    idempotencyKey: k("asker-dispute-1"),
  });
  await askerSession.caller.me.dispute({
    entryId: openEntry ?? 0,
    note: "这天做了三个",
    idempotencyKey: k("asker-dispute-2"),
  });

  const inspected = (await l.shipments.list({ limit: 100 })).find(
    (s) => s.kind === "return" && s.status === "inspected",
  );
  if (!inspected) throw new Error("demo has no inspected return for 象湖");

  const jobs = await buildJobFixture(app, { factory: "factory.jhb", factoryId: app.orgs.jhb, label: "bad" });
  const otherJobs = await buildJobFixture(app, {
    factory: "factory.yuanye",
    factoryId: app.orgs.yuanye,
    label: "bad2",
  });
  return {
    ...tenant,
    jobs,
    otherJobs,
    otherProductCode: other.code,
    spareDraftBatchId: spareDraft.id,
    inspectedReturnId: inspected.id,
    arrivedTripId: arrived.id,
    cancelledBatchId: byStatus("cancelled"),
    closedBatchId: byStatus("closed"),
    xianghuCancelledBatchId: byStatus("cancelled", app.orgs.xianghu),
    yuanye: {
      batchId: yyBatch.id,
      returnId: yyReturn.id,
      dispatchId: yyDispatch.id,
      productId: yyProduct.id,
      tripId: yyTrip.id,
    },
    huangbai: {
      batchId: hbBatch.id,
      transitShipmentId: hbTransit.id,
      workerId: hbWorker.id,
      pieceworkEntryId: hbEntry.id,
    },
    correctedEntryId: toCorrect.id,
    reversingEntryId: correction.reversed === toCorrect.id ? (correction.entries[0]?.id ?? 0) : 0,
    signIn: { phone: "13912340001", code },
    phonelessWorkerId: phonelessWorker.id,
    askerId: asker.id,
    workerCaller: askerSession.caller,
    openlyQuestionedEntryId: openEntry ?? 0,
    unquestionedEntryId: unquestioned ?? 0,
    disputeId: dispute.id,
  };
}

/* ----------------------------------- the table ------------------------------------ */

/** First day of the quarter `offset` quarters from the one running today. */
const quarterStartFrom = (offset: number) => addMonths(periodOf(shanghaiQuarter()).from, offset * 3);

/** ROW_ERRORS: a roster import answers a sheet it can read but not accept with its row errors, importing nothing. */
type Code = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED" | "UNAUTHORIZED" | "ROW_ERRORS";

interface Case {
  name: string;
  input: Json;
  code: Code;
  /** The field the error must name (in its message, or as the rule's field). */
  field?: string;
  /** Words the message must contain, for refusals that concern the record rather than a field. */
  mentions?: string;
}

/** The signed-in worker of the fixtures, for the worker's own procedures. */
const WORKER_CALLER = "the fixtures' worker";

interface Entry {
  /** Demo user that runs it (or WORKER_CALLER); null for the signed-out. */
  caller: string | null;
  /** A valid input; it is run last and must succeed. */
  valid: (fx: Fixtures, key: string) => Json;
  /** Top-level or "array.0.field" paths that may be left out. */
  optional?: string[];
  /** Number leaves that legitimately take fractions (percentages, coordinates). */
  fractional?: string[];
  /** Line arrays whose component codes are defined by the input itself (a BOM), not by a batch. */
  freeCodes?: string[];
  /** Another tenant's record for an id field: NOT_FOUND, never its data. */
  foreignIds?: (fx: Fixtures) => Record<string, string>;
  /** Code for a well-formed id of no record, where it is not NOT_FOUND. */
  unknownIdCode?: Record<string, Code>;
  /** Code for a 10,000-character value, where that is within the field's limit. */
  hugeStringCode?: Record<string, Code>;
  /** Wrong state, conservation and other refusals specific to the procedure. */
  cases?: (fx: Fixtures, key: string) => Case[];
  /** Tables a refused call still writes: a password sign-in is counted against its account and address. */
  refusalWrites?: string[];
}

const MUTATION_TABLE: Record<string, Entry | { noInput: string }> = {
  "auth.signIn": {
    caller: null,
    valid: () => ({ username: "factory.jhb", password: DEMO_PASSWORD }),
    refusalWrites: ["sign_in_throttle"],
    cases: () => [
      {
        name: "wrong password",
        input: { username: "factory.jhb", password: "not-the-password" },
        code: "UNAUTHORIZED",
        mentions: "wrong username or password",
      },
      {
        name: "unknown user",
        input: { username: "nobody.here", password: DEMO_PASSWORD },
        code: "UNAUTHORIZED",
        mentions: "wrong username or password",
      },
    ],
  },
  "auth.signOut": { noInput: "ends the caller's own session; it reads no input" },
  "auth.workerSignIn": {
    caller: null,
    valid: (fx) => ({ phone: fx.signIn.phone, code: fx.signIn.code }),
    cases: (fx) => [
      {
        name: "a letter the codes never use",
        input: { phone: fx.signIn.phone, code: "ABCDE0" },
        code: "BAD_REQUEST",
        field: "code",
      },
      {
        name: "a landline",
        input: { phone: "0797-8888888", code: fx.signIn.code },
        code: "BAD_REQUEST",
        field: "phone",
      },
    ],
  },

  "catalog.createProduct": {
    caller: "factory.jhb",
    valid: (_fx, key) => ({
      code: "BI-NEW",
      name: "新产品",
      pieceRateFen: 120,
      rejectDeductionFen: 20,
      bom: TENANT_BOM,
      idempotencyKey: key,
    }),
    optional: ["rejectDeductionFen", "idempotencyKey", "bom.0.unitCostFen"],
    freeCodes: ["bom"],
    cases: (fx, key) => [
      {
        name: "code already used",
        input: { code: fx.productCode, name: "重复", pieceRateFen: 1, bom: TENANT_BOM, idempotencyKey: key },
        code: "CONFLICT",
        mentions: fx.productCode,
      },
      {
        name: "empty BOM",
        input: { code: "BI-EMPTY", name: "空", pieceRateFen: 1, bom: [], idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "bom",
      },
      {
        name: "zero per unit",
        input: {
          code: "BI-ZERO",
          name: "零",
          pieceRateFen: 1,
          bom: [{ ...TENANT_BOM[0], qtyPerUnit: 0 }],
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "bom.0.qtyPerUnit",
      },
    ],
  },
  "catalog.updateProduct": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      id: fx.productId,
      code: fx.productCode,
      name: "改名玩具",
      pieceRateFen: 130,
      bom: TENANT_BOM,
      idempotencyKey: key,
    }),
    optional: ["rejectDeductionFen", "bom.0.unitCostFen"],
    freeCodes: ["bom"],
    foreignIds: (fx) => ({ id: fx.yuanye.productId }),
    cases: (fx, key) => [
      {
        name: "code of another product",
        input: {
          id: fx.productId,
          code: fx.otherProductCode,
          name: "撞码",
          pieceRateFen: 1,
          bom: TENANT_BOM,
          idempotencyKey: key,
        },
        code: "CONFLICT",
        mentions: fx.otherProductCode,
      },
    ],
  },

  "batches.create": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      workshopId: "", // filled below: a partner workshop
      productId: fx.productId,
      quantity: 20,
      dueDate: "2026-12-31",
      allowancePct: 2.5,
      tolerancePct: 1,
      note: "加急",
      idempotencyKey: key,
    }),
    optional: ["dueDate", "allowancePct", "tolerancePct", "note"],
    fractional: ["allowancePct", "tolerancePct"],
    foreignIds: (fx) => ({ productId: fx.yuanye.productId }),
    cases: (fx, key) => [
      {
        name: "zero quantity",
        input: { workshopId: "", productId: fx.productId, quantity: 0, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "quantity",
      },
      {
        name: "allowance over 50 %",
        input: { workshopId: "", productId: fx.productId, quantity: 5, allowancePct: 51, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "allowancePct",
      },
      {
        name: "not a date",
        input: { workshopId: "", productId: fx.productId, quantity: 5, dueDate: "2026-02-30", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "dueDate",
      },
    ],
  },
  "batches.close": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      id: fx.closableBatchId,
      writeOffs: fx.closeWriteOffs.map((w, i) => ({ ...w, choice: i === 0 ? "write_off" : "charge" })),
      missingUnitsChoice: "write_off",
      idempotencyKey: key,
    }),
    optional: ["writeOffs", "writeOffs.0.choice", "missingUnitsChoice"],
    foreignIds: (fx) => ({ id: fx.yuanye.batchId }),
    cases: (fx, key) => [
      {
        name: "draft batch",
        input: { id: fx.spareDraftBatchId, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "draft",
      },
      {
        name: "closed batch",
        input: { id: fx.closedBatchId, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "closed",
      },
      {
        name: "cancelled batch",
        input: { id: fx.cancelledBatchId, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cancelled",
      },
      {
        name: "components in transit",
        input: { id: fx.dispatchedBatchId, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        mentions: "in transit",
      },
      {
        name: "a return awaits inspection",
        input: { id: fx.productionBatchId, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        mentions: "await inspection",
      },
      {
        name: "leftovers written off short",
        input: {
          id: fx.closableBatchId,
          writeOffs: fx.closeWriteOffs.map((w, i) => (i === 0 ? { ...w, qty: w.qty + 1 } : w)),
          idempotencyKey: key,
        },
        code: "PRECONDITION_FAILED",
        field: "writeOffs.0.qty",
      },
      {
        name: "leftovers not written off",
        input: { id: fx.closableBatchId, writeOffs: [], idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "writeOffs",
      },
      {
        name: "missing units neither charged nor written off",
        input: {
          id: fx.closableBatchId,
          writeOffs: fx.closeWriteOffs,
          missingUnitsChoice: "forgive",
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "missingUnitsChoice",
      },
    ],
  },
  "batches.cancel": {
    caller: "factory.jhb",
    valid: (fx, key) => ({ id: fx.draftBatchId, reason: "客户取消", idempotencyKey: key }),
    foreignIds: (fx) => ({ id: fx.yuanye.batchId }),
    cases: (fx, key) => [
      {
        name: "after dispatch",
        input: { id: fx.dispatchedBatchId, reason: "晚了", idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cannot cancel",
      },
      {
        name: "already cancelled",
        input: { id: fx.cancelledBatchId, reason: "再取消", idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cancelled",
      },
      {
        name: "blank reason",
        input: { id: fx.draftBatchId, reason: "   ", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "reason",
      },
    ],
  },

  "shipments.dispatch": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      batchId: fx.dispatchedBatchId,
      lines: [{ componentCode: "PART-A", qty: 2 }],
      tripId: fx.tripId,
      idempotencyKey: key,
    }),
    optional: ["tripId"],
    foreignIds: (fx) => ({ batchId: fx.yuanye.batchId, tripId: fx.yuanye.tripId }),
    cases: (fx, key) => [
      {
        name: "beyond the kit",
        input: { batchId: fx.dispatchedBatchId, lines: [{ componentCode: "PART-A", qty: 6 }], idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "lines.0.qty",
      },
      {
        name: "zero quantity",
        input: { batchId: fx.dispatchedBatchId, lines: [{ componentCode: "PART-A", qty: 0 }], idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "lines.0.qty",
      },
      {
        name: "no lines",
        input: { batchId: fx.dispatchedBatchId, lines: [], idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "lines",
      },
      {
        name: "cancelled batch",
        input: { batchId: fx.cancelledBatchId, lines: [{ componentCode: "PART-A", qty: 1 }], idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cancelled",
      },
      {
        name: "closed batch",
        input: { batchId: fx.closedBatchId, lines: [{ componentCode: "CAR-SHELL", qty: 1 }], idempotencyKey: key },
        code: "CONFLICT",
        mentions: "closed",
      },
      {
        name: "both lines and sets",
        input: {
          batchId: fx.dispatchedBatchId,
          lines: [{ componentCode: "PART-A", qty: 1 }],
          sets: 1,
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "sets",
      },
      {
        name: "more sets than the kit has left",
        input: { batchId: fx.dispatchedBatchId, sets: 6, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "sets",
      },
      {
        name: "fractional sets",
        input: { batchId: fx.dispatchedBatchId, sets: 1.5, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "sets",
      },
      {
        name: "a replacement with a blank reason",
        input: {
          batchId: fx.dispatchedBatchId,
          lines: [{ componentCode: "PART-A", qty: 9 }],
          replacement: { reason: "  " },
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "replacement.reason",
      },
      {
        name: "a replacement answering another batch's request",
        input: {
          batchId: fx.dispatchedBatchId,
          lines: [{ componentCode: "PART-B", qty: 2 }],
          replacement: { reason: "补发", requestId: fx.replacementRequestId },
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "replacement.requestId",
      },
      {
        name: "a replacement answering an unknown request",
        input: {
          batchId: fx.dispatchedBatchId,
          lines: [{ componentCode: "PART-B", qty: 2 }],
          replacement: { reason: "补发", requestId: "00000000-0000-4000-8000-000000000000" },
          idempotencyKey: key,
        },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "trip already arrived",
        input: {
          batchId: fx.dispatchedBatchId,
          lines: [{ componentCode: "PART-A", qty: 1 }],
          tripId: fx.arrivedTripId,
          idempotencyKey: key,
        },
        code: "CONFLICT",
        field: "tripId",
      },
    ],
  },
  "shipments.confirmReceipt": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({
      shipmentId: fx.transitShipmentId,
      lines: fx.transitLines,
      note: "点清",
      idempotencyKey: key,
    }),
    optional: ["note"],
    foreignIds: (fx) => ({ shipmentId: fx.huangbai.transitShipmentId }),
    cases: (fx, key) => [
      {
        // More than sent is a surplus, booked with a note; without one it is refused, naming the note.
        name: "more than sent without a note",
        input: {
          shipmentId: fx.transitShipmentId,
          lines: fx.transitLines.map((l, i) => (i === 0 ? { ...l, qtyReceived: l.qtyReceived + 1 } : l)),
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "note",
      },
      {
        name: "already confirmed",
        input: { shipmentId: fx.receivedShipmentId, lines: fx.transitLines, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "already confirmed",
      },
      {
        name: "a return is not confirmed by the workshop",
        input: { shipmentId: fx.pendingReturnId, lines: [], idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "shipmentId",
      },
    ],
  },
  "shipments.requestReplacement": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({
      batchId: fx.productionBatchId,
      shipmentId: fx.receivedShipmentId,
      lines: [{ componentCode: "PART-B", qty: 3 }],
      reason: "压坏 3 个",
      idempotencyKey: key,
    }),
    optional: ["shipmentId"],
    foreignIds: (fx) => ({ batchId: fx.huangbai.batchId, shipmentId: fx.huangbai.transitShipmentId }),
    cases: (fx, key) => [
      {
        name: "a delivery of another batch",
        input: {
          batchId: fx.productionBatchId,
          shipmentId: fx.transitShipmentId,
          lines: [{ componentCode: "PART-B", qty: 1 }],
          reason: "压坏",
          idempotencyKey: key,
        },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "draft batch",
        input: {
          batchId: fx.spareDraftBatchId,
          lines: [{ componentCode: "PART-B", qty: 1 }],
          reason: "压坏",
          idempotencyKey: key,
        },
        code: "CONFLICT",
        mentions: "draft",
      },
      {
        name: "blank reason",
        input: {
          batchId: fx.productionBatchId,
          lines: [{ componentCode: "PART-B", qty: 1 }],
          reason: " ",
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "reason",
      },
    ],
  },
  "shipments.createReturn": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({
      batchId: fx.productionBatchId,
      goodQty: 1,
      defectiveQty: 1,
      unused: [{ componentCode: "PART-A", qty: 1 }],
      scrap: [{ componentCode: "PART-B", qty: 1, reason: "断裂" }],
      note: "第二批",
      idempotencyKey: key,
    }),
    optional: ["unused", "scrap", "tripId", "note"],
    foreignIds: (fx) => ({ batchId: fx.huangbai.batchId }),
    cases: (fx, key) => [
      {
        name: "more finished units than ordered",
        input: { batchId: fx.productionBatchId, goodQty: 9, defectiveQty: 0, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "goodQty",
      },
      {
        name: "more unused than held",
        input: {
          batchId: fx.productionBatchId,
          goodQty: 0,
          defectiveQty: 0,
          unused: [{ componentCode: "PART-A", qty: 8 }],
          idempotencyKey: key,
        },
        code: "PRECONDITION_FAILED",
        field: "unused.0.qty",
      },
      {
        name: "carries nothing",
        input: { batchId: fx.productionBatchId, goodQty: 0, defectiveQty: 0, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "goodQty",
      },
      {
        name: "draft batch",
        input: { batchId: fx.spareDraftBatchId, goodQty: 1, defectiveQty: 0, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "draft",
      },
      {
        name: "cancelled batch",
        input: { batchId: fx.xianghuCancelledBatchId, goodQty: 1, defectiveQty: 0, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cancelled",
      },
    ],
  },
  "shipments.inspectReturn": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      shipmentId: fx.pendingReturnId,
      acceptedQty: 2,
      rejectedQty: 0,
      unusedReceived: [{ componentCode: "PART-A", qty: 1 }],
      note: "验收",
      idempotencyKey: key,
    }),
    optional: ["unusedReceived", "note", "missingQty", "scrappedQty"],
    foreignIds: (fx) => ({ shipmentId: fx.yuanye.returnId }),
    cases: (fx, key) => [
      {
        name: "missing and scrapped on top of a full verdict",
        input: {
          shipmentId: fx.pendingReturnId,
          acceptedQty: 2,
          rejectedQty: 0,
          missingQty: 1,
          scrappedQty: 0,
          unusedReceived: [{ componentCode: "PART-A", qty: 1 }],
          idempotencyKey: key,
        },
        code: "PRECONDITION_FAILED",
        field: "acceptedQty",
      },
      {
        name: "verdict does not cover the units",
        input: { shipmentId: fx.pendingReturnId, acceptedQty: 1, rejectedQty: 0, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "acceptedQty",
      },
      {
        name: "more unused counted than carried",
        input: {
          shipmentId: fx.pendingReturnId,
          acceptedQty: 2,
          rejectedQty: 0,
          unusedReceived: [{ componentCode: "PART-A", qty: 2 }],
          idempotencyKey: key,
        },
        code: "PRECONDITION_FAILED",
        field: "unusedReceived.0.qty",
      },
      {
        name: "already inspected",
        input: { shipmentId: fx.inspectedReturnId, acceptedQty: 0, rejectedQty: 0, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "already inspected",
      },
      {
        name: "a dispatch is not inspected",
        input: { shipmentId: fx.transitShipmentId, acceptedQty: 0, rejectedQty: 0, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "shipmentId",
      },
    ],
  },

  "shipments.dispatchRework": {
    caller: "factory.jhb",
    valid: (fx, key) => ({ batchId: fx.reworkBatchId, qty: 2, tripId: fx.tripId, note: "返工", idempotencyKey: key }),
    optional: ["tripId", "note"],
    foreignIds: (fx) => ({ batchId: fx.yuanye.batchId, tripId: fx.yuanye.tripId }),
    cases: (fx, key) => [
      {
        name: "more than the rejected units at the factory",
        input: { batchId: fx.reworkBatchId, qty: 3, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "qty",
      },
      {
        name: "zero units",
        input: { batchId: fx.reworkBatchId, qty: 0, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "qty",
      },
      {
        name: "a batch with nothing returned yet",
        input: { batchId: fx.dispatchedBatchId, qty: 1, idempotencyKey: key },
        code: "CONFLICT",
        mentions: "cannot dispatchRework",
      },
      {
        name: "a batch with no rejected units",
        input: { batchId: fx.productionBatchId, qty: 1, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "qty",
      },
      {
        name: "an arrived trip",
        input: { batchId: fx.reworkBatchId, qty: 1, tripId: fx.arrivedTripId, idempotencyKey: key },
        code: "CONFLICT",
        field: "tripId",
      },
    ],
  },
  "shipments.receiveRework": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ shipmentId: fx.reworkTransitId, qtyReceived: 0, note: "路上丢了", idempotencyKey: key }),
    optional: ["note"],
    foreignIds: (fx) => ({ shipmentId: fx.huangbai.transitShipmentId }),
    cases: (fx, key) => [
      {
        name: "more than were sent",
        input: { shipmentId: fx.reworkTransitId, qtyReceived: 2, idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "qtyReceived",
      },
      {
        name: "fewer than sent without a note",
        input: { shipmentId: fx.reworkTransitId, qtyReceived: 0, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "note",
      },
      {
        name: "a dispatch is not rework",
        input: { shipmentId: fx.transitShipmentId, qtyReceived: 1, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "shipmentId",
      },
    ],
  },

  "trips.create": {
    caller: "factory.jhb",
    valid: (_fx, key) => ({
      plannedDate: "2026-12-05",
      vehiclePlate: "赣B·J3018",
      driverName: "钟师傅",
      note: "象湖",
      idempotencyKey: key,
    }),
    optional: ["vehiclePlate", "driverName", "note"],
    cases: (_fx, key) => [
      {
        name: "not a date",
        input: { plannedDate: "2026-13-01", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "plannedDate",
      },
    ],
  },
  "trips.advance": {
    caller: "factory.jhb",
    valid: (fx, key) => ({ id: fx.tripId, status: "departed", idempotencyKey: key }),
    foreignIds: (fx) => ({ id: fx.yuanye.tripId }),
    cases: (fx, key) => [
      {
        name: "skips a step",
        input: { id: fx.tripId, status: "arrived", idempotencyKey: key },
        code: "CONFLICT",
        field: "status",
      },
      {
        name: "already arrived",
        input: { id: fx.arrivedTripId, status: "arrived", idempotencyKey: key },
        code: "CONFLICT",
        mentions: "arrived",
      },
      {
        name: "unknown status",
        input: { id: fx.tripId, status: "planned", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "status",
      },
    ],
  },

  "admin.createOrganisation": {
    caller: "admin",
    valid: (_fx, key) => ({
      kind: "workshop",
      name: "坏输入车间",
      shortName: "坏输入",
      workshopMode: "home_based",
      dailyCapacity: 100,
      regionCode: "360781100",
      contactName: "联系人",
      contactPhone: "13900000000",
      idempotencyKey: key,
    }),
    optional: ["dailyCapacity", "contactName", "contactPhone"],
    cases: (_fx, key) => [
      {
        name: "region code of 5 digits",
        input: { kind: "factory", name: "厂", shortName: "厂", regionCode: "36078", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "regionCode",
      },
    ],
  },
  "admin.createSite": {
    caller: "admin",
    valid: (_fx, key) => ({
      organisationId: "", // filled below: 象湖
      kind: "workshop",
      name: "第二车间",
      address: "绵水路 2 号",
      regionCode: "360781100",
      lat: 25.89,
      lng: 116.02,
      idempotencyKey: key,
    }),
    optional: ["address", "regionCode"],
    fractional: ["lat", "lng"],
    cases: (_fx, key) => [
      {
        name: "outside China",
        input: { organisationId: "", kind: "workshop", name: "x", lat: 0, lng: 116, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "lat",
      },
    ],
  },
  "admin.linkPartners": {
    caller: "admin",
    valid: (_fx, key) => ({ factoryId: "", workshopId: "", idempotencyKey: key }), // filled below
    unknownIdCode: { factoryId: "BAD_REQUEST", workshopId: "BAD_REQUEST" },
    cases: (_fx, key) => [
      {
        name: "a workshop as the factory",
        input: { factoryId: "", workshopId: "", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "factoryId",
      },
    ],
  },
  "admin.setUserDisabled": {
    caller: "admin",
    valid: (_fx, key) => ({ userId: "", disabled: false, idempotencyKey: key }), // filled below: lead.huangbai
    cases: (_fx, key) => [
      {
        name: "not a yes or no",
        input: { userId: "", disabled: "yes", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "disabled",
      },
    ],
  },
  "admin.resetPassword": {
    caller: "admin",
    valid: (_fx, key) => ({ userId: "", password: DEMO_PASSWORD, idempotencyKey: key }), // filled below: lead.huangbai
    cases: (_fx, key) => [
      {
        name: "a password of 9 characters",
        input: { userId: "", password: "123456789", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "password",
      },
      {
        name: "the admin's own account",
        input: { userId: "own", password: "a-long-password", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "userId",
      },
    ],
  },
  "admin.createUser": {
    caller: "admin",
    valid: (_fx, key) => ({
      username: "lead.badinput",
      name: "新组长",
      role: "workshop_lead",
      organisationId: "", // filled below: 叶坪
      password: "a-long-password",
      idempotencyKey: key,
    }),
    unknownIdCode: { organisationId: "BAD_REQUEST" },
    cases: (_fx, key) => [
      {
        name: "username taken",
        input: {
          username: "lead.yeping",
          name: "x",
          role: "workshop_lead",
          organisationId: "",
          password: "a-long-password",
          idempotencyKey: key,
        },
        code: "CONFLICT",
        mentions: "lead.yeping",
      },
      {
        name: "short password",
        input: {
          username: "lead.short",
          name: "x",
          role: "workshop_lead",
          organisationId: "",
          password: "short",
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "password",
      },
    ],
  },

  "workforce.createWorker": {
    caller: "lead.xianghu",
    valid: (_fx, key) => ({ ...WORKER, idempotencyKey: key }),
    optional: ["phone", "idNumber"],
    cases: (_fx, key) => [
      {
        name: "identity number with a wrong check digit",
        input: { ...WORKER, idNumber: "360781199001011230", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "idNumber",
      },
      {
        name: "village code of 9 digits",
        input: { ...WORKER, villageCode: "360781100", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "villageCode",
      },
    ],
  },
  "workforce.updateWorker": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ id: fx.workerId, name: "改名工人", phone: "13900000002", idempotencyKey: key }),
    optional: ["name", "phone"],
    foreignIds: (fx) => ({ id: fx.huangbai.workerId }),
  },
  "workforce.leave": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ id: fx.workerId, leftOn: shanghaiDay(), idempotencyKey: key }),
    foreignIds: (fx) => ({ id: fx.huangbai.workerId }),
    cases: (fx, key) => [
      {
        name: "before joining",
        input: { id: fx.workerId, leftOn: "2025-12-31", idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "leftOn",
      },
    ],
  },
  "workforce.importRoster": {
    caller: "lead.xianghu",
    valid: (_fx, key) => ({
      format: "csv",
      contentBase64: rosterCsv("导入工人,,13900000003,360781100001,是,否,否,否,2026-01-05,"),
      idempotencyKey: key,
    }),
    hugeStringCode: { contentBase64: "ROW_ERRORS" },
    cases: (_fx, key) => [
      {
        name: "a row with an impossible date",
        input: {
          format: "csv",
          contentBase64: rosterCsv("坏行,,,360781100001,是,否,否,否,2026-13-45,"),
          idempotencyKey: key,
        },
        code: "ROW_ERRORS",
      },
      {
        name: "not a spreadsheet",
        input: { format: "xlsx", contentBase64: Buffer.from("plain text").toString("base64"), idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "contentBase64",
      },
      {
        name: "more than 2 MB",
        input: { format: "csv", contentBase64: "A".repeat(2_800_001), idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "contentBase64",
      },
    ],
  },
  "workforce.enterPiecework": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({
      batchId: fx.productionBatchId,
      workDate: shanghaiDay(),
      entries: [{ workerId: fx.pieceWorkerId, qty: 1 }],
      idempotencyKey: key,
    }),
    foreignIds: (fx) => ({ batchId: fx.huangbai.batchId }),
    cases: (fx, key) => [
      {
        name: "more than the components received allow",
        input: {
          batchId: fx.productionBatchId,
          workDate: shanghaiDay(),
          entries: [{ workerId: fx.pieceWorkerId, qty: 1000 }],
          idempotencyKey: key,
        },
        code: "PRECONDITION_FAILED",
        field: "entries",
      },
      {
        name: "a future day",
        input: {
          batchId: fx.productionBatchId,
          workDate: shanghaiDay(2),
          entries: [{ workerId: fx.pieceWorkerId, qty: 1 }],
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "workDate",
      },
      {
        name: "before the worker joined",
        input: {
          batchId: fx.productionBatchId,
          workDate: "2025-12-01",
          entries: [{ workerId: fx.pieceWorkerId, qty: 1 }],
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "entries.0.workerId",
      },
      {
        name: "another workshop's worker",
        input: {
          batchId: fx.productionBatchId,
          workDate: shanghaiDay(),
          entries: [{ workerId: fx.huangbai.workerId, qty: 1 }],
          idempotencyKey: key,
        },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "draft batch",
        input: {
          batchId: fx.spareDraftBatchId,
          workDate: shanghaiDay(),
          entries: [{ workerId: fx.pieceWorkerId, qty: 1 }],
          idempotencyKey: key,
        },
        code: "CONFLICT",
        mentions: "draft",
      },
    ],
  },
  "workforce.correctPiecework": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ entryId: fx.pieceworkEntryId, replacementQty: 1, reason: "数错了", idempotencyKey: key }),
    optional: ["replacementQty"],
    cases: (fx, key) => [
      {
        name: "unknown entry",
        input: { entryId: 99_999_999, reason: "x", idempotencyKey: key },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "another workshop's entry",
        input: { entryId: fx.huangbai.pieceworkEntryId, reason: "x", idempotencyKey: key },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "already corrected",
        input: { entryId: fx.correctedEntryId, reason: "再改", idempotencyKey: key },
        code: "CONFLICT",
        field: "entryId",
      },
      {
        name: "a reversing entry",
        input: { entryId: fx.reversingEntryId, reason: "再改", idempotencyKey: key },
        code: "CONFLICT",
        field: "entryId",
      },
      {
        name: "replacement beyond what the components received allow",
        input: { entryId: fx.pieceworkEntryId, replacementQty: 1000, reason: "x", idempotencyKey: key },
        code: "PRECONDITION_FAILED",
        field: "replacementQty",
      },
    ],
  },
  "workforce.issueSignInCode": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ workerId: fx.askerId, idempotencyKey: key }),
    foreignIds: (fx) => ({ workerId: fx.huangbai.workerId }),
    cases: (fx, key) => [
      {
        name: "no mobile number on the roster",
        input: { workerId: fx.phonelessWorkerId, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "workerId",
      },
    ],
  },
  "workforce.endWorkerSessions": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ workerId: fx.pieceWorkerId, idempotencyKey: key }),
    foreignIds: (fx) => ({ workerId: fx.huangbai.workerId }),
  },
  "workforce.answerDispute": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({ disputeId: fx.disputeId, reply: "核对过了，是一个", idempotencyKey: key }),
    cases: (fx, key) => [
      {
        name: "a correction of another entry",
        input: { disputeId: fx.disputeId, correctionEntryId: fx.reversingEntryId, idempotencyKey: key },
        code: "BAD_REQUEST",
        field: "correctionEntryId",
      },
      {
        name: "an unknown correction",
        input: { disputeId: fx.disputeId, correctionEntryId: 999_999_999, idempotencyKey: key },
        code: "NOT_FOUND",
        mentions: "not found",
      },
    ],
  },
  "workforce.recordWagePayment": {
    caller: "lead.xianghu",
    valid: (fx, key) => ({
      workerId: fx.pieceWorkerId,
      month: shanghaiDay().slice(0, 7),
      amountFen: 12_345,
      paidOn: shanghaiDay(),
      method: "cash",
      idempotencyKey: key,
    }),
    foreignIds: (fx) => ({ workerId: fx.huangbai.workerId }),
    cases: (fx, key) => {
      const wage = { workerId: fx.pieceWorkerId, amountFen: 100, method: "cash", idempotencyKey: key };
      const month = shanghaiDay().slice(0, 7);
      return [
        {
          name: "nothing paid",
          input: { ...wage, month, paidOn: shanghaiDay(), amountFen: 0 },
          code: "BAD_REQUEST",
          field: "amountFen",
        },
        {
          name: "a month not begun",
          input: { ...wage, month: "2099-01", paidOn: shanghaiDay() },
          code: "BAD_REQUEST",
          field: "month",
        },
        {
          name: "paid in the future",
          input: { ...wage, month, paidOn: shanghaiDay(3) },
          code: "BAD_REQUEST",
          field: "paidOn",
        },
        {
          name: "an unknown method",
          input: { ...wage, month, paidOn: shanghaiDay(), method: "paypal" },
          code: "BAD_REQUEST",
          field: "method",
        },
      ];
    },
  },
  "settlements.recordPayment": {
    caller: "factory.jhb",
    valid: (_fx, key) => ({
      workshopId: "",
      amountFen: 100,
      paidOn: shanghaiDay(),
      method: "bank",
      reference: "BI-20261201-01",
      idempotencyKey: key,
    }),
    optional: ["reference"],
    cases: (_fx, key) => {
      const payment = { workshopId: "", paidOn: shanghaiDay(), method: "bank", idempotencyKey: key };
      return [
        { name: "nothing paid", input: { ...payment, amountFen: 0 }, code: "BAD_REQUEST", field: "amountFen" },
        {
          name: "above what is owed",
          input: { ...payment, amountFen: 1_000_000_000 },
          code: "PRECONDITION_FAILED",
          field: "amountFen",
        },
        {
          name: "paid in the future",
          input: { ...payment, amountFen: 100, paidOn: shanghaiDay(3) },
          code: "BAD_REQUEST",
          field: "paidOn",
        },
        {
          name: "an unknown method",
          input: { ...payment, amountFen: 100, method: "paypal" },
          code: "BAD_REQUEST",
          field: "method",
        },
      ];
    },
  },
  "me.dispute": {
    caller: WORKER_CALLER,
    valid: (fx, key) => ({ entryId: fx.unquestionedEntryId, note: "这天做了四个", idempotencyKey: key }),
    cases: (fx, key) => [
      {
        name: "a colleague's entry",
        input: { entryId: fx.pieceworkEntryId, note: "?", idempotencyKey: key },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "another workshop's entry",
        input: { entryId: fx.huangbai.pieceworkEntryId, note: "?", idempotencyKey: key },
        code: "NOT_FOUND",
        mentions: "not found",
      },
      {
        name: "already asked and not yet answered",
        input: { entryId: fx.openlyQuestionedEntryId, note: "再问一次", idempotencyKey: key },
        code: "CONFLICT",
        mentions: "already",
      },
    ],
  },
  "employment.updateRules": {
    caller: "official.ruijin",
    valid: (_fx, key) => ({
      ...DEFAULT_MONITORING_RULES,
      effectiveFrom: quarterStartFrom(1),
      regionCode: "360781",
      idempotencyKey: key,
    }),
    optional: ["regionCode"],
    cases: (_fx, key) => {
      const rules = { ...DEFAULT_MONITORING_RULES, idempotencyKey: key };
      return [
        {
          name: "not the first day of a quarter",
          input: { ...rules, effectiveFrom: addMonths(quarterStartFrom(1), 1) },
          code: "BAD_REQUEST",
          field: "effectiveFrom",
        },
        {
          name: "a quarter that has ended",
          input: { ...rules, effectiveFrom: quarterStartFrom(-1) },
          code: "BAD_REQUEST",
          field: "effectiveFrom",
        },
        {
          name: "no 脱贫 worker needed",
          input: { ...rules, effectiveFrom: quarterStartFrom(1), minPoorWorkers: 0 },
          code: "BAD_REQUEST",
          field: "minPoorWorkers",
        },
        {
          name: "insurance as text",
          input: { ...rules, effectiveFrom: quarterStartFrom(1), insuranceRequired: "yes" },
          code: "BAD_REQUEST",
          field: "insuranceRequired",
        },
        {
          name: "another county",
          input: { ...rules, effectiveFrom: quarterStartFrom(1), regionCode: "360703" },
          code: "NOT_FOUND",
          mentions: "not found",
        },
      ];
    },
  },
  "workforce.recordInsurance": {
    caller: "lead.xianghu",
    valid: (_fx, key) => ({
      insurer: "中国人寿",
      policyNumber: "PICC-2026-001",
      coversFrom: "2026-01-01",
      coversTo: "2026-12-31",
      idempotencyKey: key,
    }),
    cases: (_fx, key) => [
      {
        name: "ends before it starts",
        input: {
          insurer: "x",
          policyNumber: "y",
          coversFrom: "2026-06-01",
          coversTo: "2026-05-31",
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "coversTo",
      },
    ],
  },

  "jobs.post": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      siteId: fx.jobs.siteId,
      title: "包装工",
      pay: { kind: "day", minFen: 10000, maxFen: 12000 },
      hours: "8:00–17:00",
      headcount: 2,
      description: "做一天结一天",
      idempotencyKey: key,
    }),
    optional: ["description"],
    foreignIds: (fx) => ({ siteId: fx.otherJobs.siteId }),
    cases: (fx, key) => [
      {
        name: "the highest pay below the lowest",
        input: {
          siteId: fx.jobs.siteId,
          title: "x",
          pay: { kind: "day", minFen: 12000, maxFen: 10000 },
          hours: "x",
          headcount: 1,
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "pay.maxFen",
      },
      {
        name: "an unknown kind of pay",
        input: {
          siteId: fx.jobs.siteId,
          title: "x",
          pay: { kind: "hour", minFen: 1, maxFen: 2 },
          hours: "x",
          headcount: 1,
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "pay.kind",
      },
      {
        name: "nobody wanted",
        input: {
          siteId: fx.jobs.siteId,
          title: "x",
          pay: { kind: "day", minFen: 1, maxFen: 2 },
          hours: "x",
          headcount: 0,
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "headcount",
      },
    ],
  },
  "jobs.close": {
    caller: "factory.jhb",
    valid: (fx, key) => ({ id: fx.jobs.closeJobId, idempotencyKey: key }),
    foreignIds: (fx) => ({ id: fx.otherJobs.closeJobId }),
  },
  "jobs.apply": {
    // No account: the visitor applies with no session at all.
    caller: null,
    valid: (fx, key) => ({
      jobId: fx.jobs.jobId,
      name: "张秀英",
      phone: "13966600001",
      villageCode: "360781103211",
      consent: true,
      idempotencyKey: key,
    }),
    cases: (fx, key) => {
      const apply = { jobId: fx.jobs.jobId, name: "张秀英", villageCode: "360781103211", idempotencyKey: key };
      return [
        {
          name: "a phone number too short",
          input: { ...apply, phone: "1396660", consent: true },
          code: "BAD_REQUEST",
          field: "phone",
        },
        {
          name: "a landline",
          input: { ...apply, phone: "0797-2521234", consent: true },
          code: "BAD_REQUEST",
          field: "phone",
        },
        {
          name: "no consent",
          input: { ...apply, phone: "13966600002", consent: false },
          code: "BAD_REQUEST",
          field: "consent",
        },
        {
          name: "an unknown village",
          input: { ...apply, phone: "13966600003", villageCode: "360781103999", consent: true },
          code: "BAD_REQUEST",
          field: "villageCode",
        },
        {
          name: "a township instead of a village",
          input: { ...apply, phone: "13966600004", villageCode: "360781103", consent: true },
          code: "BAD_REQUEST",
          field: "villageCode",
        },
      ];
    },
  },
  "jobs.hire": {
    caller: "factory.jhb",
    valid: (fx, key) => ({
      applicationId: fx.jobs.hireApplicationId,
      poorHousehold: true,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2026-03-02",
      idempotencyKey: key,
    }),
    foreignIds: (fx) => ({ applicationId: fx.otherJobs.hireApplicationId }),
    cases: (fx, key) => [
      {
        name: "identity number with a wrong check digit",
        input: {
          applicationId: fx.jobs.hireApplicationId,
          poorHousehold: false,
          monitored: false,
          disabled: false,
          returnee: false,
          joinedOn: "2026-03-02",
          idNumber: "360781199001011230",
          idempotencyKey: key,
        },
        code: "BAD_REQUEST",
        field: "idNumber",
      },
    ],
  },
  "jobs.decline": {
    caller: "factory.jhb",
    valid: (fx, key) => ({ applicationId: fx.jobs.declineApplicationId, idempotencyKey: key }),
    foreignIds: (fx) => ({ applicationId: fx.otherJobs.declineApplicationId }),
  },
};

/** Ids the table cannot know before seeding: partner organisations. */
function withOrgs(app: TestApp, path: string, input: Json, caseName?: string): Json {
  const o = app.orgs;
  const fill: Record<string, Record<string, string>> = {
    "batches.create": { workshopId: o.xianghu },
    "admin.createSite": { organisationId: o.xianghu },
    "admin.linkPartners":
      caseName === "a workshop as the factory"
        ? { factoryId: o.xianghu, workshopId: o.yeping }
        : { factoryId: o.yuanye, workshopId: o.yeping },
    "admin.createUser": { organisationId: o.yeping },
    "admin.setUserDisabled": { userId: app.users["lead.huangbai"]?.id ?? "" },
    "admin.resetPassword": { userId: app.users["lead.huangbai"]?.id ?? "" },
    "settlements.recordPayment": { workshopId: o.xianghu },
  };
  const copy = { ...input };
  for (const [k, v] of Object.entries(fill[path] ?? {})) if (copy[k] === "") copy[k] = v;
  if (copy.userId === "own") copy.userId = app.users.admin?.id;
  return copy;
}

/** Another tenant's ids that only exist after seeding. */
function foreignOrgIds(app: TestApp, path: string): Record<string, string> {
  if (path === "batches.create" || path === "settlements.recordPayment") return { workshopId: app.orgs.jiubao };
  return {};
}

/* ------------------------------------- tests -------------------------------------- */

function describeError(outcome: Outcome): { code: string; message: string; field?: string } {
  if (outcome.ok) return { code: "OK", message: "" };
  const error = outcome.error;
  if (!(error instanceof TRPCError)) return { code: `non-tRPC error: ${String(error)}`, message: "" };
  const field = (error.cause as { field?: unknown } | undefined)?.field;
  return { code: error.code, message: error.message, field: typeof field === "string" ? field : undefined };
}

describe.each(STORE_KINDS)("bad input on %s", (kind) => {
  let app: TestApp;
  let fx: Fixtures;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
    fx = await buildFixtures(app);
  });
  afterAll(() => app?.close());

  it("covers every mutation of the router", () => {
    expect(Object.keys(MUTATION_TABLE).sort()).toEqual([...MUTATIONS].sort());
  });

  it.each(MUTATIONS)("%s refuses bad input with a clear error and writes nothing", async (path) => {
    const entry = MUTATION_TABLE[path];
    if (!entry) throw new Error(`${path} has no bad-input entry: add one to MUTATION_TABLE`);
    if ("noInput" in entry) {
      // Nothing to validate: whatever it is sent is ignored, without an error and without a write.
      const before = await tableDigests(app);
      const outcome = await call(app.as("factory.jhb"), path, { junk: "x".repeat(10_000), quantity: -1.5 });
      expect(describeError(outcome).code).toBe("OK");
      expect(changedTables(before, await tableDigests(app))).toEqual([]);
      return;
    }
    const caller =
      entry.caller === WORKER_CALLER
        ? fx.workerCaller
        : entry.caller
          ? app.as(entry.caller)
          : await app.withHeaders(new Headers());
    let n = 0;
    const key = () => `bad-${path}-${++n}`.padEnd(8, "0");
    const valid = withOrgs(app, path, entry.valid(fx, `bad-valid-${path}`));
    const optional = new Set(entry.optional ?? []);
    const fractional = new Set(entry.fractional ?? []);
    const cases: Case[] = [];
    const refuse = (name: string, input: Json, field: string, code: Code = "BAD_REQUEST") =>
      cases.push({ name, input, code, field });

    // Missing fields, top level and inside the first line of each array.
    for (const field of Object.keys(valid)) {
      if (!optional.has(field)) refuse(`missing ${field}`, withAt(valid, [field], undefined), field);
    }
    for (const { path: arrayPath, items } of lineArrays(valid)) {
      for (const field of Object.keys(items[0] ?? {})) {
        const at = `${arrayPath}.0.${field}`;
        if (!optional.has(at)) refuse(`missing ${at}`, withAt(valid, [arrayPath, 0, field], undefined), at);
      }
    }
    for (const leaf of leaves(valid)) {
      const at = dotted(leaf.path);
      if (typeof leaf.value === "number") {
        refuse(`negative ${at}`, withAt(valid, leaf.path, -1), at);
        if (!fractional.has(at)) refuse(`fractional ${at}`, withAt(valid, leaf.path, leaf.value + 0.5), at);
      }
      if (typeof leaf.value === "string") {
        const huge = entry.hugeStringCode?.[at] ?? "BAD_REQUEST";
        refuse(`10,000 characters in ${at}`, withAt(valid, leaf.path, "x".repeat(10_000)), at, huge);
        // PostgreSQL's text refuses NUL: it must never reach the database (a 500 that leaked SQL and parameters).
        refuse(`NUL in ${at}`, withAt(valid, leaf.path, `${leaf.value}\u0000x`), at);
        refuse(`escape character in ${at}`, withAt(valid, leaf.path, `\u001b[31m${leaf.value}`), at);
        if (isIdField(leaf.path)) {
          refuse(`malformed ${at}`, withAt(valid, leaf.path, "not-a-uuid"), at);
          const code = entry.unknownIdCode?.[at] ?? "NOT_FOUND";
          cases.push({
            name: `unknown ${at}`,
            input: withAt(valid, leaf.path, randomUUID()),
            code,
            ...(code === "NOT_FOUND" ? { mentions: "not found" } : { field: at }),
          });
        }
      }
    }
    const foreign = { ...(entry.foreignIds?.(fx) ?? {}), ...foreignOrgIds(app, path) };
    for (const [field, id] of Object.entries(foreign)) {
      cases.push({
        name: `another tenant's ${field}`,
        input: { ...valid, [field]: id },
        code: "NOT_FOUND",
        mentions: "not found",
      });
    }
    if ("idempotencyKey" in valid) {
      refuse("idempotencyKey of 7 characters", { ...valid, idempotencyKey: "1234567" }, "idempotencyKey");
      refuse("idempotencyKey of 129 characters", { ...valid, idempotencyKey: "k".repeat(129) }, "idempotencyKey");
    }
    for (const { path: arrayPath, items, components } of lineArrays(valid)) {
      refuse(
        `duplicate line in ${arrayPath}`,
        { ...valid, [arrayPath]: [...items, items[0]] },
        `${arrayPath}.${items.length}`,
      );
      if (components && !entry.freeCodes?.includes(arrayPath)) {
        refuse(
          `unknown component in ${arrayPath}`,
          withAt(valid, [arrayPath, 0, "componentCode"], "NO-SUCH-PART"),
          `${arrayPath}.0.componentCode`,
        );
      }
    }
    for (const c of entry.cases?.(fx, "bad-case-key") ?? []) {
      cases.push({ ...c, input: withOrgs(app, path, c.input, c.name) });
    }
    expect(cases.length).toBeGreaterThan(3);

    let before = await tableDigests(app);
    for (const c of cases) {
      const input =
        "idempotencyKey" in c.input && c.input.idempotencyKey === "bad-case-key"
          ? { ...c.input, idempotencyKey: key() }
          : c.input;
      const outcome = await call(caller, path, input);
      const error = describeError(outcome);
      const label = `${path}: ${c.name}`;
      if (c.code === "ROW_ERRORS") {
        expect(error.code, `${label} → ${error.message}`).toBe("OK");
        const answer = (outcome.ok ? outcome.data : {}) as { imported?: number; errors?: unknown[] };
        expect(answer.imported, label).toBe(0);
        expect(answer.errors?.length, label).toBeGreaterThan(0);
        const after = await tableDigests(app);
        expect(changedTables(before, after), `${label}: wrote`).toEqual([]);
        before = after;
        continue;
      }
      expect(error.code, `${label} → ${error.message}`).toBe(c.code);
      if (c.field) {
        const named = error.message.includes(c.field) || error.field === c.field;
        expect(named, `${label}: "${error.message}" (field ${error.field}) does not name ${c.field}`).toBe(true);
      }
      if (c.mentions) expect(error.message, label).toContain(c.mentions);
      expect(error.message.length, `${label}: the message echoes the input`).toBeLessThan(1000);
      const after = await tableDigests(app);
      const wrote = changedTables(before, after).filter(
        (t) => !("refusalWrites" in entry && entry.refusalWrites?.includes(t)),
      );
      expect(wrote, `${label}: wrote`).toEqual([]);
      before = after;
    }

    // The untouched input is accepted: each refusal above was about the one thing that was changed.
    const accepted = await call(caller, path, valid);
    expect(describeError(accepted).code, `${path} with the valid input: ${describeError(accepted).message}`).toBe("OK");
  });
});
