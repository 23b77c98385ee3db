/**
 * Every rule of PRODUCT.md "The conservation rule" and "Batch lifecycle", driven through the API with the
 * error code the contract names. Each scenario checks the conservation identity after every step.
 */
import { conservationBreaches } from "@kitflow/domain";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { tableDigests } from "../support/db-fingerprint";
import { shanghaiDay } from "../support/shanghai-calendar";
import { rowsOf } from "../support/sql";
import { STORE_KINDS } from "../support/stores";

/** The database refuses the statement with the append-only trigger's message (drizzle may wrap it). */
async function refusedByLedger(statement: Promise<unknown>) {
  let error: unknown;
  try {
    await statement;
  } catch (e) {
    error = e;
  }
  expect(error, "the statement went through").toBeInstanceOf(Error);
  const cause = (error as { cause?: { message?: string } }).cause;
  expect(`${(error as Error).message} ${cause?.message ?? ""}`).toMatch(/append-only/);
}

interface Component {
  componentCode: string;
  componentName: string;
  unit: string;
  qtyPerUnit: number;
  unitCostFen: number;
}

const A: Component = { componentCode: "R-A", componentName: "部件 A", unit: "个", qtyPerUnit: 1, unitCostFen: 600 };
const B: Component = { componentCode: "R-B", componentName: "部件 B", unit: "颗", qtyPerUnit: 2, unitCostFen: 5 };

describe.each(STORE_KINDS)("PRODUCT.md rules on %s", (kind) => {
  let app: TestApp;
  let counter = 0;
  const key = (label: string) => `rules-${label}-${++counter}`;
  const factory = () => app.as("factory.jhb");
  const lead = () => app.as("lead.xianghu");

  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  async function newProduct(options: { pieceRateFen?: number; rejectDeductionFen?: number; bom?: Component[] } = {}) {
    const product = await factory().catalog.createProduct({
      code: `R-${++counter}`,
      name: "规则测试产品",
      pieceRateFen: options.pieceRateFen ?? 180,
      rejectDeductionFen: options.rejectDeductionFen ?? 50,
      bom: options.bom ?? [A, B],
      idempotencyKey: key("product"),
    });
    if (!product) throw new Error("product not created");
    return product;
  }

  async function newBatch(options: { quantity?: number; allowancePct?: number; tolerancePct?: number } = {}) {
    const product = await newProduct();
    return factory().batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: options.quantity ?? 10,
      allowancePct: options.allowancePct ?? 0,
      tolerancePct: options.tolerancePct ?? 0,
      idempotencyKey: key("batch"),
    });
  }

  type Batch = Awaited<ReturnType<typeof newBatch>>;

  const dispatchAll = (batch: Batch) =>
    factory().shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: key("dispatch"),
    });

  const confirmAll = (shipment: Awaited<ReturnType<typeof dispatchAll>>, short: Record<string, number> = {}) =>
    lead().shipments.confirmReceipt({
      shipmentId: shipment.id,
      lines: shipment.lines.map((l) => ({
        componentCode: l.componentCode,
        qtyReceived: l.qty - (short[l.componentCode] ?? 0),
      })),
      // A count that differs from the delivery note needs a note saying why.
      note: Object.keys(short).length > 0 ? "short on arrival, driver signed" : undefined,
      idempotencyKey: key("confirm"),
    });

  /** The batch as the factory sees it, after checking the conservation identity holds. */
  async function conserved(batchId: string) {
    const batch = await factory().batches.get({ id: batchId });
    expect(conservationBreaches(batch.balances), batch.number).toEqual([]);
    for (const b of batch.balances) {
      for (const v of [b.inTransit, b.atWorkshop, b.consumed, b.scrapped, b.lost, b.returnedUnused]) {
        expect(v, `${b.componentCode} never negative`).toBeGreaterThanOrEqual(0);
      }
    }
    return batch;
  }

  async function balanceOf(batchId: string, code: string) {
    const balance = (await conserved(batchId)).balances.find((b) => b.componentCode === code);
    if (!balance) throw new Error(`no balance for ${code}`);
    return balance;
  }

  /** The call is refused with the code (and field), and nothing at all is written. */
  async function refused(promise: () => Promise<unknown>, code: string, field?: string) {
    const before = await tableDigests(app);
    let error: unknown;
    try {
      await promise();
    } catch (e) {
      error = e;
    }
    expect(error, "expected a refusal").toBeInstanceOf(TRPCError);
    const trpc = error as TRPCError;
    expect(trpc.code, trpc.message).toBe(code);
    if (field) {
      const ruleField = (trpc.cause as { field?: unknown } | undefined)?.field;
      expect(trpc.message.includes(field) || ruleField === field, `${trpc.message} names ${field}`).toBe(true);
    }
    expect(await tableDigests(app)).toEqual(before);
    return trpc;
  }

  it("sizes the kit as BOM × quantity × (1 + allowance), rounded up", async () => {
    const batch = await newBatch({ quantity: 7, allowancePct: 5 });
    expect(batch.kit.map((k) => [k.componentCode, k.kitQty])).toEqual([
      ["R-A", 8], // ceil(7 × 1 × 1.05) = ceil(7.35)
      ["R-B", 15], // ceil(7 × 2 × 1.05) = ceil(14.7)
    ]);
  });

  it("walks draft → dispatched → in production → partially returned → returned → closed, each step on the ledger with who and key", async () => {
    const batch = await newBatch({ quantity: 10 });
    expect(batch.status).toBe("draft");
    const status = async () => (await conserved(batch.id)).status;

    const firstKey = key("half");
    const half = await factory().shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty / 2 })),
      idempotencyKey: firstKey,
    });
    expect(await status()).toBe("dispatched");
    const rest = await factory().shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty / 2 })),
      idempotencyKey: key("rest"),
    });
    expect(await status()).toBe("dispatched");
    await confirmAll(half);
    expect(await status()).toBe("in_production");
    await confirmAll(rest);
    const firstBack = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 6,
      defectiveQty: 0,
      idempotencyKey: key("back-1"),
    });
    expect(await status()).toBe("partially_returned");
    const lastBack = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 4,
      defectiveQty: 0,
      idempotencyKey: key("back-2"),
    });
    expect(await status()).toBe("returned");
    for (const back of [firstBack, lastBack]) {
      await factory().shipments.inspectReturn({
        shipmentId: back.id,
        acceptedQty: back.goodQty ?? 0,
        rejectedQty: 0,
        idempotencyKey: key("inspect"),
      });
    }
    expect(await status()).toBe("returned");
    const closed = await factory().batches.close({ id: batch.id, idempotencyKey: key("close") });
    expect(closed.status).toBe("closed");

    // Every movement names who made it and the idempotency key of the request that made it.
    const ledger = rowsOf(
      await app.handle.db.execute(
        sql`select actor_user_id, idempotency_key, kind from ledger_entries where batch_id = ${batch.id}`,
      ),
    );
    expect(ledger.length).toBeGreaterThan(0);
    expect(ledger.every((r) => r.actor_user_id && r.idempotency_key)).toBe(true);
    const dispatchedByFirst = ledger.filter((r) => r.idempotency_key === firstKey);
    expect(dispatchedByFirst.map((r) => r.kind)).toEqual(["dispatch", "dispatch"]);
    expect(dispatchedByFirst.every((r) => r.actor_user_id === app.users["factory.jhb"]?.id)).toBe(true);
    const audit = rowsOf(
      await app.handle.db.execute(sql`select action from audit_events where entity_id = ${batch.id} order by id`),
    ).map((r) => r.action);
    expect(audit).toEqual(["batches.create", "batches.close"]);
  });

  it("a receipt counting fewer than sent moves the difference to lost, attributed to the shipment", async () => {
    const batch = await newBatch({ quantity: 10 });
    const out = await dispatchAll(batch);
    const received = await confirmAll(out, { "R-A": 3 });
    const a = await balanceOf(batch.id, "R-A");
    expect(a).toMatchObject({ dispatched: 10, inTransit: 0, atWorkshop: 7, lost: 3 });
    // The difference is recorded beside what was sent, never overwriting it.
    expect(received.lines.find((l) => l.componentCode === "R-A")).toMatchObject({ qty: 10, qtyReceived: 7 });
    const history = (await factory().batches.get({ id: batch.id })).history;
    expect(history.filter((h) => h.kind === "receipt_shortfall")).toEqual([
      expect.objectContaining({ componentCode: "R-A", qty: 3, shipmentId: out.id, from: "in_transit", to: "lost" }),
    ]);
  });

  it("a receipt that differs from the delivery note without a note is refused, naming the note", async () => {
    const batch = await newBatch({ quantity: 10 });
    const out = await dispatchAll(batch);
    const short = out.lines.map((l, i) => ({
      componentCode: l.componentCode,
      qtyReceived: i === 0 ? l.qty - 1 : l.qty,
    }));
    for (const note of [undefined, "   "]) {
      await refused(
        () =>
          lead().shipments.confirmReceipt({ shipmentId: out.id, lines: short, note, idempotencyKey: key("no-note") }),
        "BAD_REQUEST",
        "note",
      );
    }
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ inTransit: 10, atWorkshop: 0, lost: 0 });
  });

  it("a receipt counting more than sent books the surplus at the workshop, attributed to the shipment, with its note", async () => {
    const batch = await newBatch({ quantity: 10 });
    const out = await dispatchAll(batch);
    const note = "箱内多 8 个部件 A，B 少 2 颗";
    const received = await lead().shipments.confirmReceipt({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({
        componentCode: l.componentCode,
        qtyReceived: l.componentCode === "R-A" ? l.qty + 8 : l.qty - 2,
      })),
      note,
      idempotencyKey: key("surplus"),
    });
    // Never clamped: the count stands beside what the note said.
    expect(received.lines.find((l) => l.componentCode === "R-A")).toMatchObject({
      qty: 10,
      qtyReceived: 18,
      reason: note,
    });
    const a = await balanceOf(batch.id, "R-A");
    expect(a).toMatchObject({ dispatched: 10, surplus: 8, inTransit: 0, atWorkshop: 18, lost: 0 });
    expect(await balanceOf(batch.id, "R-B")).toMatchObject({ dispatched: 20, surplus: 0, atWorkshop: 18, lost: 2 });
    const seen = await factory().batches.get({ id: batch.id });
    expect(seen.history.filter((h) => h.kind === "receipt_surplus")).toEqual([
      expect.objectContaining({ componentCode: "R-A", qty: 8, shipmentId: out.id, from: "surplus", to: "workshop" }),
    ]);
    // The note goes with the rows of the lines it explains; here both differ, so every receipt row has it.
    expect(seen.history.filter((h) => h.shipmentId === out.id && h.kind !== "dispatch")).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "receipt_surplus", reason: note })]),
    );
    // The workshop can use the surplus: a return consuming all 18 of A is within what it holds.
    await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 9,
      defectiveQty: 0,
      unused: [{ componentCode: "R-A", qty: 9 }],
      idempotencyKey: key("return-surplus"),
    });
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ atWorkshop: 0, consumed: 9, inTransit: 9, surplus: 8 });
  });

  it("a receipt note goes with the lines that differ only; lines that match carry none", async () => {
    const batch = await newBatch({ quantity: 10 });
    const out = await dispatchAll(batch);
    const received = await lead().shipments.confirmReceipt({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({
        componentCode: l.componentCode,
        qtyReceived: l.componentCode === "R-A" ? l.qty + 1 : l.qty,
      })),
      note: "多一个",
      idempotencyKey: key("one-line"),
    });
    expect(received.lines.map((l) => [l.componentCode, l.reason])).toEqual([
      ["R-A", "多一个"],
      ["R-B", null],
    ]);
    const rows = (await factory().batches.get({ id: batch.id })).history.filter(
      (h) => h.shipmentId === out.id && h.kind !== "dispatch",
    );
    expect(rows.map((h) => [h.componentCode, h.kind, h.reason])).toEqual([
      ["R-A", "receipt", "多一个"],
      ["R-A", "receipt_surplus", "多一个"],
      ["R-B", "receipt", null],
    ]);
  });

  it("a receipt counting more than sent without a note is refused, naming the note, and books nothing", async () => {
    const batch = await newBatch({ quantity: 10 });
    const out = await dispatchAll(batch);
    await refused(
      () =>
        lead().shipments.confirmReceipt({
          shipmentId: out.id,
          lines: out.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty + 1 })),
          idempotencyKey: key("over"),
        }),
      "BAD_REQUEST",
      "note",
    );
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ inTransit: 10, atWorkshop: 0, surplus: 0 });
  });

  it("dispatching beyond the kit is refused, also across several dispatches", async () => {
    const batch = await newBatch({ quantity: 10, allowancePct: 10 });
    const kitA = batch.kit.find((k) => k.componentCode === "R-A")?.kitQty ?? 0;
    expect(kitA).toBe(11);
    await refused(
      () =>
        factory().shipments.dispatch({
          batchId: batch.id,
          lines: [{ componentCode: "R-A", qty: kitA + 1 }],
          idempotencyKey: key("too-much"),
        }),
      "PRECONDITION_FAILED",
      "lines.0.qty",
    );
    await factory().shipments.dispatch({
      batchId: batch.id,
      lines: [{ componentCode: "R-A", qty: 6 }],
      idempotencyKey: key("part"),
    });
    await refused(
      () =>
        factory().shipments.dispatch({
          batchId: batch.id,
          lines: [
            { componentCode: "R-B", qty: 1 },
            { componentCode: "R-A", qty: 6 },
          ],
          idempotencyKey: key("too-much-later"),
        }),
      "PRECONDITION_FAILED",
      "lines.1.qty",
    );
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ dispatched: 6, inTransit: 6 });
  });

  it("a return consumes (good + defective) × per-unit at once; scrap leaves the workshop when reported; unused stay in transit until counted, and a short count is lost", async () => {
    const batch = await newBatch({ quantity: 10, allowancePct: 20 });
    await confirmAll(await dispatchAll(batch));
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ dispatched: 12, atWorkshop: 12 });
    const back = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 4,
      defectiveQty: 1,
      unused: [{ componentCode: "R-A", qty: 3 }],
      scrap: [{ componentCode: "R-B", qty: 2, reason: "断裂" }],
      idempotencyKey: key("return"),
    });
    // Before any inspection: consumed, scrapped and the unused in transit are already booked.
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ consumed: 5, inTransit: 3, atWorkshop: 4 });
    expect(await balanceOf(batch.id, "R-B")).toMatchObject({ consumed: 10, scrapped: 2, atWorkshop: 24 - 12 });
    await factory().shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 4,
      rejectedQty: 1,
      unusedReceived: [{ componentCode: "R-A", qty: 2 }],
      idempotencyKey: key("inspect"),
    });
    expect(await balanceOf(batch.id, "R-A")).toMatchObject({ inTransit: 0, returnedUnused: 2, lost: 1 });
    const history = (await factory().batches.get({ id: batch.id })).history;
    expect(history.find((h) => h.kind === "unused_shortfall")).toMatchObject({ qty: 1, shipmentId: back.id });
  });

  it("a return needing more than the workshop holds is refused unless within tolerance, where the gain is recorded", async () => {
    // 5 % tolerance of a kit of 100 is 5 components.
    const within = await newBatch({ quantity: 100, tolerancePct: 5 });
    await confirmAll(await dispatchAll(within), { "R-A": 3 });
    const back = await lead().shipments.createReturn({
      batchId: within.id,
      goodQty: 100,
      defectiveQty: 0,
      idempotencyKey: key("within"),
    });
    expect(back.toleranceGains).toEqual([expect.objectContaining({ componentCode: "R-A", qty: 3 })]);
    expect(await balanceOf(within.id, "R-A")).toMatchObject({ gained: 3, consumed: 100, atWorkshop: 0, lost: 3 });

    const beyond = await newBatch({ quantity: 100, tolerancePct: 5 });
    await confirmAll(await dispatchAll(beyond), { "R-A": 6 });
    const error = await refused(
      () =>
        lead().shipments.createReturn({
          batchId: beyond.id,
          goodQty: 100,
          defectiveQty: 0,
          idempotencyKey: key("beyond"),
        }),
      "PRECONDITION_FAILED",
      "goodQty",
    );
    expect(error.message).toContain("R-A");
    expect(await balanceOf(beyond.id, "R-A")).toMatchObject({ gained: 0, consumed: 0, atWorkshop: 94 });

    const noTolerance = await newBatch({ quantity: 10, tolerancePct: 0 });
    await confirmAll(await dispatchAll(noTolerance));
    await refused(
      () =>
        lead().shipments.createReturn({
          batchId: noTolerance.id,
          goodQty: 0,
          defectiveQty: 0,
          unused: [{ componentCode: "R-A", qty: 11 }],
          idempotencyKey: key("unused-over"),
        }),
      "PRECONDITION_FAILED",
      "unused.0.qty",
    );
  });

  it("more finished units than ordered are refused", async () => {
    const batch = await newBatch({ quantity: 10, allowancePct: 50 });
    await confirmAll(await dispatchAll(batch));
    await refused(
      () =>
        lead().shipments.createReturn({
          batchId: batch.id,
          goodQty: 10,
          defectiveQty: 1,
          idempotencyKey: key("too-many"),
        }),
      "PRECONDITION_FAILED",
      "goodQty",
    );
  });

  it("piecework goes in before anything is returned, up to the units the received components allow", async () => {
    const batch = await newBatch({ quantity: 10, allowancePct: 0 });
    const dispatched = await dispatchAll(batch);
    const worker = await lead().workforce.createWorker({
      name: "规则工人",
      villageCode: "360781100001",
      poorHousehold: true,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2026-01-05",
      idempotencyKey: key("worker"),
    });
    const today = shanghaiDay();
    const book = (qty: number) =>
      lead().workforce.enterPiecework({
        batchId: batch.id,
        workDate: today,
        entries: [{ workerId: worker.id, qty }],
        idempotencyKey: key("piecework"),
      });
    // Kits still in transit: the workshop has received nothing it could have assembled.
    await refused(() => book(1), "PRECONDITION_FAILED", "entries");
    await confirmAll(dispatched);
    // Whole kit counted, nothing returned: every ordered unit can be booked, and not one more.
    expect((await factory().batches.get({ id: batch.id })).piecework.ceiling).toBe(10);
    expect((await book(10)).entered).toBe(10);
    await refused(() => book(1), "PRECONDITION_FAILED", "entries");
  });

  it("accepted + rejected must equal good + defective of the return", async () => {
    const batch = await newBatch({ quantity: 10 });
    await confirmAll(await dispatchAll(batch));
    const back = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 8,
      defectiveQty: 2,
      idempotencyKey: key("return"),
    });
    for (const [acceptedQty, rejectedQty] of [
      [8, 1],
      [9, 2],
      [0, 0],
    ] as const) {
      await refused(
        () =>
          factory().shipments.inspectReturn({
            shipmentId: back.id,
            acceptedQty,
            rejectedQty,
            idempotencyKey: key("verdict"),
          }),
        "PRECONDITION_FAILED",
        "acceptedQty",
      );
    }
    const inspected = await factory().shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 7,
      rejectedQty: 3,
      idempotencyKey: key("verdict-ok"),
    });
    expect(inspected).toMatchObject({ status: "inspected", acceptedQty: 7, rejectedQty: 3 });
    expect((await conserved(batch.id)).finished).toMatchObject({ accepted: 7, rejected: 3, returnedDefective: 2 });
  });

  it("close is refused while anything is in transit, a return awaits inspection, or leftovers are not written off exactly", async () => {
    const batch = await newBatch({ quantity: 10, allowancePct: 10 });
    const out = await dispatchAll(batch);
    const close = (writeOffs: { componentCode: string; qty: number; reason: string }[] = []) =>
      factory().batches.close({ id: batch.id, writeOffs, idempotencyKey: key("close") });

    const inTransit = await refused(() => close(), "PRECONDITION_FAILED");
    expect(inTransit.message).toContain("in transit");
    await confirmAll(out);
    const back = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 10,
      defectiveQty: 0,
      idempotencyKey: key("return"),
    });
    const awaiting = await refused(() => close(), "PRECONDITION_FAILED");
    expect(awaiting.message).toContain("inspection");
    await factory().shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 10,
      rejectedQty: 0,
      idempotencyKey: key("inspect"),
    });
    // 1 A and 2 B remain at the workshop.
    await refused(() => close(), "PRECONDITION_FAILED", "writeOffs");
    await refused(
      () =>
        close([
          { componentCode: "R-A", qty: 1, reason: "余料" },
          { componentCode: "R-B", qty: 1, reason: "余料" },
        ]),
      "PRECONDITION_FAILED",
      "writeOffs.1.qty",
    );
    await refused(
      () =>
        close([
          { componentCode: "R-A", qty: 2, reason: "余料" },
          { componentCode: "R-B", qty: 2, reason: "余料" },
        ]),
      "PRECONDITION_FAILED",
      "writeOffs.0.qty",
    );
    const closed = await close([
      { componentCode: "R-A", qty: 1, reason: "余料" },
      { componentCode: "R-B", qty: 2, reason: "余料" },
    ]);
    expect(closed.status).toBe("closed");
    expect(closed.balances.every((b) => b.inTransit === 0 && b.atWorkshop === 0)).toBe(true);
    expect(conservationBreaches(closed.balances)).toEqual([]);
    await refused(() => close(), "CONFLICT");
  });

  it("cancel is allowed only in draft; after a dispatch it is CONFLICT and the batch is closed with write-offs instead", async () => {
    const draft = await newBatch();
    const cancelled = await factory().batches.cancel({ id: draft.id, reason: "客户取消", idempotencyKey: key("c") });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.history).toEqual([]);
    await refused(
      () =>
        factory().shipments.dispatch({
          batchId: draft.id,
          lines: [{ componentCode: "R-A", qty: 1 }],
          idempotencyKey: key("after-cancel"),
        }),
      "CONFLICT",
    );

    const moved = await newBatch();
    await factory().shipments.dispatch({
      batchId: moved.id,
      lines: [{ componentCode: "R-A", qty: 1 }],
      idempotencyKey: key("one"),
    });
    const error = await refused(
      () => factory().batches.cancel({ id: moved.id, reason: "太晚", idempotencyKey: key("late") }),
      "CONFLICT",
    );
    expect(error.message).toContain("write-offs");
  });

  it("settles accepted × piece rate − reject deductions − write-off costs, in integer fen", async () => {
    const product = await newProduct({ pieceRateFen: 180, rejectDeductionFen: 50 });
    const batch = await factory().batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 10,
      allowancePct: 10,
      idempotencyKey: key("batch"),
    });
    await confirmAll(await dispatchAll(batch));
    const back = await lead().shipments.createReturn({
      batchId: batch.id,
      goodQty: 8,
      defectiveQty: 2,
      idempotencyKey: key("return"),
    });
    await factory().shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 7,
      rejectedQty: 3,
      idempotencyKey: key("inspect"),
    });
    const closed = await factory().batches.close({
      id: batch.id,
      writeOffs: [
        { componentCode: "R-A", qty: 1, reason: "丢失" },
        { componentCode: "R-B", qty: 2, reason: "丢失" },
      ],
      idempotencyKey: key("close"),
    });
    const gross = 7 * 180;
    const rejects = 3 * 50;
    const writeOffs = 1 * A.unitCostFen + 2 * B.unitCostFen;
    expect(closed.settlement).toEqual({
      grossFen: gross,
      deductionFen: rejects + writeOffs,
      netFen: gross - rejects - writeOffs,
    });
    expect(closed.settlementBreakdown).toEqual({
      grossFen: gross,
      rejectDeductionFen: rejects,
      // Every unit on the returns was in the box: nothing lost, so no 缺数 deduction.
      missingUnitDeductionFen: 0,
      writeOffDeductionFen: writeOffs,
      netFen: gross - rejects - writeOffs,
    });
    expect(Number.isInteger(closed.settlement?.netFen)).toBe(true);
  });

  it("editing a product does not change the kit, piece rate or settlement of a batch already created", async () => {
    const product = await newProduct({ pieceRateFen: 180 });
    const batch = await factory().batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 10,
      allowancePct: 0,
      idempotencyKey: key("batch"),
    });
    await factory().catalog.updateProduct({
      id: product.id,
      code: product.code,
      name: "改过的产品",
      pieceRateFen: 999,
      rejectDeductionFen: 0,
      bom: [{ ...A, qtyPerUnit: 3 }, B, { ...A, componentCode: "R-C", componentName: "新部件" }],
      idempotencyKey: key("edit"),
    });
    const after = await factory().batches.get({ id: batch.id });
    expect(after.kit).toEqual(batch.kit);
    expect(after.pieceRateFen).toBe(180);
    expect(after.balances.map((b) => b.componentCode)).toEqual(["R-A", "R-B"]);
    const fresh = await factory().batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 10,
      allowancePct: 0,
      idempotencyKey: key("batch-after-edit"),
    });
    expect(fresh.kit.map((k) => [k.componentCode, k.kitQty])).toEqual([
      ["R-A", 30],
      ["R-B", 20],
      ["R-C", 10],
    ]);
    // The old batch still takes only its own components.
    await refused(
      () =>
        factory().shipments.dispatch({
          batchId: batch.id,
          lines: [{ componentCode: "R-C", qty: 1 }],
          idempotencyKey: key("new-part"),
        }),
      "BAD_REQUEST",
      "lines.0.componentCode",
    );
  });

  it("the ledger table refuses UPDATE, DELETE and TRUNCATE", async () => {
    const batch = await newBatch();
    await dispatchAll(batch);
    const count = async () =>
      Number(
        rowsOf(
          await app.handle.db.execute(sql`select count(*)::int as n from ledger_entries where batch_id = ${batch.id}`),
        )[0]?.n,
      );
    const qtys = async () =>
      rowsOf(
        await app.handle.db.execute(sql`select qty from ledger_entries where batch_id = ${batch.id} order by id`),
      ).map((r) => Number(r.qty));
    const entries = await count();
    const before = await qtys();
    expect(entries).toBe(2);
    await refusedByLedger(
      app.handle.db.execute(sql`update ledger_entries set qty = qty + 1 where batch_id = ${batch.id}`),
    );
    await refusedByLedger(app.handle.db.execute(sql`delete from ledger_entries where batch_id = ${batch.id}`));
    await refusedByLedger(app.handle.db.execute(sql`delete from ledger_entries`));
    await refusedByLedger(app.handle.db.execute(sql`truncate ledger_entries cascade`));
    expect(await count()).toBe(entries);
    expect(await qtys()).toEqual(before);
  });
});
