/**
 * Generated operation sequences (fast-check) through the real routers. A small reference model of
 * PRODUCT.md's rules predicts, before every step, whether the step must be accepted or refused
 * (and with which code) and what it does to every balance; after every step the API's view, the
 * model and a recomputation from the raw ledger rows must agree, and the conservation rule must hold.
 */
import { rowsOf } from "@kitflow/db";
import { type ComponentBalance, conservationBreaches, finishedUnitBreaches, shanghaiDay } from "@kitflow/domain";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { settle } from "../support/errors";
import { STORE_KINDS } from "../support/stores";

/* ------------------------------- reference model ------------------------------ */

type Status = "draft" | "dispatched" | "in_production" | "partially_returned" | "returned" | "closed" | "cancelled";
type Action =
  | "dispatch"
  | "confirmReceipt"
  | "createReturn"
  | "inspectReturn"
  | "dispatchRework"
  | "receiveRework"
  | "close"
  | "cancel";
type Code = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED";
type Expected = "ok" | Code;

/** The batch lifecycle of PRODUCT.md, written out independently of packages/domain. */
const ALLOWED: Record<Action, readonly Status[]> = {
  dispatch: ["draft", "dispatched", "in_production", "partially_returned"],
  confirmReceipt: ["dispatched", "in_production", "partially_returned", "returned"],
  createReturn: ["dispatched", "in_production", "partially_returned", "returned"],
  inspectReturn: ["dispatched", "in_production", "partially_returned", "returned"],
  // Rejected units exist only once something came back.
  dispatchRework: ["partially_returned", "returned"],
  receiveRework: ["partially_returned", "returned"],
  close: ["dispatched", "in_production", "partially_returned", "returned"],
  cancel: ["draft"],
};

const BALANCE_FIELDS = [
  "dispatched",
  "inTransit",
  "atWorkshop",
  "consumed",
  "scrapped",
  "lost",
  "returnedUnused",
  "gained",
  "surplus",
  "replaced",
] as const;

interface BomSpec {
  componentCode: string;
  qtyPerUnit: number;
  unitCostFen: number;
}

interface ProductSpec {
  code: string;
  pieceRateFen: number;
  rejectDeductionFen: number;
  bom: BomSpec[];
}

const PRODUCTS: ProductSpec[] = [
  {
    code: "SEQ-BEAR",
    pieceRateFen: 120,
    rejectDeductionFen: 15,
    bom: [
      { componentCode: "BODY", qtyPerUnit: 1, unitCostFen: 30 },
      { componentCode: "EYE", qtyPerUnit: 2, unitCostFen: 2 },
      { componentCode: "SCREW", qtyPerUnit: 3, unitCostFen: 1 },
    ],
  },
  {
    code: "SEQ-BAG",
    pieceRateFen: 45,
    rejectDeductionFen: 0,
    bom: [{ componentCode: "CLOTH", qtyPerUnit: 1, unitCostFen: 10 }],
  },
];

interface ModelComponent extends ComponentBalance {
  qtyPerUnit: number;
  kitQty: number;
  unitCostFen: number;
  toleranceUnits: number;
}

interface QtyLine {
  componentCode: string;
  qty: number;
}

interface ModelShipment {
  id: string;
  kind: "dispatch" | "return" | "rework";
  status: "in_transit" | "received" | "inspected";
  /** Dispatch: component lines sent. Return: unused components sent back. */
  lines: QtyLine[];
  goodQty: number | null;
  defectiveQty: number | null;
  acceptedQty: number | null;
  rejectedQty: number | null;
  missingQty: number | null;
  scrappedQty: number | null;
  /** Rework: units sent. Return: rework units carried back. */
  reworkQty: number | null;
  reworkReceivedQty: number | null;
}

/** Finished units followed where they are, one pool each (never derived from the shipments' sums). */
interface ModelUnits {
  accepted: number;
  missing: number;
  scrapped: number;
  /** Rejected and at the factory: what rework may send. */
  rejectedAtFactory: number;
  reworkAtWorkshop: number;
  reworkLost: number;
  reworkReturned: number;
  reworkSent: number;
}

interface ModelBatch {
  id: string;
  lead: string;
  otherLead: string;
  product: ProductSpec;
  quantity: number;
  status: Status;
  components: ModelComponent[];
  shipments: ModelShipment[];
  /** The lead's replacement (补料) requests, in the order made, and whether a replacement answered each. */
  requests: { id: string; status: "open" | "answered" }[];
  units: ModelUnits;
}

interface BatchSpec {
  workshop: "xianghu" | "huangbai";
  product: number;
  quantity: number;
  allowancePct: number;
  tolerancePct: number;
  /**
   * How far the batch gets before the generated steps start, so short sequences still reach late states:
   * "inspected" is received, every unit it can make returned, and one of them missing from the box (缺数).
   */
  start: "draft" | "dispatched" | "received" | "inspected";
  /** How the first delivery is counted when it is received before the generated steps. */
  arrival: "exact" | "surplus";
}

/** Kit = ceil(qtyPerUnit × quantity × (100 + allowance%) / 100); tolerance = floor(kit × tolerance% / 100). */
function modelComponents(spec: BatchSpec, product: ProductSpec): ModelComponent[] {
  return product.bom.map((line) => {
    const kitQty = Math.ceil((line.qtyPerUnit * spec.quantity * (100 + spec.allowancePct)) / 100);
    return {
      componentCode: line.componentCode,
      qtyPerUnit: line.qtyPerUnit,
      unitCostFen: line.unitCostFen,
      kitQty,
      toleranceUnits: Math.floor((kitQty * spec.tolerancePct) / 100),
      dispatched: 0,
      inTransit: 0,
      atWorkshop: 0,
      consumed: 0,
      scrapped: 0,
      lost: 0,
      returnedUnused: 0,
      gained: 0,
      surplus: 0,
      replaced: 0,
    };
  });
}

function finishedOf(batch: ModelBatch) {
  const returns = batch.shipments.filter((s) => s.kind === "return");
  const sum = (f: (s: ModelShipment) => number | null) => returns.reduce((n, s) => n + (f(s) ?? 0), 0);
  const awaiting = returns.filter((s) => s.status !== "inspected");
  const u = batch.units;
  const reworkInTransit = batch.shipments
    .filter((s) => s.kind === "rework" && s.status === "in_transit")
    .reduce((n, s) => n + (s.reworkQty ?? 0), 0);
  return {
    ordered: batch.quantity,
    returnedGood: sum((s) => s.goodQty),
    returnedDefective: sum((s) => s.defectiveQty),
    accepted: u.accepted,
    // Standing rejected, wherever they are: at the factory or out for rework and not back.
    rejected: u.rejectedAtFactory + reworkInTransit + u.reworkAtWorkshop + u.reworkLost,
    missing: u.missing,
    scrapped: u.scrapped,
    awaitingInspection: awaiting.length,
    awaitingUnits: awaiting.reduce((n, s) => n + (s.goodQty ?? 0) + (s.defectiveQty ?? 0) + (s.reworkQty ?? 0), 0),
    rework: {
      sent: u.reworkSent,
      inTransit: reworkInTransit,
      atWorkshop: u.reworkAtWorkshop,
      lost: u.reworkLost,
      returned: u.reworkReturned,
      available: u.rejectedAtFactory,
    },
  };
}

/** The finished-unit fields every model shipment starts with. */
const NO_UNITS = {
  goodQty: null,
  defectiveQty: null,
  acceptedQty: null,
  rejectedQty: null,
  missingQty: null,
  scrappedQty: null,
  reworkQty: null,
  reworkReceivedQty: null,
};

/** Where a missing or lost unit's parts go: from consumed to lost, per component. */
function unitsLost(batch: ModelBatch, units: number): number {
  if (units <= 0) return 0;
  for (const c of batch.components) {
    c.consumed -= units * c.qtyPerUnit;
    c.lost += units * c.qtyPerUnit;
  }
  return batch.components.length;
}

/** The open status a batch's shipments imply (PRODUCT.md lifecycle). */
function refreshStatus(batch: ModelBatch): void {
  if (batch.status === "closed" || batch.status === "cancelled") return;
  const dispatches = batch.shipments.filter((s) => s.kind === "dispatch");
  const { returnedGood, returnedDefective } = finishedOf(batch);
  const finished = returnedGood + returnedDefective;
  if (dispatches.length === 0) batch.status = "draft";
  else if (finished >= batch.quantity) batch.status = "returned";
  else if (finished > 0) batch.status = "partially_returned";
  else if (dispatches.some((s) => s.status !== "in_transit")) batch.status = "in_production";
  else batch.status = "dispatched";
}

function component(batch: ModelBatch, code: string): ModelComponent {
  const c = batch.components.find((x) => x.componentCode === code);
  if (!c) throw new Error(`model has no component ${code}`);
  return c;
}

/* ------------------------------- generated steps ------------------------------ */

/** A refusal in about one step out of `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const percent = fc.integer({ min: 0, max: 100 });
const index = fc.nat({ max: 11 });

const opArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("dispatch" as const),
      b: index,
      anyBatch: oneIn(4),
      pick: fc.integer({ min: 1, max: 7 }),
      share: percent,
      over: oneIn(6),
      // By number of sets (套数) instead of lines, and now and then a replacement (补料) beyond the kit.
      bySets: oneIn(2),
      replacement: oneIn(4),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("request" as const),
      b: index,
      anyBatch: oneIn(4),
      qty: fc.integer({ min: 1, max: 5 }),
      wrongLead: oneIn(8),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant("confirm" as const),
      s: index,
      anyShipment: oneIn(6),
      short: fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }),
      shortLine: oneIn(3),
      omitLine: oneIn(8),
      over: oneIn(5),
      extra: fc.integer({ min: 1, max: 9 }),
      noNote: oneIn(4),
      wrongLead: oneIn(10),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant("return" as const),
      b: index,
      anyBatch: oneIn(4),
      share: percent,
      defective: fc.nat({ max: 3 }),
      unusedShare: fc.oneof(fc.constant(0), percent),
      scrap: fc.nat({ max: 3 }),
      over: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) },
      ),
      wrongLead: oneIn(10),
      rework: fc.nat({ max: 2 }),
      reworkOver: oneIn(8),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("inspect" as const),
      s: index,
      anyShipment: oneIn(6),
      extraRejected: fc.nat({ max: 2 }),
      missing: fc.oneof(fc.constant(0), fc.nat({ max: 2 })),
      scrapped: fc.oneof(fc.constant(0), fc.nat({ max: 1 })),
      unusedShort: fc.nat({ max: 2 }),
      wrongTotal: oneIn(8),
      unusedOver: oneIn(8),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant("sendRework" as const),
      b: index,
      anyBatch: oneIn(5),
      share: percent,
      over: oneIn(6),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("receiveRework" as const),
      s: index,
      anyShipment: oneIn(6),
      short: fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) },
      ),
      over: oneIn(8),
      noNote: oneIn(4),
      wrongLead: oneIn(10),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("close" as const),
      b: index,
      anyBatch: oneIn(4),
      wrong: fc.oneof(
        { weight: 2, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
      ),
      /** Bit i set: component i's leftover is charged to the workshop, else written off at the factory's cost. */
      charge: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 7 }) }),
      /** Units the workshop lost: charged a set each, borne by the factory, or not said (charged). */
      missingUnits: fc.constantFrom(undefined, "charge" as const, "write_off" as const),
      /** Prefer a batch whose workshop lost units, where there is one: few batches both lose one and close. */
      lostFirst: oneIn(2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("pay" as const),
      /** Mostly the workshop owed more; sometimes the other, which may be owed nothing. */
      other: oneIn(4),
      share: fc.integer({ min: 0, max: 100 }),
      over: oneIn(5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("cancel" as const), b: index, draft: oneIn(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("replay" as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("reuseKey" as const) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const batchSpecArb: fc.Arbitrary<BatchSpec> = fc.record({
  workshop: fc.constantFrom("xianghu" as const, "huangbai" as const),
  product: fc.nat({ max: PRODUCTS.length - 1 }),
  quantity: fc.integer({ min: 1, max: 20 }),
  allowancePct: fc.integer({ min: 0, max: 10 }),
  tolerancePct: fc.integer({ min: 0, max: 5 }),
  start: fc.constantFrom(
    "draft" as const,
    "dispatched" as const,
    "received" as const,
    "received" as const,
    "inspected" as const,
    "inspected" as const,
  ),
  arrival: fc.constantFrom("exact" as const, "surplus" as const),
});

/* ----------------------------------- harness ---------------------------------- */

/** How often the runs reached paths that a pass must not be able to skip. */
const reached = {
  surplusReceipt: 0,
  missingUnits: 0,
  reworkSent: 0,
  chargedWriteOff: 0,
  factoryWriteOff: 0,
  chargedMissingUnits: 0,
  borneMissingUnits: 0,
  setsDispatch: 0,
  replacement: 0,
  answeredRequest: 0,
};
/** Counted for the record (a return of rework needs four steps in order, so a run may miss it). */
/**
 * Also counted for the record: a part payment needs a workshop that is owed money, and the money model runs
 * across every run on the store, so one close whose deductions exceed its pay (leftovers charged, nothing
 * accepted yet) leaves the workshop owing the factory for the rest of the runs and no payment can be partial
 * after it. Part payments are asserted by settlements.test.ts and reconciliation-scenario.test.ts.
 */
const seen = { reworkReturned: 0, partPayment: 0 };

type Workshop = "xianghu" | "huangbai";
/**
 * Money between 佳惠宝 and each workshop across every run on the store: the settlement of every batch
 * closed (accepted × rate − rejected × deduction − units lost × set cost − components charged) and every
 * payment.
 */
interface MoneyModel {
  owedFen: Record<Workshop, number>;
  paidFen: Record<Workshop, number>;
}

interface Step {
  label: string;
  /** The batch the step acts on; checked in full after the step (the others are checked at the end of the run). */
  batch?: ModelBatch;
  expected: Expected;
  call: () => Promise<unknown>;
  /** Applies an accepted step to the model and returns how many ledger rows it appends. */
  apply: (result: unknown) => number;
  /** Remembered so a later step can replay it or reuse its key. */
  replayable?: { user: string; call: () => Promise<unknown>; key: string };
}

function idOf(result: unknown): string {
  const id = (result as { id?: unknown }).id;
  if (typeof id !== "string") throw new Error("result has no id");
  return id;
}

class Run {
  private readonly callers = new Map<string, Caller>();
  private step = 0;
  private last: { user: string; call: () => Promise<unknown>; key: string; result: unknown } | undefined;
  readonly batches: ModelBatch[] = [];

  constructor(
    private readonly app: TestApp,
    private readonly productIds: string[],
    private readonly runId: string,
    private readonly money: MoneyModel,
  ) {}

  caller(username: string): Caller {
    let c = this.callers.get(username);
    if (!c) {
      c = this.app.as(username);
      this.callers.set(username, c);
    }
    return c;
  }

  key(what: string): string {
    return `seq-${this.runId}-${this.step}-${what}`;
  }

  async createBatches(specs: BatchSpec[]): Promise<void> {
    for (const [i, spec] of specs.entries()) {
      const product = PRODUCTS[spec.product];
      const productId = this.productIds[spec.product];
      if (!product || !productId) throw new Error("unknown product");
      const created = await this.caller("factory.jhb").batches.create({
        workshopId: this.app.orgs[spec.workshop],
        productId,
        quantity: spec.quantity,
        allowancePct: spec.allowancePct,
        tolerancePct: spec.tolerancePct,
        idempotencyKey: this.key(`create-${i}`),
      });
      const components = modelComponents(spec, product);
      expect(
        created.kit.map((k) => [k.componentCode, k.kitQty]),
        "kit = BOM × quantity × allowance",
      ).toEqual(components.map((c) => [c.componentCode, c.kitQty]));
      this.batches.push({
        id: created.id,
        lead: spec.workshop === "xianghu" ? "lead.xianghu" : "lead.huangbai",
        otherLead: spec.workshop === "xianghu" ? "lead.huangbai" : "lead.xianghu",
        product,
        quantity: spec.quantity,
        status: "draft",
        components,
        shipments: [],
        requests: [],
        units: {
          accepted: 0,
          missing: 0,
          scrapped: 0,
          rejectedAtFactory: 0,
          reworkAtWorkshop: 0,
          reworkLost: 0,
          reworkReturned: 0,
          reworkSent: 0,
        },
      });
    }
  }

  /** Checked steps like any other: the full kit out, and counted in full by the workshop. */
  async advance(specs: BatchSpec[]): Promise<void> {
    for (const [i, spec] of specs.entries()) {
      const batch = this.batches[i];
      if (!batch || spec.start === "draft") continue;
      this.step++;
      await this.perform(
        this.dispatch({
          t: "dispatch",
          b: i,
          anyBatch: true,
          pick: 7,
          share: 100,
          over: false,
          bySets: i % 2 === 0,
          replacement: false,
        }),
      );
      const shipment = batch.shipments.at(-1);
      if (spec.start === "dispatched" || !shipment) continue;
      this.step++;
      // Counted in full, or with a surplus on the first line (and a note) when the spec says so.
      const firstCount = {
        short: [],
        shortLine: false,
        omitLine: false,
        over: spec.arrival === "surplus",
        extra: 2,
        noNote: false,
        wrongLead: false,
      };
      await this.perform(
        this.confirmShipment(batch, shipment, { t: "confirm", s: 0, anyShipment: false, ...firstCount }),
      );
      if (spec.start !== "inspected") continue;
      // Every unit it can make comes back, one of them missing from the box, so closes meet lost units.
      this.step++;
      const everything = { share: 100, defective: 0, unusedShare: 0, scrap: 0, over: 0, rework: 0 };
      await this.perform(
        this.createReturn({ t: "return", b: i, anyBatch: true, wrongLead: false, reworkOver: false, ...everything }),
      );
      const back = batch.shipments.at(-1);
      if (back?.kind !== "return" || back.status !== "in_transit") continue;
      this.step++;
      const oneMissing = { extraRejected: 0, missing: 1, scrapped: 0, unusedShort: 0 };
      await this.perform(
        this.inspectShipment(batch, back, {
          t: "inspect",
          s: 0,
          anyShipment: false,
          wrongTotal: false,
          unusedOver: false,
          ...oneMissing,
        }),
      );
    }
  }

  private batchAt(i: number): ModelBatch {
    const b = this.batches[i % this.batches.length];
    if (!b) throw new Error("no batches");
    return b;
  }

  /** Mostly a batch whose state allows the action, so sequences get deep; sometimes any, to hit refusals. */
  private batchFor(
    action: Action,
    i: number,
    anyBatch: boolean,
    useful: (b: ModelBatch) => boolean = () => true,
  ): ModelBatch {
    const fitting = this.batches.filter((b) => ALLOWED[action].includes(b.status) && useful(b));
    const pool = anyBatch || fitting.length === 0 ? this.batches : fitting;
    const b = pool[i % pool.length];
    if (!b) throw new Error("no batches");
    return b;
  }

  /** Prefers shipments still waiting for their receiver; sometimes picks any, to hit the already-done case. */
  private shipmentAt(kind: ModelShipment["kind"], i: number, anyShipment: boolean) {
    const all = this.batches.flatMap((batch) =>
      batch.shipments.filter((s) => s.kind === kind).map((shipment) => ({ batch, shipment })),
    );
    const waiting = all.filter((x) => x.shipment.status === "in_transit");
    const pool = anyShipment || waiting.length === 0 ? all : waiting;
    return pool[i % Math.max(pool.length, 1)];
  }

  stepFor(op: Op): Step | undefined {
    this.step++;
    switch (op.t) {
      case "dispatch":
        return this.dispatch(op);
      case "request":
        return this.requestReplacement(op);
      case "confirm":
        return this.confirm(op);
      case "return":
        return this.createReturn(op);
      case "inspect":
        return this.inspect(op);
      case "sendRework":
        return this.sendRework(op);
      case "receiveRework":
        return this.receiveRework(op);
      case "close":
        return this.close(op);
      case "cancel":
        return this.cancel(op);
      case "pay":
        return this.pay(op);
      case "replay":
        return this.replay();
      case "reuseKey":
        return this.reuseKey();
    }
  }

  private dispatch(op: Extract<Op, { t: "dispatch" }>): Step {
    // A replacement goes, where it can, to a batch whose workshop asked for one.
    const batch = this.batchFor("dispatch", op.b, op.anyBatch, (b) =>
      op.replacement ? b.requests.some((r) => r.status === "open") : true,
    );
    // What is left of each kit line: replacements are sent apart from the kit; tolerance gains count as sent.
    const left = (c: ModelComponent) => c.kitQty - (c.dispatched - c.replaced);
    let lines: QtyLine[];
    let sets: number | undefined;
    if (op.bySets && !op.replacement) {
      const setsLeft = Math.max(0, Math.min(...batch.components.map((c) => Math.floor(left(c) / c.qtyPerUnit))));
      sets = op.over ? setsLeft + 1 : Math.max(1, Math.ceil((setsLeft * op.share) / 100));
      const n = sets;
      lines = batch.components.map((c) => ({ componentCode: c.componentCode, qty: n * c.qtyPerUnit }));
    } else {
      const chosen = batch.components.filter((_, i) => op.pick & (1 << i));
      lines = (chosen.length ? chosen : batch.components.slice(0, 1)).map((c) => ({
        componentCode: c.componentCode,
        qty: Math.max(1, Math.ceil((left(c) * op.share) / 100)),
      }));
      const first = lines[0];
      if (op.over && first) {
        // Tolerance gains count as dispatched, so what is left of the kit can already be below zero.
        first.qty = Math.max(1, left(component(batch, first.componentCode)) + 1);
      }
    }
    // A replacement answers the batch's oldest open request, if it has one.
    const request = op.replacement ? batch.requests.find((r) => r.status === "open") : undefined;
    let expected: Expected = "ok";
    if (!ALLOWED.dispatch.includes(batch.status)) expected = "CONFLICT";
    else if (!op.replacement && lines.some((l) => l.qty > left(component(batch, l.componentCode))))
      expected = "PRECONDITION_FAILED";
    const input = {
      batchId: batch.id,
      ...(sets === undefined ? { lines } : { sets }),
      ...(op.replacement ? { replacement: { reason: "压坏补发", requestId: request?.id } } : {}),
      idempotencyKey: this.key("dispatch"),
    };
    const call = () => this.caller("factory.jhb").shipments.dispatch(input);
    return {
      batch,
      label: `dispatch ${sets === undefined ? JSON.stringify(lines) : `${sets} sets`}${op.replacement ? " as a replacement" : ""} on ${batch.status} batch ${batch.id}`,
      expected,
      call,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: (result) => {
        for (const l of lines) {
          const c = component(batch, l.componentCode);
          c.dispatched += l.qty;
          c.inTransit += l.qty;
          if (op.replacement) c.replaced += l.qty;
        }
        if (sets !== undefined) reached.setsDispatch++;
        if (op.replacement) reached.replacement++;
        if (request) {
          request.status = "answered";
          reached.answeredRequest++;
        }
        batch.shipments.push({
          id: idOf(result),
          kind: "dispatch",
          status: "in_transit",
          lines,
          ...NO_UNITS,
        });
        refreshStatus(batch);
        return lines.length;
      },
    };
  }

  /** The lead asks for a replacement (补料); nothing moves until the factory sends it. */
  private requestReplacement(op: Extract<Op, { t: "request" }>): Step {
    const batch = this.batchFor("dispatch", op.b, op.anyBatch, (b) => b.status !== "draft");
    const first = batch.components[0];
    const lines = [{ componentCode: first?.componentCode ?? "", qty: op.qty }];
    const user = op.wrongLead ? batch.otherLead : batch.lead;
    let expected: Expected = "ok";
    if (op.wrongLead) expected = "NOT_FOUND";
    else if (!["dispatched", "in_production", "partially_returned"].includes(batch.status)) expected = "CONFLICT";
    const input = { batchId: batch.id, lines, reason: "压坏了", idempotencyKey: this.key("request") };
    const call = () => this.caller(user).shipments.requestReplacement(input);
    return {
      batch,
      label: `${user} asks for ${JSON.stringify(lines)} on ${batch.status} batch ${batch.id}`,
      expected,
      call,
      replayable: { user, call, key: input.idempotencyKey },
      apply: (result) => {
        batch.requests.push({ id: idOf(result), status: "open" });
        return 0;
      },
    };
  }

  private confirm(op: Extract<Op, { t: "confirm" }>): Step | undefined {
    const picked = this.shipmentAt("dispatch", op.s, op.anyShipment);
    return picked && this.confirmShipment(picked.batch, picked.shipment, op);
  }

  private confirmShipment(batch: ModelBatch, shipment: ModelShipment, op: Extract<Op, { t: "confirm" }>): Step {
    let counted = shipment.lines.map((l, i) => ({
      componentCode: l.componentCode,
      qtyReceived: op.shortLine ? Math.max(0, l.qty - (op.short[i] ?? 0)) : l.qty,
    }));
    if (op.omitLine) counted = counted.slice(0, -1);
    const first = counted[0];
    // A count above the note is surplus: booked at the workshop, never refused.
    if (op.over && first) first.qtyReceived += op.extra;
    const received = (code: string) => counted.find((c) => c.componentCode === code)?.qtyReceived ?? 0;
    const differs = shipment.lines.some((l) => received(l.componentCode) !== l.qty);
    let expected: Expected = "ok";
    if (op.wrongLead) expected = "NOT_FOUND";
    else if (shipment.status !== "in_transit") expected = "CONFLICT";
    else if (!ALLOWED.confirmReceipt.includes(batch.status)) expected = "CONFLICT";
    else if (differs && op.noNote) expected = "BAD_REQUEST";
    const user = op.wrongLead ? batch.otherLead : batch.lead;
    // A differing count needs a note; now and then the lead leaves it out.
    const note = op.noNote ? undefined : "counted";
    const input = { shipmentId: shipment.id, lines: counted, note, idempotencyKey: this.key("confirm") };
    const call = () => this.caller(user).shipments.confirmReceipt(input);
    return {
      batch,
      label: `${user} confirms ${JSON.stringify(counted)} of ${shipment.status} dispatch ${JSON.stringify(shipment.lines)}`,
      expected,
      call,
      replayable: { user, call, key: input.idempotencyKey },
      apply: () => {
        let rows = 0;
        for (const l of shipment.lines) {
          const c = component(batch, l.componentCode);
          const got = received(l.componentCode);
          c.inTransit -= l.qty;
          c.atWorkshop += got;
          c.lost += Math.max(0, l.qty - got);
          c.surplus += Math.max(0, got - l.qty);
          if (got > l.qty) reached.surplusReceipt++;
          rows += (got > 0 ? 1 : 0) + (got !== l.qty ? 1 : 0);
        }
        shipment.status = "received";
        refreshStatus(batch);
        return rows;
      },
    };
  }

  private createReturn(op: Extract<Op, { t: "return" }>): Step {
    const batch = this.batchFor("createReturn", op.b, op.anyBatch, (b) => b.components.some((c) => c.atWorkshop > 0));
    const finished = finishedOf(batch);
    const unitsLeft = batch.quantity - finished.returnedGood - finished.returnedDefective;
    const makeable = Math.min(...batch.components.map((c) => Math.floor(Math.max(c.atWorkshop, 0) / c.qtyPerUnit)));
    let units = Math.floor((Math.max(0, Math.min(makeable, unitsLeft)) * op.share) / 100);
    const defectiveQty = Math.min(op.defective, units);
    let goodQty = units - defectiveQty;
    const scrap: (QtyLine & { reason: string })[] = [];
    const unused: QtyLine[] = [];
    for (const c of batch.components) {
      let left = c.atWorkshop - units * c.qtyPerUnit;
      if (scrap.length === 0 && op.scrap > 0 && left >= op.scrap) {
        scrap.push({ componentCode: c.componentCode, qty: op.scrap, reason: "压坏" });
        left -= op.scrap;
      }
      const back = Math.floor((left * op.unusedShare) / 100);
      if (back > 0) unused.push({ componentCode: c.componentCode, qty: back });
    }
    // Asking for more than the workshop holds or than was ordered: refused, or booked as tolerance gain.
    if (op.over === 1) goodQty += 1;
    if (op.over === 2) {
      const c = batch.components[0];
      if (c) {
        const line = unused.find((u) => u.componentCode === c.componentCode);
        const extra = c.toleranceUnits + 1;
        if (line) line.qty += extra;
        else unused.push({ componentCode: c.componentCode, qty: extra });
      }
    }
    if (op.over === 3) goodQty = Math.max(0, unitsLeft - defectiveQty) + 1;
    // Rework units the workshop holds go back apart from the new ones; now and then one more than it holds.
    const heldRework = batch.units.reworkAtWorkshop;
    const reworkQty = op.reworkOver ? heldRework + 1 : Math.min(op.rework, heldRework);
    // Nothing to carry would only test input validation; claim one unit that was never made instead.
    if (goodQty + defectiveQty + reworkQty === 0 && unused.length === 0 && scrap.length === 0) goodQty = 1;
    units = goodQty + defectiveQty;

    let expected: Expected = "ok";
    const needs = batch.components.map((c) => {
      const consumed = units * c.qtyPerUnit;
      const scrapped = scrap.find((s) => s.componentCode === c.componentCode)?.qty ?? 0;
      const back = unused.find((u) => u.componentCode === c.componentCode)?.qty ?? 0;
      return { c, consumed, scrapped, back, needed: consumed + scrapped + back };
    });
    if (units + reworkQty === 0 && unused.length === 0 && scrap.length === 0) expected = "BAD_REQUEST";
    else if (op.wrongLead) expected = "NOT_FOUND";
    else if (!ALLOWED.createReturn.includes(batch.status)) expected = "CONFLICT";
    else if (units > unitsLeft) expected = "PRECONDITION_FAILED";
    else if (reworkQty > heldRework) expected = "PRECONDITION_FAILED";
    else if (needs.some((n) => n.needed - n.c.atWorkshop > n.c.toleranceUnits - n.c.gained))
      expected = "PRECONDITION_FAILED";

    const user = op.wrongLead ? batch.otherLead : batch.lead;
    const input = {
      batchId: batch.id,
      goodQty,
      defectiveQty,
      reworkQty,
      unused,
      scrap,
      idempotencyKey: this.key("return"),
    };
    const call = () => this.caller(user).shipments.createReturn(input);
    return {
      batch,
      label: `${user} returns good ${goodQty} defective ${defectiveQty} rework ${reworkQty} (holding ${heldRework}) unused ${JSON.stringify(unused)} scrap ${JSON.stringify(scrap)} on ${batch.status} batch holding ${JSON.stringify(batch.components.map((c) => [c.componentCode, c.atWorkshop, c.toleranceUnits - c.gained]))}`,
      expected,
      call,
      replayable: { user, call, key: input.idempotencyKey },
      apply: (result) => {
        let rows = 0;
        for (const n of needs) {
          const gain = Math.max(0, n.needed - n.c.atWorkshop);
          n.c.dispatched += gain;
          n.c.gained += gain;
          n.c.atWorkshop += gain - n.needed;
          n.c.consumed += n.consumed;
          n.c.scrapped += n.scrapped;
          n.c.inTransit += n.back;
          rows += [gain, n.consumed, n.scrapped, n.back].filter((q) => q > 0).length;
        }
        const travels = units + reworkQty > 0 || unused.length > 0;
        const judged = travels ? null : 0;
        batch.shipments.push({
          id: idOf(result),
          kind: "return",
          status: travels ? "in_transit" : "inspected",
          lines: unused,
          ...NO_UNITS,
          goodQty,
          defectiveQty,
          reworkQty,
          acceptedQty: judged,
          rejectedQty: judged,
          missingQty: judged,
          scrappedQty: judged,
        });
        // Rework units consume no parts: theirs were consumed when they first came back.
        batch.units.reworkAtWorkshop -= reworkQty;
        batch.units.reworkReturned += reworkQty;
        if (reworkQty > 0) seen.reworkReturned++;
        refreshStatus(batch);
        return rows;
      },
    };
  }

  private inspect(op: Extract<Op, { t: "inspect" }>): Step | undefined {
    const picked = this.shipmentAt("return", op.s, op.anyShipment);
    return picked && this.inspectShipment(picked.batch, picked.shipment, op);
  }

  private inspectShipment(batch: ModelBatch, shipment: ModelShipment, op: Extract<Op, { t: "inspect" }>): Step {
    // Every unit on the note, rework included, gets one outcome: 正品, 次品, 缺数 or 废品.
    const units = (shipment.goodQty ?? 0) + (shipment.defectiveQty ?? 0) + (shipment.reworkQty ?? 0);
    const rejectedQty = Math.min(units, (shipment.defectiveQty ?? 0) + op.extraRejected);
    const missingQty = Math.min(op.missing, units - rejectedQty);
    const scrappedQty = Math.min(op.scrapped, units - rejectedQty - missingQty);
    let acceptedQty = units - rejectedQty - missingQty - scrappedQty;
    if (op.wrongTotal) acceptedQty += 1;
    const unusedReceived = shipment.lines
      .map((l) => ({ componentCode: l.componentCode, qty: Math.max(0, l.qty - op.unusedShort) }))
      .filter((l) => l.qty > 0);
    if (op.unusedOver) {
      const first = unusedReceived[0];
      const stranger = batch.components.find((c) => !shipment.lines.some((l) => l.componentCode === c.componentCode));
      if (first) first.qty = (shipment.lines[0]?.qty ?? 0) + 1;
      else if (stranger) unusedReceived.push({ componentCode: stranger.componentCode, qty: 1 });
    }
    const counted = (code: string) => unusedReceived.find((u) => u.componentCode === code)?.qty ?? 0;
    let expected: Expected = "ok";
    if (shipment.status === "inspected") expected = "CONFLICT";
    else if (!ALLOWED.inspectReturn.includes(batch.status)) expected = "CONFLICT";
    else if (acceptedQty + rejectedQty + missingQty + scrappedQty !== units) expected = "PRECONDITION_FAILED";
    else if (unusedReceived.some((u) => !shipment.lines.some((l) => l.componentCode === u.componentCode)))
      expected = "BAD_REQUEST";
    else if (shipment.lines.some((l) => counted(l.componentCode) > l.qty)) expected = "PRECONDITION_FAILED";
    const input = {
      shipmentId: shipment.id,
      acceptedQty,
      rejectedQty,
      missingQty,
      scrappedQty,
      unusedReceived,
      idempotencyKey: this.key("inspect"),
    };
    const call = () => this.caller("factory.jhb").shipments.inspectReturn(input);
    return {
      batch,
      label: `inspect ${shipment.status} return (good ${shipment.goodQty} defective ${shipment.defectiveQty} rework ${shipment.reworkQty} unused ${JSON.stringify(shipment.lines)}) on ${batch.status} batch: accepted ${acceptedQty} rejected ${rejectedQty} missing ${missingQty} scrapped ${scrappedQty} unused ${JSON.stringify(unusedReceived)}`,
      expected,
      call,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: () => {
        let rows = 0;
        for (const l of shipment.lines) {
          const c = component(batch, l.componentCode);
          const got = counted(l.componentCode);
          c.inTransit -= l.qty;
          c.returnedUnused += got;
          c.lost += l.qty - got;
          rows += (got > 0 ? 1 : 0) + (got < l.qty ? 1 : 0);
        }
        shipment.status = "inspected";
        shipment.acceptedQty = acceptedQty;
        shipment.rejectedQty = rejectedQty;
        shipment.missingQty = missingQty;
        shipment.scrappedQty = scrappedQty;
        batch.units.accepted += acceptedQty;
        batch.units.rejectedAtFactory += rejectedQty;
        batch.units.missing += missingQty;
        batch.units.scrapped += scrappedQty;
        // 缺数: the units never arrived, so the parts consumed into them are lost.
        rows += unitsLost(batch, missingQty);
        if (missingQty > 0) reached.missingUnits++;
        return rows;
      },
    };
  }

  /** Rejected units at the factory go back for rework: finished units only, nothing in the component ledger. */
  private sendRework(op: Extract<Op, { t: "sendRework" }>): Step {
    const batch = this.batchFor("dispatchRework", op.b, op.anyBatch, (b) => b.units.rejectedAtFactory > 0);
    const available = batch.units.rejectedAtFactory;
    const qty = op.over ? available + 1 : Math.max(1, Math.ceil((available * op.share) / 100));
    let expected: Expected = "ok";
    if (!ALLOWED.dispatchRework.includes(batch.status)) expected = "CONFLICT";
    else if (qty > available) expected = "PRECONDITION_FAILED";
    const input = { batchId: batch.id, qty, idempotencyKey: this.key("rework") };
    const call = () => this.caller("factory.jhb").shipments.dispatchRework(input);
    return {
      batch,
      label: `send ${qty} for rework (${available} rejected at the factory) on ${batch.status} batch`,
      expected,
      call,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: (result) => {
        batch.shipments.push({
          id: idOf(result),
          kind: "rework",
          status: "in_transit",
          lines: [],
          ...NO_UNITS,
          reworkQty: qty,
        });
        batch.units.rejectedAtFactory -= qty;
        batch.units.reworkSent += qty;
        reached.reworkSent++;
        return 0;
      },
    };
  }

  /** The lead counts a rework delivery: fewer than sent are lost with their parts and need a note. */
  private receiveRework(op: Extract<Op, { t: "receiveRework" }>): Step | undefined {
    const picked = this.shipmentAt("rework", op.s, op.anyShipment);
    if (!picked) return undefined;
    const { batch, shipment } = picked;
    const sent = shipment.reworkQty ?? 0;
    const counted = op.over ? sent + 1 : Math.max(0, sent - op.short);
    let expected: Expected = "ok";
    if (op.wrongLead) expected = "NOT_FOUND";
    else if (shipment.status !== "in_transit") expected = "CONFLICT";
    else if (!ALLOWED.receiveRework.includes(batch.status)) expected = "CONFLICT";
    else if (counted > sent) expected = "PRECONDITION_FAILED";
    else if (counted < sent && op.noNote) expected = "BAD_REQUEST";
    const user = op.wrongLead ? batch.otherLead : batch.lead;
    const input = {
      shipmentId: shipment.id,
      qtyReceived: counted,
      note: op.noNote ? undefined : "点过了",
      idempotencyKey: this.key("rework-in"),
    };
    const call = () => this.caller(user).shipments.receiveRework(input);
    return {
      batch,
      label: `${user} counts ${counted} of ${shipment.status} rework of ${sent} on ${batch.status} batch`,
      expected,
      call,
      replayable: { user, call, key: input.idempotencyKey },
      apply: () => {
        shipment.status = "received";
        shipment.reworkReceivedQty = counted;
        batch.units.reworkAtWorkshop += counted;
        batch.units.reworkLost += sent - counted;
        return unitsLost(batch, sent - counted);
      },
    };
  }

  private close(op: Extract<Op, { t: "close" }>): Step {
    const lostSome = (b: ModelBatch) => b.units.missing + b.units.reworkLost > 0;
    const preferLost = op.lostFirst && this.batches.some((b) => ALLOWED.close.includes(b.status) && lostSome(b));
    const batch = this.batchFor("close", op.b, op.anyBatch, (b) => !preferLost || lostSome(b));
    const chargeOf = (code: string) =>
      (op.charge & (1 << batch.components.findIndex((c) => c.componentCode === code))) !== 0;
    let writeOffs = batch.components
      .filter((c) => c.atWorkshop > 0)
      .map((c) => ({
        componentCode: c.componentCode,
        qty: c.atWorkshop,
        reason: "余料报损",
        choice: chargeOf(c.componentCode) ? ("charge" as const) : ("write_off" as const),
      }));
    const first = writeOffs[0];
    const firstComponent = batch.components[0];
    if (op.wrong === 1 || (op.wrong > 1 && !first)) {
      if (first) first.qty += 1;
      else if (firstComponent)
        writeOffs = [{ componentCode: firstComponent.componentCode, qty: 1, reason: "多报", choice: "charge" }];
    } else if (op.wrong === 2) writeOffs = writeOffs.slice(1);
    else if (op.wrong === 3 && first) {
      if (first.qty > 1) first.qty -= 1;
      else writeOffs = writeOffs.slice(1);
    }
    const writtenOff = (code: string) => writeOffs.find((w) => w.componentCode === code)?.qty ?? 0;
    const { rework } = finishedOf(batch);
    let expected: Expected = "ok";
    if (!ALLOWED.close.includes(batch.status)) expected = "CONFLICT";
    // Rework on its way to the workshop or held there: closing waits for it.
    else if (rework.inTransit + rework.atWorkshop > 0) expected = "CONFLICT";
    else if (finishedOf(batch).awaitingInspection > 0) expected = "PRECONDITION_FAILED";
    else if (batch.components.some((c) => c.inTransit > 0 || writtenOff(c.componentCode) !== c.atWorkshop))
      expected = "PRECONDITION_FAILED";
    const missingUnitsChoice = op.missingUnits;
    const input = {
      id: batch.id,
      writeOffs,
      ...(missingUnitsChoice ? { missingUnitsChoice } : {}),
      idempotencyKey: this.key("close"),
    };
    const factory = this.caller("factory.jhb");
    const call = () => factory.batches.close(input);
    // The manager looks before closing: what the preview lists is what the close must book.
    let preview: Awaited<ReturnType<typeof factory.batches.closePreview>> | undefined;
    const lookThenClose = async () => {
      if (ALLOWED.close.includes(batch.status)) {
        preview = await factory.batches.closePreview({
          id: batch.id,
          choices: writeOffs.map((w) => ({ componentCode: w.componentCode, choice: w.choice })),
          missingUnitsChoice,
        });
        expect(preview.reworkOut, "rework out in the preview").toEqual({
          inTransit: rework.inTransit,
          atWorkshop: rework.atWorkshop,
        });
      }
      return call();
    };
    const lostUnits = batch.units.missing + batch.units.reworkLost;
    return {
      batch,
      label: `close ${batch.status} batch writing off ${JSON.stringify(writeOffs)}, ${lostUnits} unit(s) lost ${missingUnitsChoice ?? "(no choice)"}, rework out ${rework.inTransit}+${rework.atWorkshop}, holding ${JSON.stringify(batch.components.map((c) => [c.componentCode, c.inTransit, c.atWorkshop]))}`,
      expected,
      call: lookThenClose,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: (result) => {
        const { accepted, rejected, returnedGood, returnedDefective } = finishedOf(batch);
        let deduction = rejected * batch.product.rejectDeductionFen;
        for (const c of batch.components) {
          // Only leftovers charged to the workshop are deducted; the factory bears the rest.
          if (c.atWorkshop > 0 && chargeOf(c.componentCode)) {
            deduction += c.atWorkshop * c.unitCostFen;
            reached.chargedWriteOff++;
          } else if (c.atWorkshop > 0) reached.factoryWriteOff++;
        }
        // Units the workshop lost (缺数, rework lost on the way): one set of components each, unless the
        // factory bears them.
        const setCostFen = batch.components.reduce((sum, c) => sum + c.qtyPerUnit * c.unitCostFen, 0);
        const lostCharged = missingUnitsChoice !== "write_off";
        if (lostUnits > 0 && lostCharged) {
          deduction += lostUnits * setCostFen;
          reached.chargedMissingUnits++;
        } else if (lostUnits > 0) reached.borneMissingUnits++;
        expect(preview, "closePreview before close").toBeDefined();
        expect(preview?.missingUnits).toMatchObject({
          missing: batch.units.missing,
          reworkLost: batch.units.reworkLost,
          qty: lostUnits,
          setCostFen,
        });
        expect(preview?.deductions.filter((d) => d.cause === "units_missing")).toEqual(
          lostUnits > 0 && lostCharged && setCostFen > 0
            ? [
                {
                  cause: "units_missing",
                  componentCode: null,
                  qty: lostUnits,
                  unitFen: setCostFen,
                  amountFen: lostUnits * setCostFen,
                },
              ]
            : [],
        );
        expect(preview?.unitsNotReturned).toBe(batch.quantity - returnedGood - returnedDefective);
        expect(preview?.atWorkshop).toEqual(
          batch.components
            .filter((c) => c.atWorkshop > 0)
            .map((c) => ({ componentCode: c.componentCode, qty: c.atWorkshop })),
        );
        expect(preview?.surplus).toEqual(
          batch.components
            .filter((c) => c.surplus > 0)
            .map((c) => ({ componentCode: c.componentCode, qty: c.surplus })),
        );
        const closed = result as { settlement: unknown; deductions: unknown };
        expect(closed.deductions, "close books exactly the deductions its preview listed").toEqual(preview?.deductions);
        expect(preview?.deductions.reduce((sum, d) => sum + d.amountFen, 0)).toBe(deduction);
        for (const c of batch.components) {
          c.lost += c.atWorkshop;
          c.atWorkshop = 0;
        }
        const gross = accepted * batch.product.pieceRateFen;
        expect(closed.settlement, "settlement of the closed batch").toEqual({
          grossFen: gross,
          deductionFen: deduction,
          netFen: gross - deduction,
        });
        expect(preview?.settlement).toMatchObject({ grossFen: gross, netFen: gross - deduction });
        // What the workshop is owed grows by exactly accepted × rate less the deductions listed.
        this.money.owedFen[workshopOf(batch)] += gross - deduction;
        batch.status = "closed";
        return writeOffs.length;
      },
    };
  }

  /**
   * The factory pays part of what a workshop is still owed, sometimes more than that (refused), sometimes
   * nothing (refused); afterwards the balance is what every close added less every payment, never negative.
   */
  private pay(op: Extract<Op, { t: "pay" }>): Step {
    const owing = (w: Workshop) => this.money.owedFen[w] - this.money.paidFen[w];
    const more: Workshop = owing("xianghu") >= owing("huangbai") ? "xianghu" : "huangbai";
    const workshop: Workshop = op.other ? (more === "xianghu" ? "huangbai" : "xianghu") : more;
    const balance = owing(workshop);
    const amountFen = op.over ? Math.max(0, balance) + 1 : Math.floor((Math.max(0, balance) * op.share) / 100);
    let expected: Expected = "ok";
    if (amountFen <= 0) expected = "BAD_REQUEST";
    else if (amountFen > balance) expected = "PRECONDITION_FAILED";
    const input = {
      workshopId: this.app.orgs[workshop],
      amountFen,
      paidOn: shanghaiDay(new Date()),
      method: "bank" as const,
      idempotencyKey: this.key("pay"),
    };
    const call = () => this.caller("factory.jhb").settlements.recordPayment(input);
    return {
      label: `pay ${workshop} ${amountFen} fen of ${balance} owed`,
      expected,
      call,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: () => {
        this.money.paidFen[workshop] += amountFen;
        if (amountFen < balance) seen.partPayment++;
        return 0;
      },
    };
  }

  /** Mostly a batch that has already moved (refused); cancelling a draft ends its part in the run. */
  private cancel(op: Extract<Op, { t: "cancel" }>): Step {
    const moved = this.batches.filter((b) => b.status !== "draft");
    const batch =
      op.draft || moved.length === 0 ? this.batchAt(op.b) : (moved[op.b % moved.length] ?? this.batchAt(op.b));
    const input = { id: batch.id, reason: "客户取消", idempotencyKey: this.key("cancel") };
    const call = () => this.caller("factory.jhb").batches.cancel(input);
    return {
      batch,
      label: `cancel ${batch.status} batch`,
      expected: batch.status === "draft" ? "ok" : "CONFLICT",
      call,
      replayable: { user: "factory.jhb", call, key: input.idempotencyKey },
      apply: () => {
        batch.status = "cancelled";
        return 0;
      },
    };
  }

  /** The last accepted mutation sent again with its key: the first answer, nothing written. */
  private replay(): Step | undefined {
    const last = this.last;
    if (!last) return undefined;
    return {
      label: `replay key ${last.key}`,
      expected: "ok",
      call: last.call,
      apply: (result) => {
        expect(result, "a replayed key returns the first answer").toEqual(last.result);
        return 0;
      },
    };
  }

  /** The last accepted key sent by the same user with another request: CONFLICT, nothing written. */
  private reuseKey(): Step | undefined {
    const last = this.last;
    const batch = this.batches[0];
    if (!last || !batch) return undefined;
    const caller = this.caller(last.user);
    const call = last.user.startsWith("factory")
      ? () => caller.batches.cancel({ id: batch.id, reason: "same key, other request", idempotencyKey: last.key })
      : () =>
          caller.shipments.createReturn({
            batchId: batch.id,
            goodQty: 1,
            defectiveQty: 0,
            // Generated returns carry no note, so this is never the very request the key was first used for.
            note: "same key, other request",
            idempotencyKey: last.key,
          });
    return { label: `reuse key ${last.key} for another request`, expected: "CONFLICT", call, apply: () => 0 };
  }

  async perform(step: Step): Promise<void> {
    const before = await ledgerRowCount(this.app);
    const outcome = await settle(step.call);
    const actual = outcome.ok ? "ok" : outcome.code;
    expect(actual, `${step.label}: ${outcome.ok ? "accepted" : outcome.message}`).toBe(step.expected);
    const appended = outcome.ok ? step.apply(outcome.value) : 0;
    expect((await ledgerRowCount(this.app)) - before, `ledger rows appended by ${step.label}`).toBe(appended);
    if (outcome.ok && step.replayable) this.last = { ...step.replayable, result: outcome.value };
    // A step touches one batch; replays and reused keys are checked against all of them.
    await this.verify(step.label, step.batch ? [step.batch] : this.batches);
  }

  /** The API, the model and the raw ledger rows agree, and the conservation rule holds. */
  async verify(after: string, batches: readonly ModelBatch[] = this.batches): Promise<void> {
    const factory = this.caller("factory.jhb");
    const balances = await factory.settlements.balances({});
    for (const workshop of ["xianghu", "huangbai"] as const) {
      const owed = this.money.owedFen[workshop];
      const paid = this.money.paidFen[workshop];
      const row = balances.items.find((b) => b.workshop.id === this.app.orgs[workshop]);
      const where = `${workshop}'s balance after ${after}`;
      expect(row?.owedFen ?? 0, where).toBe(owed);
      expect(row?.paidFen ?? 0, where).toBe(paid);
      expect(row?.balanceFen ?? 0, where).toBe(owed - paid);
      expect(row?.unpaidFen ?? 0, `${where}: unpaid is never negative`).toBe(Math.max(0, owed - paid));
    }
    for (const batch of batches) {
      const view = await factory.batches.get({ id: batch.id });
      const where = `batch ${batch.id} after ${after}`;
      expect(conservationBreaches(view.balances), where).toEqual([]);
      for (const b of view.balances) {
        for (const field of BALANCE_FIELDS.filter((f) => f !== "dispatched")) {
          expect(b[field], `${where}: ${b.componentCode}.${field}`).toBeGreaterThanOrEqual(0);
        }
      }
      const f = view.finished;
      expect(finishedUnitBreaches(f), where).toEqual([]);
      // Paid once: every accepted unit is a distinct unit made from the kit, rework or not.
      expect(f.accepted + f.rejected + f.missing + f.scrapped + f.awaitingUnits, where).toBe(
        f.returnedGood + f.returnedDefective,
      );
      expect(f.returnedGood + f.returnedDefective, where).toBeLessThanOrEqual(f.ordered);
      expect(f, where).toEqual(finishedOf(batch));
      expect(view.status, where).toBe(batch.status);
      const modelBalances = batch.components.map((c) => pickBalance(c));
      expect(view.balances.map(pickBalance), where).toEqual(modelBalances);
      expect(await balancesFromLedgerRows(this.app, batch), `${where} (raw ledger rows)`).toEqual(modelBalances);
      expect(view.replacementRequests.map((r) => [r.id, r.status]).reverse(), `${where}: replacement requests`).toEqual(
        batch.requests.map((r) => [r.id, r.status]),
      );
      const shipmentFacts = (s: ModelShipment | (typeof view.shipments)[number]) => [
        s.id,
        s.kind,
        s.status,
        s.goodQty,
        s.defectiveQty,
        s.reworkQty,
        s.acceptedQty,
        s.rejectedQty,
        s.missingQty,
        s.scrappedQty,
        s.reworkReceivedQty,
      ];
      expect(view.shipments.map(shipmentFacts), where).toEqual(batch.shipments.map(shipmentFacts));
    }
  }
}

function workshopOf(batch: ModelBatch): Workshop {
  return batch.lead === "lead.xianghu" ? "xianghu" : "huangbai";
}

function pickBalance(b: ComponentBalance): ComponentBalance {
  return Object.fromEntries([
    ["componentCode", b.componentCode],
    ...BALANCE_FIELDS.map((f) => [f, b[f]]),
  ]) as ComponentBalance;
}

async function ledgerRowCount(app: TestApp): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await app.handle.db.execute(sql`select count(*)::int as n from ledger_entries`));
  return Number(row?.n);
}

/** Balances summed straight from ledger_entries by location, without the domain's movement code. */
async function balancesFromLedgerRows(app: TestApp, batch: ModelBatch): Promise<ComponentBalance[]> {
  const rows = rowsOf<{
    component_code: string;
    kind: string;
    from_location: string;
    to_location: string;
    qty: number;
  }>(
    await app.handle.db.execute(
      sql`select component_code, kind::text, from_location::text, to_location::text, qty from ledger_entries where batch_id = ${batch.id}`,
    ),
  );
  const net = new Map<string, Map<string, number>>();
  const gained = new Map<string, number>();
  const replaced = new Map<string, number>();
  for (const r of rows) {
    // Surplus enters from outside the factory's stock and never counts as dispatched.
    if (r.kind === "receipt_surplus") expect([r.from_location, r.to_location]).toEqual(["surplus", "workshop"]);
    expect(r.qty, "ledger quantities are positive").toBeGreaterThan(0);
    expect(r.from_location, "a movement goes somewhere").not.toBe(r.to_location);
    const byLocation = net.get(r.component_code) ?? new Map<string, number>();
    net.set(r.component_code, byLocation);
    byLocation.set(r.from_location, (byLocation.get(r.from_location) ?? 0) - r.qty);
    byLocation.set(r.to_location, (byLocation.get(r.to_location) ?? 0) + r.qty);
    if (r.kind === "tolerance_gain") gained.set(r.component_code, (gained.get(r.component_code) ?? 0) + r.qty);
    if (r.kind === "replacement") replaced.set(r.component_code, (replaced.get(r.component_code) ?? 0) + r.qty);
  }
  return batch.components.map((c) => {
    const at = (location: string) => net.get(c.componentCode)?.get(location) ?? 0;
    return {
      componentCode: c.componentCode,
      dispatched: 0 - at("factory"),
      inTransit: at("in_transit"),
      atWorkshop: at("workshop"),
      consumed: at("consumed"),
      scrapped: at("scrapped"),
      lost: at("lost"),
      returnedUnused: at("returned_unused"),
      gained: gained.get(c.componentCode) ?? 0,
      surplus: 0 - at("surplus"),
      replaced: replaced.get(c.componentCode) ?? 0,
    };
  });
}

/* ------------------------------------ suite ----------------------------------- */

const RUNS: Record<string, number> = { pglite: 25, postgres: 15 };
/** Rounds of RUNS at most while a path of `reached` has not been taken yet. */
const MAX_ROUNDS = 6;
/** Steps per run, the two set-up steps per batch included. */
const MAX_STEPS = 25;
const MAX_BATCHES = 3;

describe.each(STORE_KINDS)("generated operation sequences on %s", (kind) => {
  let app: TestApp;
  const productIds: string[] = [];
  let runs = 0;
  const money: MoneyModel = { owedFen: { xianghu: 0, huangbai: 0 }, paidFen: { xianghu: 0, huangbai: 0 } };

  beforeAll(async () => {
    app = await createTestApp(kind);
    const factory = app.as("factory.jhb");
    for (const p of PRODUCTS) {
      const created = await factory.catalog.createProduct({
        code: p.code,
        name: p.code,
        pieceRateFen: p.pieceRateFen,
        rejectDeductionFen: p.rejectDeductionFen,
        bom: p.bom.map((l) => ({ ...l, componentName: l.componentCode, unit: "个" })),
      });
      if (!created) throw new Error(`product ${p.code} not created`);
      productIds.push(created.id);
    }
  });
  afterAll(() => app?.close());

  it("keeps every balance conserved and matching the model after every step", async () => {
    // Some paths (a charged leftover at close, lost units at close, rework) need several steps in a row, so a
    // round of runs may miss one; further rounds run until each is reached, up to a bound that makes a
    // miss by chance negligible, and a path still never reached fails the test.
    const unreached = () => Object.values(reached).some((n) => n === 0);
    for (let round = 0; round === 0 || (round < MAX_ROUNDS && unreached()); round++) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(batchSpecArb, { minLength: 2, maxLength: MAX_BATCHES }),
          fc.array(opArb, { minLength: 8, maxLength: MAX_STEPS - 2 * MAX_BATCHES, size: "max" }),
          async (specs, ops) => {
            const run = new Run(app, productIds, `${kind}-${++runs}`, money);
            await run.createBatches(specs);
            await run.verify("creation");
            await run.advance(specs);
            for (const op of ops) {
              const step = run.stepFor(op);
              if (step) await run.perform(step);
            }
            await run.verify("the last step");
          },
        ),
        { numRuns: RUNS[kind] ?? 15 },
      );
    }
    for (const [path, count] of Object.entries(reached))
      expect(count, `never reached: ${path} ${JSON.stringify(reached)}`).toBeGreaterThan(0);
    console.info(`seen ${JSON.stringify(seen)}; reached ${JSON.stringify(reached)}`);
  }, 600_000);
});
