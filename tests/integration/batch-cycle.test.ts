import { conservationBreaches } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

describe.each(STORE_KINDS)("batch cycle on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  it("seeds batches in every state with balanced ledgers", async () => {
    const factory = app.as("factory.jhb");
    const { items } = await factory.batches.list({ limit: 100 });
    const statuses = new Set(items.map((b) => b.status));
    for (const s of ["draft", "dispatched", "in_production", "partially_returned", "returned", "closed", "cancelled"]) {
      expect(statuses, s).toContain(s);
    }
    for (const item of items) {
      const batch = await factory.batches.get({ id: item.id });
      expect(conservationBreaches(batch.balances), batch.number).toEqual([]);
    }
  });

  it("drives create → dispatch → confirm → return → inspect → close", async () => {
    const factory = app.as("factory.jhb");
    const lead = app.as("lead.xianghu");
    const [product] = await factory.catalog.listProducts();
    if (!product) throw new Error("no product");
    const batch = await factory.batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 100,
      allowancePct: 2,
      idempotencyKey: "cycle-create-1",
    });
    expect(batch.status).toBe("draft");
    const out = await factory.shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: "cycle-dispatch-1",
    });
    expect(out.deliveryNoteNumber).toMatch(/^FH/);
    expect(out.qrPayload).toContain(out.id);
    await lead.shipments.confirmReceipt({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
      idempotencyKey: "cycle-confirm-1",
    });
    const back = await lead.shipments.createReturn({
      batchId: batch.id,
      goodQty: 98,
      defectiveQty: 2,
      unused: [],
      scrap: [],
      idempotencyKey: "cycle-return-1",
    });
    await factory.shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 98,
      rejectedQty: 2,
      unusedReceived: [],
      idempotencyKey: "cycle-inspect-1",
    });
    const before = await factory.batches.get({ id: batch.id });
    expect(before.status).toBe("returned");
    const closed = await factory.batches.close({
      id: batch.id,
      writeOffs: before.balances
        .filter((b) => b.atWorkshop > 0)
        .map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop, reason: "余料" })),
      idempotencyKey: "cycle-close-1",
    });
    expect(closed.status).toBe("closed");
    expect(closed.settlement?.grossFen).toBe(98 * product.pieceRateFen);
    expect(conservationBreaches(closed.balances)).toEqual([]);
    expect(closed.balances.every((b) => b.inTransit === 0 && b.atWorkshop === 0)).toBe(true);
  });
});
