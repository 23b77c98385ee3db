/**
 * Authorisation matrix: every procedure of the app router × every demo role (and the signed-out) against
 * records of ANOTHER organisation. A denied call must carry the policy's code, return nothing of the other
 * tenant and write nothing; a list must hold only the caller's own rows. Each input is one the record's
 * owner can run successfully (the owner does so at the end of each row), so a denial is authorisation,
 * not validation or state.
 */
import { schema } from "@kitflow/db";
import { addMonths, DEFAULT_MONITORING_RULES, periodOf, type Role } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../apps/server/src/seed/reference";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { DEMO_ACCOUNTS } from "../support/demo-accounts";
import { outcomeCode } from "../support/errors";
import { buildJobFixture, type JobFixture } from "../support/job-fixtures";
import { call, isMutation, PROCEDURE_PATHS } from "../support/procedures";
import { rosterCsv } from "../support/roster-file";
import { shanghaiDay, shanghaiMonth, shanghaiQuarter } from "../support/shanghai-calendar";
import { STORE_KINDS } from "../support/stores";
import { buildTenant, TENANT_WORKER, type Tenant as TenantRecords } from "../support/tenant";
import { type SignedInWorker, signInAsWorker, signInPieceWorker } from "../support/worker-session";

/* ------------------------------------ fixtures ------------------------------------ */

const TENANT_KEYS = ["xianghu", "huangbai", "jiubao"] as const;
type TenantKey = (typeof TENANT_KEYS)[number];

/** One workshop's records (tests/support/tenant.ts), each in the state its matrix operation needs. */
interface Tenant extends TenantRecords, SignedInWorker {
  key: TenantKey;
  /** The account of the tenant's workshop lead, for the admin's account procedures. */
  leadUserId: string;
  /** A workshop outside the official's region, made by the admin. */
  outsideWorkshopId: string;
  /** The tenant factory's job postings and applications (jobs near home). */
  jobs: JobFixture;
}

/** Each tenant's piece worker has its own mobile number, to sign in with. */
const WORKER_PHONES: Record<TenantKey, string> = {
  xianghu: "13700009001",
  huangbai: "13700009002",
  jiubao: "13700009003",
};

const OWNERS: Record<TenantKey, { factory: string; lead: string }> = {
  xianghu: { factory: "factory.jhb", lead: "lead.xianghu" },
  huangbai: { factory: "factory.jhb", lead: "lead.huangbai" },
  jiubao: { factory: "factory.yuanye", lead: "lead.jiubao" },
};

async function buildAuthzTenant(app: TestApp, key: TenantKey, outsideWorkshopId: string): Promise<Tenant> {
  const records = await buildTenant(app, { ...OWNERS[key], workshop: key, label: `authz-${key}` });
  const worker = await signInPieceWorker(app, records, WORKER_PHONES[key], `authz-${key}-worker`);
  const leadUserId = app.users[OWNERS[key].lead]?.id ?? "";
  const jobs = await buildJobFixture(app, { factory: OWNERS[key].factory, factoryId: records.factoryId, label: key });
  return { ...records, ...worker, key, leadUserId, outsideWorkshopId, jobs };
}

/* ------------------------------------- actors ------------------------------------- */

interface ActorSpec {
  name: string;
  username: string | null;
  role: Role | null;
  /** For a worker: the workshop whose roster it is on (it has no username and no password). */
  workerOf?: TenantKey;
}

const ACTORS: ActorSpec[] = [
  // The matrix is by role and a county's official stands for the role; what a prefecture's official may
  // call is in official-prefecture.test.ts.
  ...DEMO_ACCOUNTS.filter(({ username }) => username !== "official.ganzhou").map(({ username, role }) => ({
    name: username,
    username,
    role,
  })),
  { name: "worker.xianghu", username: null, role: "worker", workerOf: "xianghu" },
  { name: "signed-out", username: null, role: null },
];

/** The tenants whose records are NOT the actor's: its own factory's and its own workshop's are left out. */
function foreignTenants(actor: ActorSpec, tenants: Record<TenantKey, Tenant>): Tenant[] {
  return TENANT_KEYS.map((k) => tenants[k]).filter(
    (t) => actor.username !== t.factory && actor.username !== t.lead && actor.workerOf !== t.key,
  );
}

/* ---------------------------------- the matrix ----------------------------------- */

type Kind =
  /** Names one record of another tenant: a permitted role gets NOT_FOUND; the admin oversees every tenant. */
  | "record"
  /** Lists rows: a permitted role gets only what its own organisation may see. */
  | "listing"
  /** Makes something new that names no other tenant's record: it must belong to the caller. */
  | "creates"
  /** Concerns only the caller's own identity, session or region (an official's monitoring rules). */
  | "self"
  /** Public: the other tenant's account with a wrong password. */
  | "credentials"
  /** Public, no account needed (jobs near home): every caller, signed in or not, is served alike. */
  | "public";

interface Entry {
  kind: Kind;
  /** Roles the procedure admits; every other role gets FORBIDDEN and the signed-out UNAUTHORIZED. */
  roles: readonly Role[] | "anyone";
  /** Valid inputs aimed at the other tenant's records (several for lists: plain and filtered). */
  inputs: (t: Tenant, key: string) => unknown[];
  /** The record a "record" input names, so an allowed reader is shown to get exactly it. */
  target?: (t: Tenant) => string;
  /** Tables a permitted call may change (mutations also write audit_events and idempotency_records). */
  writes?: string[];
  /** For "creates": the organisation the new record belongs to. */
  ownerOf?: (result: unknown) => unknown;
  /** For "listing": ids the owner of the tenant must find in its own list. */
  ownerSees?: (t: Tenant) => string[];
  /** Sign-in and sign-out cost a password hash each and ignore whose tenant is named: once per actor is enough. */
  oncePerActor?: true;
  /** For "listing": filters naming the other tenant's record or region; a permitted non-admin gets NOT_FOUND. */
  notFoundInputs?: (t: Tenant) => unknown[];
  /** Tables a refused call still writes: a failed worker sign-in is counted against its phone and address. */
  refusalWrites?: string[];
  /** For "credentials": the tenant's owner signs in with the right secret; returns the organisation it lands in. */
  ownerSignsIn?: (app: TestApp, t: Tenant) => Promise<string | null>;
  /**
   * The official acts on records of firms in its region (a 就业之家 posts jobs and reads applicants on a
   * firm's behalf): for it the call is allowed, not refused.
   */
  officialInRegion?: true;
  /** Whose record it is, when only one of the tenant's owners holds it (a job posting is its factory's). */
  ownedBy?: "factory" | "lead";
}

const ALL_SIGNED_IN: Role[] = ["factory_manager", "workshop_lead", "official", "admin", "worker"];
const OPERATORS: Role[] = ["factory_manager", "workshop_lead", "admin"];
const FACTORY: Role[] = ["factory_manager"];
const LEAD: Role[] = ["workshop_lead"];
const ADMIN: Role[] = ["admin"];
const WORKER: Role[] = ["worker"];

const one = (input: unknown) => [input];
/** A township of 赣州经开区, outside the official's region (瑞金市 360781). */
const OTHER_REGION_TOWNSHIP = "360703101";
const OTHER_REGION_VILLAGE = "360703101001";
const TENANT_VILLAGE = TENANT_WORKER.villageCode;

/** Monitoring rules take effect on the first day of a quarter, never one that has ended. */
const nextQuarterStart = () => addMonths(periodOf(shanghaiQuarter()).from, 3);

const factoryIdOf = (r: unknown) => (r as { factoryId?: unknown }).factoryId;
const FIRMS: Role[] = ["workshop_lead", "factory_manager"];
const POSTERS: Role[] = ["workshop_lead", "factory_manager", "official"];
/** Each public call is its own applicant: a phone number from the call's key. */
let applicantCount = 0;
const applicantPhone = () => `1368${String(++applicantCount).padStart(7, "0")}`;

const MATRIX: Record<string, Entry> = {
  "auth.signIn": {
    kind: "credentials",
    roles: "anyone",
    inputs: (t) => one({ username: t.lead, password: "not-the-password" }),
    oncePerActor: true,
    // Every attempt is counted against the account and the address, refused or not.
    refusalWrites: ["sign_in_throttle"],
    ownerSignsIn: async (app, t) => {
      const anonymous = await app.withHeaders(new Headers(), `10.8.0.${t.key}`);
      return (await anonymous.auth.signIn({ username: t.lead, password: DEMO_PASSWORD })).user.organisationId;
    },
  },
  "auth.workerSignIn": {
    kind: "credentials",
    roles: "anyone",
    // The other tenant's worker's phone with a code that is not its code.
    inputs: (t) => one({ phone: t.pieceWorkerPhone, code: "ZZZZZZ" }),
    oncePerActor: true,
    refusalWrites: ["sign_in_throttle"],
    ownerSignsIn: async (app, t) => {
      const worker = { id: t.pieceWorkerId, phone: t.pieceWorkerPhone };
      const session = await signInAsWorker(app, app.as(t.lead), worker, `authz-owner-${t.key}`);
      return (await session.caller.auth.me()).organisationId;
    },
  },
  "auth.me": { kind: "self", roles: ALL_SIGNED_IN, inputs: () => one(undefined) },
  "auth.signOut": {
    kind: "self",
    roles: ALL_SIGNED_IN,
    inputs: () => one(undefined),
    writes: ["session"],
    oncePerActor: true,
  },

  "admin.listOrganisations": { kind: "listing", roles: ADMIN, inputs: () => one(undefined) },
  "admin.listRegions": { kind: "listing", roles: ADMIN, inputs: () => one(undefined) },
  "admin.createOrganisation": {
    kind: "creates",
    roles: ADMIN,
    writes: ["organisations"],
    inputs: (t, key) =>
      one({
        kind: "workshop",
        name: `矩阵车间 ${key}`,
        shortName: `矩阵 ${t.key}`,
        workshopMode: "premises",
        regionCode: "360781100",
        idempotencyKey: key,
      }),
  },
  "admin.createSite": {
    kind: "record",
    roles: ADMIN,
    writes: ["sites"],
    target: (t) => t.workshopId,
    inputs: (t, key) =>
      one({
        organisationId: t.workshopId,
        kind: "workshop",
        name: "矩阵站点",
        lat: 25.9,
        lng: 116.0,
        idempotencyKey: key,
      }),
  },
  "admin.linkPartners": {
    kind: "record",
    roles: ADMIN,
    writes: ["partnerships"],
    target: (t) => t.workshopId,
    inputs: (t, key) => one({ factoryId: t.factoryId, workshopId: t.workshopId, idempotencyKey: key }),
  },
  "admin.createUser": {
    kind: "record",
    roles: ADMIN,
    writes: ["user", "account"],
    target: (t) => t.workshopId,
    inputs: (t, key) =>
      one({
        username: key.toLowerCase().replace(/[^a-z0-9_.]/g, "."),
        name: "矩阵账号",
        role: "workshop_lead",
        organisationId: t.workshopId,
        password: "matrix-password-1",
        idempotencyKey: key,
      }),
  },
  "admin.listUsers": { kind: "listing", roles: ADMIN, inputs: () => one(undefined) },
  "admin.setUserDisabled": {
    kind: "record",
    roles: ADMIN,
    writes: ["user", "session"],
    target: (t) => t.leadUserId,
    // Enabling an enabled account: the lead's password sign-in later in the matrix must still work.
    inputs: (t, key) => one({ userId: t.leadUserId, disabled: false, idempotencyKey: key }),
  },
  "admin.resetPassword": {
    kind: "record",
    roles: ADMIN,
    writes: ["account", "session"],
    target: (t) => t.leadUserId,
    inputs: (t, key) => one({ userId: t.leadUserId, password: DEMO_PASSWORD, idempotencyKey: key }),
  },
  "admin.auditLog": { kind: "listing", roles: ADMIN, inputs: () => one({ from: shanghaiDay(), to: shanghaiDay() }) },
  "admin.exportAuditLog": {
    kind: "listing",
    roles: ADMIN,
    inputs: () => one({ from: shanghaiDay(), to: shanghaiDay(), format: "csv" }),
  },

  "catalog.listProducts": {
    kind: "listing",
    roles: FACTORY,
    inputs: () => one(undefined),
    ownerSees: (t) => [t.productId],
  },
  "catalog.getProduct": {
    kind: "record",
    roles: FACTORY,
    target: (t) => t.productId,
    inputs: (t) => one({ id: t.productId }),
  },
  "catalog.createProduct": {
    kind: "creates",
    roles: FACTORY,
    writes: ["products", "bom_lines"],
    ownerOf: factoryIdOf,
    // The other tenant's product code: creating it must neither fail nor reveal that the code is taken there.
    inputs: (t, key) =>
      one({ code: t.productCode, name: "同码产品", pieceRateFen: 50, bom: t.bom, idempotencyKey: key }),
  },
  "catalog.updateProduct": {
    kind: "record",
    roles: FACTORY,
    writes: ["products", "bom_lines"],
    target: (t) => t.productId,
    inputs: (t, key) =>
      one({
        id: t.productId,
        code: t.productCode,
        name: "改名产品",
        pieceRateFen: 120,
        bom: t.bom,
        idempotencyKey: key,
      }),
  },

  "partners.list": {
    kind: "listing",
    roles: ["factory_manager", "workshop_lead"],
    inputs: () => one(undefined),
    ownerSees: (t) => [t.workshopId, t.factoryId],
  },

  "batches.create": {
    kind: "record",
    roles: FACTORY,
    writes: ["batches", "batch_kit_lines"],
    target: (t) => t.workshopId,
    inputs: (t, key) => one({ workshopId: t.workshopId, productId: t.productId, quantity: 5, idempotencyKey: key }),
  },
  "batches.list": {
    kind: "listing",
    roles: OPERATORS,
    inputs: (t) => [{ limit: 100 }, { workshopId: t.workshopId, limit: 100 }, { status: "draft", limit: 100 }],
    ownerSees: (t) => [t.draftBatchId, t.productionBatchId, t.closableBatchId],
  },
  "batches.get": {
    kind: "record",
    roles: OPERATORS,
    target: (t) => t.productionBatchId,
    inputs: (t) => one({ id: t.productionBatchId }),
  },
  "batches.closePreview": {
    kind: "record",
    roles: FACTORY,
    target: (t) => t.closableBatchId,
    inputs: (t) => one({ id: t.closableBatchId, missingUnitsChoice: "write_off" }),
  },
  "batches.close": {
    kind: "record",
    roles: FACTORY,
    writes: ["batches", "ledger_entries", "batch_deductions"],
    target: (t) => t.closableBatchId,
    inputs: (t, key) =>
      one({ id: t.closableBatchId, writeOffs: t.closeWriteOffs, missingUnitsChoice: "write_off", idempotencyKey: key }),
  },
  "batches.cancel": {
    kind: "record",
    roles: FACTORY,
    writes: ["batches"],
    target: (t) => t.draftBatchId,
    inputs: (t, key) => one({ id: t.draftBatchId, reason: "矩阵测试", idempotencyKey: key }),
  },

  "shipments.dispatch": {
    kind: "record",
    roles: FACTORY,
    writes: ["shipments", "shipment_lines", "ledger_entries", "batches"],
    target: (t) => t.dispatchedBatchId,
    inputs: (t, key) =>
      one({
        batchId: t.dispatchedBatchId,
        lines: [{ componentCode: "PART-A", qty: 1 }],
        tripId: t.tripId,
        idempotencyKey: key,
      }),
  },
  "shipments.confirmReceipt": {
    kind: "record",
    roles: LEAD,
    writes: ["shipments", "shipment_lines", "ledger_entries", "batches"],
    target: (t) => t.transitShipmentId,
    inputs: (t, key) => one({ shipmentId: t.transitShipmentId, lines: t.transitLines, idempotencyKey: key }),
  },
  "shipments.createReturn": {
    kind: "record",
    roles: LEAD,
    writes: ["shipments", "shipment_lines", "ledger_entries", "batches"],
    target: (t) => t.productionBatchId,
    inputs: (t, key) =>
      one({ batchId: t.productionBatchId, goodQty: 1, defectiveQty: 0, unused: [], scrap: [], idempotencyKey: key }),
  },
  "shipments.inspectReturn": {
    kind: "record",
    roles: FACTORY,
    writes: ["shipments", "shipment_lines", "ledger_entries"],
    target: (t) => t.pendingReturnId,
    inputs: (t, key) =>
      one({
        shipmentId: t.pendingReturnId,
        acceptedQty: 2,
        rejectedQty: 0,
        unusedReceived: [{ componentCode: "PART-A", qty: 1 }],
        idempotencyKey: key,
      }),
  },
  "shipments.requestReplacement": {
    kind: "record",
    roles: LEAD,
    writes: ["replacement_requests"],
    target: (t) => t.productionBatchId,
    inputs: (t, key) =>
      one({
        batchId: t.productionBatchId,
        shipmentId: t.receivedShipmentId,
        lines: [{ componentCode: "PART-A", qty: 1 }],
        reason: "矩阵测试：压坏",
        idempotencyKey: key,
      }),
  },
  "shipments.replacementRequests": {
    kind: "listing",
    roles: OPERATORS,
    inputs: (t) => [{ limit: 100 }, { batchId: t.productionBatchId, limit: 100 }, { status: "open", limit: 100 }],
    ownerSees: (t) => [t.replacementRequestId],
  },
  "shipments.dispatchRework": {
    kind: "record",
    roles: FACTORY,
    writes: ["shipments"],
    target: (t) => t.reworkBatchId,
    inputs: (t, key) => one({ batchId: t.reworkBatchId, qty: 1, idempotencyKey: key }),
  },
  "shipments.receiveRework": {
    kind: "record",
    roles: LEAD,
    writes: ["shipments"],
    target: (t) => t.reworkTransitId,
    inputs: (t, key) => one({ shipmentId: t.reworkTransitId, qtyReceived: 1, idempotencyKey: key }),
  },
  "shipments.get": {
    kind: "record",
    roles: OPERATORS,
    target: (t) => t.transitShipmentId,
    inputs: (t) => one({ id: t.transitShipmentId }),
  },
  "shipments.list": {
    kind: "listing",
    roles: OPERATORS,
    inputs: (t) => [{ limit: 100 }, { batchId: t.productionBatchId, limit: 100 }, { pending: true, limit: 100 }],
    ownerSees: (t) => [t.transitShipmentId, t.pendingReturnId],
  },

  "trips.create": {
    kind: "creates",
    roles: FACTORY,
    writes: ["trips"],
    ownerOf: factoryIdOf,
    inputs: (t, key) => one({ plannedDate: "2026-12-02", note: `for ${t.key}`, idempotencyKey: key }),
  },
  "trips.get": {
    kind: "record",
    roles: OPERATORS,
    target: (t) => t.tripId,
    inputs: (t) => one({ id: t.tripId }),
  },
  "trips.list": {
    kind: "listing",
    roles: ["factory_manager", "workshop_lead"],
    inputs: () => one({ limit: 100 }),
    ownerSees: (t) => [t.tripId],
  },
  "trips.advance": {
    kind: "record",
    roles: FACTORY,
    writes: ["trips"],
    target: (t) => t.tripId,
    inputs: (t, key) => one({ id: t.tripId, status: "departed", idempotencyKey: key }),
  },

  "settlements.monthly": {
    kind: "listing",
    roles: ["factory_manager", "workshop_lead"],
    inputs: () => one({ month: shanghaiMonth() }),
    notFoundInputs: (t) => [{ month: shanghaiMonth(), workshopId: t.workshopId }],
    ownerSees: (t) => [t.closableBatchId],
  },
  "settlements.recordPayment": {
    kind: "record",
    roles: FACTORY,
    writes: ["settlement_payments"],
    target: (t) => t.workshopId,
    // One fen of what the demo's closed batches leave owed to the tenant's workshop.
    inputs: (t, key) =>
      one({ workshopId: t.workshopId, amountFen: 1, paidOn: shanghaiDay(), method: "bank", idempotencyKey: key }),
  },
  "settlements.payments": {
    kind: "listing",
    roles: ["factory_manager", "workshop_lead"],
    inputs: () => [{}, undefined],
    notFoundInputs: (t) => [{ workshopId: t.workshopId }],
  },
  "settlements.balances": {
    kind: "listing",
    roles: ["factory_manager", "workshop_lead"],
    inputs: () => [{}, undefined],
    notFoundInputs: (t) => [{ workshopId: t.workshopId }],
    ownerSees: (t) => [t.workshopId, t.factoryId],
  },
  "settlements.statement": {
    kind: "record",
    roles: FACTORY,
    target: (t) => t.workshopId,
    inputs: (t) => one({ month: shanghaiMonth(), workshopId: t.workshopId }),
  },
  "overview.factory": { kind: "listing", roles: FACTORY, inputs: () => one(undefined) },

  "map.sites": {
    kind: "listing",
    roles: ["factory_manager", "official", "admin"],
    inputs: () => [
      { bbox: [115.5, 25.5, 116.5, 26.5], zoom: 10 },
      { bbox: [73, 3, 136, 54], zoom: 3, kinds: ["factory", "workshop"] },
    ],
    ownerSees: (t) => [t.workshopId],
  },
  "map.flows": {
    kind: "listing",
    roles: FACTORY,
    inputs: () => one(undefined),
    ownerSees: (t) => [t.workshopId],
  },
  "map.villages": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one(undefined),
    notFoundInputs: () => [{ townshipCode: OTHER_REGION_TOWNSHIP }],
  },
  "map.coverage": {
    kind: "listing",
    roles: ["official", "admin"],
    inputs: () => one(undefined),
    notFoundInputs: () => [{ townshipCode: OTHER_REGION_TOWNSHIP }],
  },
  "map.places": { kind: "listing", roles: ["factory_manager", "official", "admin"], inputs: () => one(undefined) },

  "workforce.roster": {
    kind: "listing",
    roles: LEAD,
    inputs: () => [undefined, { includeLeft: true }],
    ownerSees: (t) => [t.workerId, t.pieceWorkerId],
  },
  "workforce.villages": { kind: "listing", roles: LEAD, inputs: () => one(undefined) },
  "workforce.createWorker": {
    kind: "creates",
    roles: LEAD,
    writes: ["workers"],
    inputs: (t, key) => one({ ...TENANT_WORKER, name: `新工人 ${t.key}`, idempotencyKey: key }),
  },
  "workforce.updateWorker": {
    kind: "record",
    roles: LEAD,
    writes: ["workers", "worker_months", "worker_quarters"],
    target: (t) => t.workerId,
    inputs: (t, key) => one({ id: t.workerId, name: "改名工人", idempotencyKey: key }),
  },
  "workforce.leave": {
    kind: "record",
    roles: LEAD,
    writes: ["workers", "worker_months", "worker_quarters"],
    target: (t) => t.workerId,
    inputs: (t, key) => one({ id: t.workerId, leftOn: shanghaiDay(), idempotencyKey: key }),
  },
  "workforce.importRoster": {
    kind: "creates",
    roles: LEAD,
    writes: ["workers"],
    inputs: (t, key) =>
      one({
        format: "csv",
        contentBase64: rosterCsv(`导入工人 ${t.key},,13900000001,360781100001,是,否,否,否,2026-01-05,`),
        idempotencyKey: key,
      }),
  },
  "workforce.exportRoster": { kind: "listing", roles: LEAD, inputs: () => one({ format: "csv" }) },
  "workforce.pieceworkBatches": {
    kind: "listing",
    roles: LEAD,
    inputs: () => one(undefined),
    ownerSees: (t) => [t.productionBatchId],
  },
  "workforce.enterPiecework": {
    kind: "record",
    roles: LEAD,
    writes: ["piecework_entries", "worker_months", "worker_quarters"],
    target: (t) => t.productionBatchId,
    inputs: (t, key) =>
      one({
        batchId: t.productionBatchId,
        workDate: shanghaiDay(),
        entries: [{ workerId: t.pieceWorkerId, qty: 1 }],
        idempotencyKey: key,
      }),
  },
  "workforce.correctPiecework": {
    kind: "record",
    roles: LEAD,
    writes: ["piecework_entries", "worker_months", "worker_quarters"],
    inputs: (t, key) => one({ entryId: t.pieceworkEntryId, reason: "数错了", idempotencyKey: key }),
  },
  "workforce.piecework": {
    kind: "listing",
    roles: LEAD,
    inputs: (t) => [undefined, { batchId: t.productionBatchId }, { workerId: t.pieceWorkerId }],
    ownerSees: (t) => [t.pieceWorkerId],
  },
  "workforce.payStatement": {
    kind: "record",
    roles: LEAD,
    target: (t) => t.pieceWorkerId,
    inputs: (t) => one({ workerId: t.pieceWorkerId, month: shanghaiMonth() }),
  },
  "workforce.workshopPay": {
    kind: "listing",
    roles: LEAD,
    inputs: () => one({ month: shanghaiMonth() }),
    ownerSees: (t) => [t.pieceWorkerId],
  },
  "workforce.insurance": { kind: "listing", roles: LEAD, inputs: () => one(undefined) },
  "workforce.recordInsurance": {
    kind: "creates",
    roles: LEAD,
    writes: ["workshop_insurance"],
    inputs: (_t, key) =>
      one({
        insurer: "中国人寿",
        policyNumber: key.slice(-60),
        coversFrom: "2026-01-01",
        coversTo: "2026-12-31",
        idempotencyKey: key,
      }),
  },

  "workforce.issueSignInCode": {
    kind: "record",
    roles: LEAD,
    writes: ["worker_sign_in_codes"],
    target: (t) => t.pieceWorkerId,
    inputs: (t, key) => one({ workerId: t.pieceWorkerId, idempotencyKey: key }),
  },
  "workforce.endWorkerSessions": {
    kind: "record",
    roles: LEAD,
    writes: ["session", "worker_sign_in_codes"],
    target: (t) => t.pieceWorkerId,
    inputs: (t, key) => one({ workerId: t.pieceWorkerId, idempotencyKey: key }),
  },
  "workforce.signInStatus": {
    kind: "listing",
    roles: LEAD,
    inputs: () => one(undefined),
    ownerSees: (t) => [t.pieceWorkerId],
  },
  "workforce.disputes": {
    kind: "listing",
    roles: LEAD,
    inputs: () => one(undefined),
    ownerSees: (t) => [t.disputeId],
  },
  "workforce.answerDispute": {
    kind: "record",
    roles: LEAD,
    writes: ["piecework_disputes"],
    target: (t) => t.disputeId,
    inputs: (t, key) => one({ disputeId: t.disputeId, reply: "已核对，数量无误", idempotencyKey: key }),
  },
  "workforce.recordWagePayment": {
    kind: "record",
    roles: LEAD,
    writes: ["wage_payments"],
    target: (t) => t.pieceWorkerId,
    inputs: (t, key) =>
      one({
        workerId: t.pieceWorkerId,
        month: shanghaiMonth(),
        amountFen: 100,
        paidOn: shanghaiDay(),
        method: "cash",
        idempotencyKey: key,
      }),
  },
  "workforce.wagePayments": { kind: "listing", roles: LEAD, inputs: () => one({ month: shanghaiMonth() }) },

  "me.piecework": { kind: "self", roles: WORKER, inputs: () => one({ month: shanghaiMonth() }) },
  "me.pay": { kind: "self", roles: WORKER, inputs: () => one({ month: shanghaiMonth() }) },
  "me.dispute": {
    kind: "record",
    roles: WORKER,
    writes: ["piecework_disputes"],
    // The other tenant's worker's entry: a worker questions its own entries only.
    inputs: (t, key) => one({ entryId: t.unquestionedEntryId, note: "这天数量不对", idempotencyKey: key }),
  },

  "employment.overview": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one({ period: shanghaiMonth() }),
    notFoundInputs: () => [{ period: shanghaiMonth(), regionCode: OTHER_REGION_TOWNSHIP }],
  },
  // Only a prefecture's official is admitted, and the matrix's official is a county's: every actor here is
  // refused. The prefecture official's own view is tested in official-prefecture.test.ts.
  "employment.prefectureOverview": { kind: "listing", roles: [], inputs: () => one({ period: shanghaiQuarter() }) },
  "employment.trend": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one({ through: shanghaiMonth() }),
    notFoundInputs: () => [{ through: shanghaiMonth(), regionCode: OTHER_REGION_TOWNSHIP }],
  },
  "employment.monitoring": { kind: "listing", roles: ["official"], inputs: () => one({ quarter: shanghaiQuarter() }) },
  "employment.monitoringRoster": {
    kind: "listing",
    roles: ["official"],
    // The workshops in the official's region are its to monitor; one outside it is not.
    inputs: (t) => one({ workshopId: t.workshopId, quarter: shanghaiQuarter() }),
    notFoundInputs: (t) => [{ workshopId: t.outsideWorkshopId, quarter: shanghaiQuarter() }],
  },
  "employment.villageWorkshops": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one({ villageCode: TENANT_VILLAGE, period: shanghaiQuarter() }),
    notFoundInputs: () => [{ villageCode: OTHER_REGION_VILLAGE, period: shanghaiQuarter() }],
  },
  "employment.workshopDetail": {
    kind: "listing",
    roles: ["official"],
    // A workshop of the official's region opens; one outside it does not exist for the official.
    inputs: (t) => one({ workshopId: t.workshopId, quarter: shanghaiQuarter() }),
    notFoundInputs: (t) => [{ workshopId: t.outsideWorkshopId, quarter: shanghaiQuarter() }],
  },
  "employment.subsidies": { kind: "listing", roles: ["official"], inputs: () => one({ quarter: shanghaiQuarter() }) },
  "employment.rules": { kind: "listing", roles: ["official"], inputs: () => one(undefined) },
  "employment.rulesHistory": { kind: "listing", roles: ["official"], inputs: () => one(undefined) },
  "employment.previewRules": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one({ ...DEFAULT_MONITORING_RULES, effectiveFrom: nextQuarterStart() }),
    // Rules are set for the official's own county; naming another answers like a missing region.
    notFoundInputs: () => [{ ...DEFAULT_MONITORING_RULES, effectiveFrom: nextQuarterStart(), regionCode: "360703" }],
  },
  "employment.updateRules": {
    kind: "self",
    roles: ["official"],
    writes: ["monitoring_rule_versions"],
    // The same rules again, from next quarter: a new version that changes no status.
    inputs: (_t, key) => one({ ...DEFAULT_MONITORING_RULES, effectiveFrom: nextQuarterStart(), idempotencyKey: key }),
  },
  "employment.export": {
    kind: "listing",
    roles: ["official"],
    inputs: () => one({ table: "townships", period: shanghaiMonth(), format: "csv" }),
  },

  "jobs.post": {
    kind: "record",
    ownedBy: "factory",
    roles: FIRMS,
    officialInRegion: true,
    writes: ["job_postings"],
    target: (t) => t.factoryId,
    // The other tenant's factory site: a firm posts for its own sites only.
    inputs: (t, key) =>
      one({
        siteId: t.jobs.siteId,
        title: "矩阵岗位",
        pay: { kind: "piece", minFen: 10, maxFen: 20 },
        hours: "时间灵活",
        headcount: 1,
        idempotencyKey: key,
      }),
  },
  "jobs.close": {
    kind: "record",
    ownedBy: "factory",
    roles: FIRMS,
    writes: ["job_postings"],
    inputs: (t, key) => one({ id: t.jobs.closeJobId, idempotencyKey: key }),
  },
  "jobs.mine": { kind: "listing", roles: POSTERS, inputs: () => [undefined, { status: "open" }] },
  "jobs.sites": { kind: "listing", roles: POSTERS, inputs: () => one(undefined) },
  "jobs.places": { kind: "public", roles: "anyone", inputs: () => one(undefined) },
  "jobs.search": {
    kind: "public",
    roles: "anyone",
    inputs: () => [undefined, { villageCode: "360781103211" }, { point: { lat: 25.9, lng: 116.0 }, kind: "day" }],
  },
  "jobs.get": { kind: "public", roles: "anyone", inputs: (t) => one({ id: t.jobs.jobId }) },
  "jobs.apply": {
    kind: "public",
    roles: "anyone",
    writes: ["job_applications"],
    inputs: (t, key) =>
      one({
        jobId: t.jobs.jobId,
        name: "矩阵应聘",
        phone: applicantPhone(),
        villageCode: "360781103211",
        consent: true,
        idempotencyKey: key,
      }),
  },
  "jobs.applications": {
    kind: "record",
    ownedBy: "factory",
    roles: FIRMS,
    officialInRegion: true,
    target: (t) => t.jobs.jobId,
    inputs: (t) => one({ jobId: t.jobs.jobId }),
  },
  "jobs.hire": {
    kind: "record",
    ownedBy: "factory",
    roles: FIRMS,
    writes: ["job_applications", "job_postings", "workers"],
    inputs: (t, key) =>
      one({
        applicationId: t.jobs.hireApplicationId,
        poorHousehold: false,
        monitored: false,
        disabled: false,
        returnee: false,
        joinedOn: "2026-03-02",
        idempotencyKey: key,
      }),
  },
  "jobs.decline": {
    kind: "record",
    ownedBy: "factory",
    roles: FIRMS,
    writes: ["job_applications"],
    inputs: (t, key) => one({ applicationId: t.jobs.declineApplicationId, idempotencyKey: key }),
  },
  "jobs.stats": { kind: "listing", roles: ["official"], inputs: () => one({ period: shanghaiMonth() }) },
};

/* --------------------------------- what may be seen -------------------------------- */

/** Who owns what, read off the database once per row of the matrix. */
async function loadWorld(app: TestApp) {
  const db = app.handle.db;
  const [orgs, partnerships, batches, shipments, trips, products, users, workers, requests] = await Promise.all([
    db.select({ id: schema.organisations.id, regionCode: schema.organisations.regionCode }).from(schema.organisations),
    db.select().from(schema.partnerships),
    db
      .select({
        id: schema.batches.id,
        factoryId: schema.batches.factoryId,
        workshopId: schema.batches.workshopId,
        productId: schema.batches.productId,
      })
      .from(schema.batches),
    db
      .select({ id: schema.shipments.id, batchId: schema.shipments.batchId, tripId: schema.shipments.tripId })
      .from(schema.shipments),
    db.select({ id: schema.trips.id, factoryId: schema.trips.factoryId }).from(schema.trips),
    db.select({ id: schema.products.id, factoryId: schema.products.factoryId }).from(schema.products),
    db.select({ id: schema.user.id, organisationId: schema.user.organisationId }).from(schema.user),
    db.select({ id: schema.workers.id, workshopId: schema.workers.workshopId }).from(schema.workers),
    db
      .select({ id: schema.replacementRequests.id, batchId: schema.replacementRequests.batchId })
      .from(schema.replacementRequests),
  ]);
  return { orgs, partnerships, batches, shipments, trips, products, users, workers, requests };
}

type World = Awaited<ReturnType<typeof loadWorld>>;

/** Every id the actor's organisation may not see, by the policy of PRODUCT.md. */
function invisibleIds(world: World, app: TestApp, actor: ActorSpec, tenants: Record<TenantKey, Tenant>): Set<string> {
  const { orgs, partnerships, batches, shipments, trips, products, users, workers, requests } = world;
  const all = [orgs, batches, shipments, trips, products, users, workers, requests].flatMap((rows) =>
    rows.map((r) => r.id),
  );
  if (actor.role === "admin") return new Set();
  if (actor.role === "worker" && actor.workerOf) {
    // A worker sees itself and its workshop's name, nothing and nobody else.
    const tenant = tenants[actor.workerOf];
    const own = new Set([tenant.workerUserId, tenant.pieceWorkerId, tenant.workshopId]);
    return new Set(all.filter((id) => !own.has(id)));
  }
  const me = actor.username ? app.users[actor.username] : undefined;
  const org = me?.organisationId ?? null;
  const visible = new Set<string>();
  if (me) visible.add(me.id);
  if (org && (actor.role === "factory_manager" || actor.role === "workshop_lead")) {
    const asFactory = actor.role === "factory_manager";
    const visibleOrgs = new Set([org]);
    for (const p of partnerships) {
      if (asFactory && p.factoryId === org) visibleOrgs.add(p.workshopId);
      if (!asFactory && p.workshopId === org) visibleOrgs.add(p.factoryId);
    }
    const myBatches = batches.filter((b) => (asFactory ? b.factoryId === org : b.workshopId === org));
    const myBatchIds = new Set(myBatches.map((b) => b.id));
    const myShipments = shipments.filter((s) => myBatchIds.has(s.batchId));
    const myTrips = asFactory
      ? trips.filter((t) => t.factoryId === org).map((t) => t.id)
      : myShipments.flatMap((s) => (s.tripId ? [s.tripId] : []));
    const myProducts = asFactory
      ? products.filter((p) => p.factoryId === org).map((p) => p.id)
      : myBatches.map((b) => b.productId);
    const myRequests = requests.filter((r) => myBatchIds.has(r.batchId)).map((r) => r.id);
    for (const id of [
      ...visibleOrgs,
      ...myBatchIds,
      ...myShipments.map((s) => s.id),
      ...myTrips,
      ...myProducts,
      ...myRequests,
    ]) {
      visible.add(id);
    }
    for (const u of users) if (u.organisationId && visibleOrgs.has(u.organisationId)) visible.add(u.id);
    // A workshop's workers are its own: no factory and no other workshop sees them.
    if (!asFactory) for (const w of workers) if (w.workshopId === org) visible.add(w.id);
  } else if (org && actor.role === "official") {
    // An official sees the organisations located in its region (map, statuses), never their batches.
    const region = orgs.find((o) => o.id === org)?.regionCode;
    for (const o of orgs) if (region && o.regionCode?.startsWith(region)) visible.add(o.id);
    // Quarterly monitoring lists the workers of the workshops in its region (names, masked id numbers).
    for (const w of workers) if (visible.has(w.workshopId)) visible.add(w.id);
    visible.add(org);
  }
  return new Set(all.filter((id) => !visible.has(id)));
}

function leaked(value: unknown, invisible: Set<string>): string[] {
  const text = JSON.stringify(value) ?? "";
  return [...invisible].filter((id) => text.includes(id));
}

/** The code the policy gives, or "allowed". */
function expectedCode(entry: Entry, actor: ActorSpec): "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "allowed" {
  if (entry.kind === "credentials") return "UNAUTHORIZED";
  if (entry.kind === "public") return "allowed";
  if (!actor.role) return "UNAUTHORIZED";
  if (entry.officialInRegion && actor.role === "official") return "allowed";
  if (entry.roles !== "anyone" && !entry.roles.includes(actor.role)) return "FORBIDDEN";
  if (entry.kind === "record" && actor.role !== "admin") return "NOT_FOUND";
  return "allowed";
}

/** The tenant's signed-in piece worker, as the owner of its own entries. */
const WORKER_OWNER = "the tenant's worker";

/* ------------------------------------- tests -------------------------------------- */

describe.each(STORE_KINDS)("authorisation matrix on %s", (kind) => {
  let app: TestApp;
  let tenants: Record<TenantKey, Tenant>;
  const callers = new Map<string, Caller>();
  const callerOf = (actor: ActorSpec) => {
    const caller = callers.get(actor.name);
    if (!caller) throw new Error(`no caller for ${actor.name}`);
    return caller;
  };
  let signInCount = 0;
  /** A real session (bearer token) of a demo user, each from its own client address. */
  const sessionOf = async (username: string) => {
    const anonymous = await app.withHeaders(new Headers(), `10.9.0.${++signInCount}`);
    return (await anonymous.auth.signIn({ username, password: DEMO_PASSWORD })).token;
  };
  const bearer = (token: string) => app.withHeaders(new Headers({ authorization: `Bearer ${token}` }));

  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
    const outside = await app.as("admin").admin.createOrganisation({
      kind: "workshop",
      name: "经开区外部车间",
      shortName: "区外",
      workshopMode: "premises",
      regionCode: OTHER_REGION_TOWNSHIP,
      idempotencyKey: "authz-outside-workshop",
    });
    tenants = {} as Record<TenantKey, Tenant>;
    for (const key of TENANT_KEYS) tenants[key] = await buildAuthzTenant(app, key, outside.id);
    for (const actor of ACTORS) {
      const caller = actor.workerOf
        ? tenants[actor.workerOf].workerCaller
        : actor.username
          ? app.as(actor.username)
          : await app.withHeaders(new Headers());
      callers.set(actor.name, caller);
    }
  });
  afterAll(() => app?.close());

  it("has a matrix entry for every procedure of the router, and none for procedures that are gone", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...PROCEDURE_PATHS].sort());
  });

  it.each(PROCEDURE_PATHS)("%s × every role against another organisation's records", async (path) => {
    const entry = MATRIX[path];
    if (!entry) throw new Error(`${path} has no authorisation matrix entry: add one to MATRIX`);
    const mutationWrites = isMutation(path) ? ["audit_events", "idempotency_records"] : [];
    const mayChange = new Set([...(entry.writes ?? []), ...mutationWrites]);
    const world = await loadWorld(app);

    for (const actor of ACTORS) {
      const invisible = invisibleIds(world, app, actor, tenants);
      const expected = expectedCode(entry, actor);
      const foreign = foreignTenants(actor, tenants);
      const targets = entry.oncePerActor ? foreign.slice(0, 1) : foreign;
      // Signing out may only end the caller's own session, never the other tenant's: both sessions are
      // made before the window in which nothing else may be written.
      let ownSession: Caller | undefined;
      let victimToken: string | undefined;
      if (path === "auth.signOut" && actor.username && targets[0]) {
        victimToken = await sessionOf(targets[0].lead);
        ownSession = await bearer(await sessionOf(actor.username));
      }
      const before = await tableDigests(app);

      for (const tenant of targets) {
        const key = `mx-${path}-${actor.name}-${tenant.key}`;
        for (const [n, input] of entry.inputs(tenant, key).entries()) {
          const label = `${actor.name} → ${path} on ${tenant.key}'s records (input ${n})`;
          const outcome = await call(ownSession ?? callerOf(actor), path, input);
          if (expected !== "allowed") {
            expect(outcomeCode(outcome), label).toBe(expected);
            const message = outcome.ok ? "" : String((outcome.error as Error).message);
            expect(leaked(message, invisible), `${label}: the error reveals the other tenant`).toEqual([]);
            continue;
          }
          expect(outcomeCode(outcome), label).toBe("OK");
          const data = outcome.ok ? outcome.data : undefined;
          expect(leaked(data, invisible), `${label}: returns another tenant's rows`).toEqual([]);
          if (entry.kind === "record" && entry.target) {
            // Only the admin, who belongs to no tenant, gets here (and the official for firms in its region).
            expect(JSON.stringify(data), label).toContain(entry.target(tenant));
          }
          if (entry.kind === "creates" && entry.ownerOf) {
            const me = actor.username ? app.users[actor.username] : undefined;
            expect(entry.ownerOf(data), `${label}: made for someone else`).toBe(me?.organisationId);
          }
          if (path === "auth.me") {
            const own = actor.workerOf
              ? tenants[actor.workerOf].workerUserId
              : actor.username && app.users[actor.username]?.id;
            expect((data as { userId: string }).userId).toBe(own);
          }
          if (victimToken) {
            const victim = await (await bearer(victimToken)).auth.me();
            expect(victim.username, `${label}: ended the other tenant's session`).toBe(tenant.lead);
          }
        }
        if (expected === "allowed" && actor.role !== "admin") {
          for (const input of entry.notFoundInputs?.(tenant) ?? []) {
            const label = `${actor.name} → ${path} filtered by ${tenant.key}'s record ${JSON.stringify(input)}`;
            expect(outcomeCode(await call(callerOf(actor), path, input)), label).toBe("NOT_FOUND");
          }
        }
      }

      const changed = changedTables(before, await tableDigests(app)).filter((t) => !entry.refusalWrites?.includes(t));
      if (expected !== "allowed") expect(changed, `${actor.name} → ${path}: a refused call wrote`).toEqual([]);
      else
        expect(
          changed.filter((t) => !mayChange.has(t)),
          `${actor.name} → ${path}: wrote elsewhere`,
        ).toEqual([]);
    }

    // Positive cases: each tenant's owner runs the very same input and succeeds, so the refusals above were
    // about who asked, not about the input or the record's state.
    for (const tenant of Object.values(tenants)) {
      if (entry.kind === "credentials") {
        if (!entry.ownerSignsIn) throw new Error(`${path} needs ownerSignsIn`);
        expect(await entry.ownerSignsIn(app, tenant)).toBe(tenant.workshopId);
        continue;
      }
      if (entry.kind !== "record" && entry.kind !== "listing") continue;
      const candidates = entry.ownedBy ? [tenant[entry.ownedBy]] : [tenant.factory, tenant.lead, WORKER_OWNER];
      const owners = candidates.filter((u) => {
        const role = u === WORKER_OWNER ? "worker" : (app.users[u]?.role as Role);
        return entry.roles === "anyone" || entry.roles.includes(role);
      });
      for (const owner of owners) {
        const label = `${owner} → ${path} on its own records`;
        const ownerCaller = owner === WORKER_OWNER ? tenant.workerCaller : app.as(owner);
        for (const input of entry.inputs(tenant, `mx-owner-${path}-${tenant.key}`)) {
          const outcome = await call(ownerCaller, path, input);
          expect(outcomeCode(outcome), label).toBe("OK");
          const text = JSON.stringify(outcome.ok ? outcome.data : null);
          if (entry.kind === "record" && entry.target && !isMutation(path))
            expect(text).toContain(entry.target(tenant));
          const plain = input === undefined || Object.keys(input as object).every((k) => k === "limit");
          if (entry.kind === "listing" && entry.ownerSees && plain) {
            const own = entry.ownerSees(tenant).filter((id) => id !== (app.users[owner]?.organisationId ?? ""));
            for (const id of own) expect(text, `${label}: misses its own ${id}`).toContain(id);
          }
        }
        if (isMutation(path)) break; // one owner acts; a second run would be a different request
      }
    }
  });

  it("lead.huangbai cannot get, list, confirm or return lead.xianghu's batches and shipments", async () => {
    const huangbai = app.as("lead.huangbai");
    const xianghu = tenants.xianghu;
    const before = await tableDigests(app);
    const demoXianghuBatches = (await app.as("lead.xianghu").batches.list({ limit: 100 })).items;
    expect(demoXianghuBatches.length).toBeGreaterThan(3);
    for (const batch of demoXianghuBatches) {
      expect(outcomeCode(await call(huangbai, "batches.get", { id: batch.id })), batch.number).toBe("NOT_FOUND");
      expect(
        outcomeCode(
          await call(huangbai, "shipments.createReturn", {
            batchId: batch.id,
            goodQty: 1,
            defectiveQty: 0,
            idempotencyKey: `hb-steal-${batch.id}`,
          }),
        ),
      ).toBe("NOT_FOUND");
    }
    const xianghuShipments = await app.as("lead.xianghu").shipments.list({ limit: 100 });
    expect(xianghuShipments.length).toBeGreaterThan(3);
    for (const shipment of xianghuShipments) {
      expect(outcomeCode(await call(huangbai, "shipments.get", { id: shipment.id }))).toBe("NOT_FOUND");
    }
    expect(
      outcomeCode(
        await call(huangbai, "shipments.confirmReceipt", {
          shipmentId: xianghu.transitShipmentId,
          lines: xianghu.transitLines,
          idempotencyKey: "hb-steal-confirm",
        }),
      ),
    ).toBe("NOT_FOUND");
    const listed = await huangbai.batches.list({ workshopId: xianghu.workshopId, limit: 100 });
    expect(listed.items).toEqual([]);
    const all = await huangbai.batches.list({ limit: 100 });
    expect(all.items.every((b) => b.workshop?.id === app.orgs.huangbai)).toBe(true);
    const shipments = await huangbai.shipments.list({ limit: 100 });
    const xianghuIds = new Set(xianghuShipments.map((s) => s.id));
    expect(shipments.filter((s) => xianghuIds.has(s.id))).toEqual([]);
    expect(shipments.every((s) => s.workshopId === app.orgs.huangbai)).toBe(true);
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  });

  it("factory.yuanye cannot see any of 佳惠宝's batches, shipments, products or trips", async () => {
    const yuanye = app.as("factory.yuanye");
    const db = app.handle.db;
    const jhb = app.orgs.jhb;
    const jhbBatches = (await db.select().from(schema.batches)).filter((b) => b.factoryId === jhb);
    const jhbBatchIds = new Set(jhbBatches.map((b) => b.id));
    const jhbShipments = (await db.select().from(schema.shipments)).filter((s) => jhbBatchIds.has(s.batchId));
    const jhbProducts = (await db.select().from(schema.products)).filter((p) => p.factoryId === jhb);
    const jhbTrips = (await db.select().from(schema.trips)).filter((t) => t.factoryId === jhb);
    expect(jhbBatches.length * jhbShipments.length * jhbProducts.length * jhbTrips.length).toBeGreaterThan(0);

    for (const b of jhbBatches) expect(outcomeCode(await call(yuanye, "batches.get", { id: b.id }))).toBe("NOT_FOUND");
    for (const s of jhbShipments)
      expect(outcomeCode(await call(yuanye, "shipments.get", { id: s.id }))).toBe("NOT_FOUND");
    for (const p of jhbProducts) {
      expect(outcomeCode(await call(yuanye, "catalog.getProduct", { id: p.id }))).toBe("NOT_FOUND");
    }
    for (const t of jhbTrips) expect(outcomeCode(await call(yuanye, "trips.get", { id: t.id }))).toBe("NOT_FOUND");

    const jhbIds = [...jhbBatches, ...jhbShipments, ...jhbProducts, ...jhbTrips].map((r) => r.id);
    const lists = [
      await yuanye.batches.list({ limit: 100 }),
      await yuanye.shipments.list({ limit: 100 }),
      await yuanye.catalog.listProducts(),
      await yuanye.trips.list({ limit: 100 }),
      await yuanye.partners.list(),
    ];
    const text = JSON.stringify(lists);
    expect(jhbIds.filter((id) => text.includes(id))).toEqual([]);
    expect(text).not.toContain(jhb);
    expect(text).not.toContain("佳惠宝");
  });

  it("the official cannot call any mutation but its own monitoring rules, nor read batches or shipments", async () => {
    const official = app.as("official.ruijin");
    const before = await tableDigests(app);
    const tenant = tenants.xianghu;
    // Monitoring rules are the official's own configuration, not operational data. Jobs near home: applying
    // is public, and a 就业之家 official posts on a firm's behalf (PRODUCT.md).
    const operational = PROCEDURE_PATHS.filter(
      (p) =>
        isMutation(p) &&
        !p.startsWith("auth.") &&
        p !== "employment.updateRules" &&
        MATRIX[p]?.kind !== "public" &&
        !MATRIX[p]?.officialInRegion,
    );
    expect(operational.length).toBeGreaterThan(10);
    for (const path of operational) {
      const entry = MATRIX[path];
      if (!entry) throw new Error(`${path} has no matrix entry`);
      for (const input of entry.inputs(tenant, `official-${path}`)) {
        expect(outcomeCode(await call(official, path, input)), path).toBe("FORBIDDEN");
      }
    }
    for (const path of ["batches.get", "batches.list", "shipments.get", "shipments.list", "trips.get"]) {
      const entry = MATRIX[path];
      if (!entry) throw new Error(`${path} has no matrix entry`);
      for (const input of entry.inputs(tenant, "")) {
        expect(outcomeCode(await call(official, path, input)), path).toBe("FORBIDDEN");
      }
    }
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  });

  it("a prefecture's official is refused every county official's procedure, and changes nothing", async () => {
    const prefecture = app.as("official.ganzhou");
    const before = await tableDigests(app);
    const countyOfficials = PROCEDURE_PATHS.filter((p) => {
      const roles = MATRIX[p]?.roles;
      // What every signed-in person may call (their own session and account) is not a county official's.
      return (
        roles !== undefined && roles !== "anyone" && roles.includes("official") && roles.length < ALL_SIGNED_IN.length
      );
    });
    expect(countyOfficials).toEqual(
      expect.arrayContaining(["employment.overview", "map.villages", "employment.updateRules"]),
    );
    for (const path of countyOfficials) {
      const entry = MATRIX[path];
      if (!entry) throw new Error(`${path} has no matrix entry`);
      for (const input of entry.inputs(tenants.xianghu, `prefecture-${path}`)) {
        const outcome = await call(prefecture, path, input);
        expect(outcomeCode(outcome), path).toBe("FORBIDDEN");
        expect(outcome.ok ? null : (outcome.error as { reason?: string }).reason, path).toBe("countyOfficialsOnly");
      }
    }
    expect(await call(prefecture, "employment.prefectureOverview", { period: shanghaiQuarter() })).toMatchObject({
      ok: true,
      data: { region: { code: "3607" } },
    });
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  });

  it("list endpoints never include other tenants' rows, on any page", async () => {
    const listings = Object.entries(MATRIX).filter(([, e]) => e.kind === "listing");
    expect(listings.map(([p]) => p)).toEqual(expect.arrayContaining(["batches.list", "shipments.list", "trips.list"]));
    const world = await loadWorld(app);
    for (const actor of ACTORS.filter((a) => a.role === "factory_manager" || a.role === "workshop_lead")) {
      const invisible = invisibleIds(world, app, actor, tenants);
      expect(invisible.size, actor.name).toBeGreaterThan(0);
      const caller = callerOf(actor);
      // Walk batches.list a page of 2 at a time: no page may carry a foreign batch.
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await caller.batches.list({ limit: 2, cursor });
        expect(leaked(page, invisible), `${actor.name} page ${pages}`).toEqual([]);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 100);
      for (const [path, entry] of listings) {
        if (entry.roles !== "anyone" && actor.role && !entry.roles.includes(actor.role)) continue;
        for (const tenant of foreignTenants(actor, tenants)) {
          for (const input of entry.inputs(tenant, "")) {
            const outcome = await call(caller, path, input);
            expect(outcomeCode(outcome), `${actor.name} ${path}`).toBe("OK");
            expect(leaked(outcome.ok ? outcome.data : null, invisible), `${actor.name} ${path}`).toEqual([]);
          }
        }
      }
    }
  });
});
