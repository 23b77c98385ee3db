import { shanghaiMonth, shanghaiMonthRange } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** Runs one batch from creation to close: 100 ordered, 95 good + 5 defective back, 93 accepted. */
async function closeOneBatch(factory: Caller, lead: Caller, workshopId: string, tag: string) {
  const product = await factory.catalog.createProduct({
    code: `SET-${tag}`,
    name: `Settlement toy ${tag}`,
    pieceRateFen: 150,
    rejectDeductionFen: 20,
    bom: [{ componentCode: "BODY", componentName: "Body", unit: "pc", qtyPerUnit: 1, unitCostFen: 30 }],
  });
  if (!product) throw new Error("product not created");
  const batch = await factory.batches.create({
    workshopId,
    productId: product.id,
    quantity: 100,
    allowancePct: 2,
    idempotencyKey: `set-create-${tag}`,
  });
  const out = await factory.shipments.dispatch({
    batchId: batch.id,
    lines: [{ componentCode: "BODY", qty: 102 }],
    idempotencyKey: `set-dispatch-${tag}`,
  });
  await lead.shipments.confirmReceipt({
    shipmentId: out.id,
    lines: [{ componentCode: "BODY", qtyReceived: 102 }],
    idempotencyKey: `set-confirm-${tag}`,
  });
  const back = await lead.shipments.createReturn({
    batchId: batch.id,
    goodQty: 95,
    defectiveQty: 5,
    idempotencyKey: `set-return-${tag}`,
  });
  await factory.shipments.inspectReturn({
    shipmentId: back.id,
    acceptedQty: 93,
    rejectedQty: 7,
    idempotencyKey: `set-inspect-${tag}`,
  });
  // 2 spare bodies stay at the workshop and are written off at 30 fen each.
  const closed = await factory.batches.close({
    id: batch.id,
    writeOffs: [{ componentCode: "BODY", qty: 2, reason: "余料" }],
    idempotencyKey: `set-close-${tag}`,
  });
  return closed;
}

describe.each(STORE_KINDS)("settlements.monthly on %s", (kind) => {
  let app: TestApp;
  let month: string;
  let batchId: string;
  beforeAll(async () => {
    app = await createTestApp(kind);
    const closed = await closeOneBatch(app.as("factory.jhb"), app.as("lead.xianghu"), app.orgs.xianghu, "A");
    batchId = closed.id;
    if (!closed.closedAt) throw new Error("batch not closed");
    month = shanghaiMonth(new Date(closed.closedAt));
  });
  afterAll(() => app?.close());

  it("gives the factory accepted units × piece rate minus deductions, per workshop", async () => {
    const result = await app.as("factory.jhb").settlements.monthly({ month });
    expect(result.groups).toHaveLength(1);
    const [group] = result.groups;
    expect(group?.workshop.id).toBe(app.orgs.xianghu);
    expect(group?.batches.map((b) => b.batchId)).toEqual([batchId]);
    // 93 × 150 = 13 950 gross; 7 rejected × 20 + 2 written off × 30 = 200 deducted.
    expect(group?.totals).toEqual({
      batches: 1,
      acceptedQty: 93,
      rejectedQty: 7,
      grossFen: 13_950,
      deductionFen: 200,
      netFen: 13_750,
    });
    expect(result.totals.netFen).toBe(13_750);
  });

  it("narrows to one partner workshop and leaves out other months", async () => {
    const factory = app.as("factory.jhb");
    expect((await factory.settlements.monthly({ month, workshopId: app.orgs.huangbai })).groups).toEqual([]);
    expect((await factory.settlements.monthly({ month, workshopId: app.orgs.xianghu })).totals.netFen).toBe(13_750);
    const earlier = await factory.settlements.monthly({ month: previousMonth(month) });
    expect(earlier.groups).toEqual([]);
    expect(earlier.totals.netFen).toBe(0);
  });

  it("shows the workshop lead what its factory owes it, and nothing to other workshops", async () => {
    const own = await app.as("lead.xianghu").settlements.monthly({ month });
    expect(own.groups.map((g) => g.factory.id)).toEqual([app.orgs.jhb]);
    expect(own.totals.netFen).toBe(13_750);
    const other = await app.as("lead.huangbai").settlements.monthly({ month });
    expect(other.groups).toEqual([]);
  });

  it("hides another factory's batches and refuses a workshop that is not the caller's", async () => {
    expect((await app.as("factory.yuanye").settlements.monthly({ month })).groups).toEqual([]);
    await expect(
      app.as("factory.yuanye").settlements.monthly({ month, workshopId: app.orgs.xianghu }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      app.as("lead.huangbai").settlements.monthly({ month, workshopId: app.orgs.xianghu }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses officials and admins, and a malformed month naming the field", async () => {
    await expect(app.as("official.ruijin").settlements.monthly({ month })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(app.as("admin").settlements.monthly({ month })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(app.as("factory.jhb").settlements.monthly({ month: "2025-13" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("month"),
    });
  });
});

describe("shanghaiMonthRange", () => {
  it("starts a month at 00:00 Asia/Shanghai, 16:00 UTC the day before", () => {
    expect(shanghaiMonthRange("2025-01")).toEqual({
      from: new Date("2024-12-31T16:00:00.000Z"),
      to: new Date("2025-01-31T16:00:00.000Z"),
    });
    expect(shanghaiMonthRange("2024-12").to).toEqual(new Date("2024-12-31T16:00:00.000Z"));
  });
});
