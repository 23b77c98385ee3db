import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

const AWAITED = new Set(["draft", "dispatched", "in_production", "partially_returned"]);

describe.each(STORE_KINDS)("overview.factory on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  it("counts the factory's batches by status exactly as batches.list does", async () => {
    const factory = app.as("factory.jhb");
    const overview = await factory.overview.factory();
    const { items } = await factory.batches.list({ limit: 100 });
    const expected = new Map<string, number>();
    for (const b of items) expected.set(b.status, (expected.get(b.status) ?? 0) + 1);
    expect(new Map(overview.byStatus.map((s) => [s.status, s.count]))).toEqual(expected);
  });

  it("lists late and due-soon batches only among those still awaited", async () => {
    const overview = await app.as("factory.jhb").overview.factory();
    for (const b of overview.late) {
      expect(AWAITED.has(b.status), b.number).toBe(true);
      expect(b.dueDate && b.dueDate < overview.today, b.number).toBe(true);
    }
    for (const b of overview.dueSoon) {
      expect(AWAITED.has(b.status), b.number).toBe(true);
      expect(b.dueDate && b.dueDate >= overview.today, b.number).toBe(true);
    }
  });

  it("agrees with the shipments: in transit, awaiting inspection and short receipts", async () => {
    const factory = app.as("factory.jhb");
    const overview = await factory.overview.factory();
    const shipments = await factory.shipments.list({ limit: 100 });
    const ids = (pick: (s: (typeof shipments)[number]) => boolean) =>
      shipments
        .filter(pick)
        .map((s) => s.id)
        .sort();
    expect(overview.dispatchesInTransit.map((s) => s.id).sort()).toEqual(
      ids((s) => s.kind === "dispatch" && s.status === "in_transit"),
    );
    expect(overview.returnsAwaitingInspection.map((s) => s.id).sort()).toEqual(
      ids((s) => s.kind === "return" && s.status === "in_transit"),
    );
    const differing = ids(
      (s) =>
        s.kind === "dispatch" &&
        s.lines.some((l) => l.role === "component" && l.qtyReceived !== null && l.qtyReceived !== l.qty),
    );
    expect(differing.length).toBeGreaterThan(0);
    expect(overview.discrepancies.map((s) => s.id).sort()).toEqual(differing);
    for (const d of overview.discrepancies) expect(d.missing + d.surplus).toBeGreaterThan(0);
  });

  it("lists a receipt that counted more than the note among the discrepancies, with its surplus", async () => {
    const factory = app.as("factory.jhb");
    const [product] = await factory.catalog.listProducts();
    if (!product) throw new Error("the demo has no product");
    const batch = await factory.batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 5,
      idempotencyKey: "overview-surplus-batch",
    });
    const line = batch.kit[0];
    if (!line) throw new Error("no kit line");
    const out = await factory.shipments.dispatch({
      batchId: batch.id,
      lines: [{ componentCode: line.componentCode, qty: line.kitQty }],
      idempotencyKey: "overview-surplus-dispatch",
    });
    await app.as("lead.xianghu").shipments.confirmReceipt({
      shipmentId: out.id,
      lines: [{ componentCode: line.componentCode, qtyReceived: line.kitQty + 3 }],
      note: "多 3 个",
      idempotencyKey: "overview-surplus-confirm",
    });
    const listed = (await factory.overview.factory()).discrepancies.find((d) => d.id === out.id);
    expect(listed).toMatchObject({ missing: 0, surplus: 3, receiptNote: "多 3 个" });
  });

  it("shows another factory none of these, and refuses workshop leads and officials", async () => {
    const jhb = await app.as("factory.jhb").overview.factory();
    const yuanye = await app.as("factory.yuanye").overview.factory();
    const jhbBatchIds = new Set([...jhb.late, ...jhb.dueSoon].map((b) => b.id));
    for (const b of [...yuanye.late, ...yuanye.dueSoon]) expect(jhbBatchIds.has(b.id)).toBe(false);
    const jhbShipments = new Set(
      [...jhb.dispatchesInTransit, ...jhb.returnsAwaitingInspection, ...jhb.discrepancies].map((s) => s.id),
    );
    for (const s of [...yuanye.dispatchesInTransit, ...yuanye.returnsAwaitingInspection, ...yuanye.discrepancies]) {
      expect(jhbShipments.has(s.id)).toBe(false);
    }
    await expect(app.as("lead.xianghu").overview.factory()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(app.as("official.ruijin").overview.factory()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
