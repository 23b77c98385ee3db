import { shanghaiDay, shanghaiMonth, shanghaiMonthRange } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** Runs one batch from creation to close: 100 ordered, 95 good + 5 defective back, 93 accepted. */
async function closeOneBatch(
  factory: Caller,
  lead: Caller,
  workshopId: string,
  tag: string,
  choice: "charge" | "write_off" = "charge",
) {
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
  // 2 spare bodies stay at the workshop: charged at 30 fen each, or written off at the factory's cost.
  const closed = await factory.batches.close({
    id: batch.id,
    writeOffs: [{ componentCode: "BODY", qty: 2, reason: "余料", choice }],
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
    const deductions = [
      { cause: "rejected_units", componentCode: null, qty: 7, unitFen: 20, amountFen: 140 },
      { cause: "components_charged", componentCode: "BODY", qty: 2, unitFen: 30, amountFen: 60 },
    ];
    expect(group?.totals).toEqual({
      batches: 1,
      acceptedQty: 93,
      rejectedQty: 7,
      grossFen: 13_950,
      deductionFen: 200,
      netFen: 13_750,
      paidFen: 0,
      unpaidFen: 13_750,
      deductions,
    });
    // Each row lists its deductions by cause, adding up to the deduction, and the net is accepted × rate less them.
    expect(group?.batches[0]).toMatchObject({ deductions, deductionFen: 200, paidFen: 0, unpaidFen: 13_750 });
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

describe.each(STORE_KINDS)("payments and the unpaid balance on %s", (kind) => {
  let app: TestApp;
  let month: string;
  let chargedId: string;
  let writtenOffId: string;
  const today = () => shanghaiDay(new Date());
  beforeAll(async () => {
    app = await createTestApp(kind);
    const factory = app.as("factory.jhb");
    const lead = app.as("lead.xianghu");
    const charged = await closeOneBatch(factory, lead, app.orgs.xianghu, "P1");
    const writtenOff = await closeOneBatch(factory, lead, app.orgs.xianghu, "P2", "write_off");
    chargedId = charged.id;
    writtenOffId = writtenOff.id;
    month = shanghaiMonth(new Date(charged.closedAt ?? ""));
  });
  afterAll(() => app?.close());

  const pay = (amountFen: number, key: string, extra: Record<string, unknown> = {}) =>
    app.as("factory.jhb").settlements.recordPayment({
      workshopId: app.orgs.xianghu,
      amountFen,
      paidOn: today(),
      method: "bank",
      reference: "流水 0001",
      idempotencyKey: key,
      ...extra,
    });

  it("books nothing against the workshop for components written off at the factory's cost", async () => {
    const rows = (await app.as("factory.jhb").settlements.monthly({ month })).groups[0]?.batches ?? [];
    const written = rows.find((b) => b.batchId === writtenOffId);
    expect(written?.deductions).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 7, unitFen: 20, amountFen: 140 },
    ]);
    expect(written?.netFen).toBe(93 * 150 - 140);
    const charged = rows.find((b) => b.batchId === chargedId);
    expect(charged?.netFen).toBe(93 * 150 - 200);
  });

  it("records partial payments, settles the oldest batch first and never lets unpaid go negative", async () => {
    const owed = 13_750 + 13_810;
    const first = await pay(10_000, "pay-part-one");
    expect(first.balance).toMatchObject({ owedFen: owed, paidFen: 10_000, unpaidFen: owed - 10_000 });
    // The same key again answers the same and pays nothing more.
    expect(await pay(10_000, "pay-part-one")).toEqual(first);
    await expect(pay(10_001, "pay-part-one")).rejects.toMatchObject({ code: "CONFLICT" });
    await pay(5_000, "pay-part-two", { method: "wechat", reference: undefined });

    const monthly = await app.as("factory.jhb").settlements.monthly({ month });
    const rows = monthly.groups[0]?.batches ?? [];
    expect(rows.map((b) => [b.batchId, b.paidFen, b.unpaidFen])).toEqual([
      [chargedId, 13_750, 0],
      [writtenOffId, 1_250, 12_560],
    ]);
    expect(monthly.totals).toMatchObject({ paidFen: 15_000, unpaidFen: owed - 15_000 });

    const balances = await app.as("factory.jhb").settlements.balances({});
    expect(balances.items).toEqual([
      expect.objectContaining({
        workshop: expect.objectContaining({ id: app.orgs.xianghu }),
        owedFen: owed,
        paidFen: 15_000,
        balanceFen: owed - 15_000,
        unpaidFen: owed - 15_000,
        ageing: { days0to30: owed - 15_000, days31to60: 0, days61to90: 0, over90: 0 },
      }),
    ]);
  });

  it("refuses a payment above what is still owed, and one dated in the future, writing nothing", async () => {
    const before = (await app.as("factory.jhb").settlements.payments({})).items.length;
    const { unpaidFen } = (await app.as("factory.jhb").settlements.balances({})).totals;
    await expect(pay(unpaidFen + 1, "pay-too-much")).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      cause: { reason: "paymentAboveOwed", field: "amountFen", params: { owedFen: unpaidFen } },
    });
    await expect(pay(1, "pay-tomorrow", { paidOn: "2099-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      app.as("factory.yuanye").settlements.recordPayment({
        workshopId: app.orgs.xianghu,
        amountFen: 1,
        paidOn: today(),
        method: "cash",
        idempotencyKey: "pay-not-partner",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await app.as("factory.jhb").settlements.payments({})).items).toHaveLength(before);
  });

  it("refuses malformed filters and choices, naming the field", async () => {
    const factory = app.as("factory.jhb");
    for (const call of [
      () => factory.settlements.payments({ workshopId: "not-an-id" }),
      () => factory.settlements.balances({ workshopId: "not-an-id" }),
      () => factory.settlements.statement({ month, workshopId: "not-an-id" }),
    ]) {
      await expect(call()).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("workshopId"),
      });
    }
    await expect(
      factory.batches.closePreview({
        id: chargedId,
        choices: [{ componentCode: "BODY", choice: "give_away" as "charge" }],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("choice") });
  });

  it("shows the lead each payment its workshop received, and nobody else's", async () => {
    const own = await app.as("lead.xianghu").settlements.payments({});
    expect(own.items.map((p) => [p.amountFen, p.method, p.factory.id])).toEqual([
      [5_000, "wechat", app.orgs.jhb],
      [10_000, "bank", app.orgs.jhb],
    ]);
    expect((await app.as("lead.huangbai").settlements.payments({})).items).toEqual([]);
    expect((await app.as("factory.yuanye").settlements.payments({})).items).toEqual([]);
    expect((await app.as("lead.huangbai").settlements.balances({})).items).toEqual([]);
    await expect(app.as("lead.huangbai").settlements.payments({ workshopId: app.orgs.xianghu })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(app.as("official.ruijin").settlements.payments({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      app.as("lead.xianghu").settlements.statement({ month, workshopId: app.orgs.xianghu }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("prints a 对账单 whose batches, deductions, payments and balance agree with the settlement to the fen", async () => {
    const factory = app.as("factory.jhb");
    const statement = await factory.settlements.statement({ month, workshopId: app.orgs.xianghu });
    const monthly = await factory.settlements.monthly({ month, workshopId: app.orgs.xianghu });
    const group = monthly.groups[0];
    expect(statement.batches).toEqual(group?.batches);
    expect(statement.totals).toMatchObject({
      openingFen: 0,
      grossFen: group?.totals.grossFen,
      deductionFen: group?.totals.deductionFen,
      netFen: group?.totals.netFen,
      paidFen: 15_000,
      closingFen: (group?.totals.netFen ?? 0) - 15_000,
      deductions: group?.totals.deductions,
    });
    expect(statement.totals.closingFen).toBe(statement.balance.balanceFen);
    expect(statement.payments.map((p) => p.amountFen)).toEqual([10_000, 5_000]);
    await expect(
      app.as("factory.yuanye").settlements.statement({ month, workshopId: app.orgs.xianghu }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      factory.settlements.statement({ month: "2026-13", workshopId: app.orgs.xianghu }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
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
