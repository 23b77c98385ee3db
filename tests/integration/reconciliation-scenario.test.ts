/**
 * One batch from kit to the last fen, the way a factory and a workshop reconcile it (委外核销): dispatched
 * by sets on a new trip, received with a surplus on one line and a shortfall on another, returned with
 * defects, one rejected unit sent for rework and returned, closed with the leftover charged to the
 * workshop, and paid in two parts. The batch page, the factory's settlement, the lead's 本月应收, the
 * 对账单 and the payments must tell the same story to the fen.
 */
import { conservationBreaches, finishedUnitBreaches, shanghaiDay, shanghaiMonth } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

const RATE_FEN = 150;
const REJECT_FEN = 20;
const BODY_COST_FEN = 30;

describe.each(STORE_KINDS)("a batch reconciled end to end on %s", (kind) => {
  let app: TestApp;
  let factory: Caller;
  let lead: Caller;
  let batchId: string;

  beforeAll(async () => {
    app = await createTestApp(kind);
    factory = app.as("factory.jhb");
    lead = app.as("lead.xianghu");
  });
  afterAll(() => app?.close());

  it("agrees on the batch page, settlement, 本月应收, 对账单 and payments", async () => {
    const product = await factory.catalog.createProduct({
      code: "HX-BEAR",
      name: "核销熊",
      pieceRateFen: RATE_FEN,
      rejectDeductionFen: REJECT_FEN,
      bom: [
        { componentCode: "BODY", componentName: "身体", unit: "个", qtyPerUnit: 1, unitCostFen: BODY_COST_FEN },
        { componentCode: "EYE", componentName: "眼睛", unit: "个", qtyPerUnit: 2, unitCostFen: 2 },
      ],
    });
    if (!product) throw new Error("product not created");
    const batch = await factory.batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 10,
      allowancePct: 0,
      idempotencyKey: "hx-batch-1",
    });
    batchId = batch.id;

    // 10 sets on a truck planned today; the delivery waits for the truck, then travels.
    const trip = await factory.trips.create({
      plannedDate: shanghaiDay(new Date()),
      vehiclePlate: "赣B·K2026",
      driverName: "刘师傅",
      idempotencyKey: "hx-trip-1",
    });
    const out = await factory.shipments.dispatch({ batchId, sets: 10, tripId: trip.id, idempotencyKey: "hx-out-kit" });
    expect(out.lines.map((l) => [l.componentCode, l.qty])).toEqual([
      ["BODY", 10],
      ["EYE", 20],
    ]);
    expect((await lead.shipments.get({ id: out.id })).phase).toBe("awaiting_departure");
    await factory.trips.advance({ id: trip.id, status: "departed", idempotencyKey: "hx-trip-departs" });

    // One body too many in the box (a surplus), two eyes short; the note explains both.
    await lead.shipments.confirmReceipt({
      shipmentId: out.id,
      lines: [
        { componentCode: "BODY", qtyReceived: 11 },
        { componentCode: "EYE", qtyReceived: 18 },
      ],
      note: "多一个身体，少两只眼睛",
      idempotencyKey: "hx-receipt",
    });

    // 7 good and 2 defective come back; the factory rejects the 2, then sends one back for rework.
    const back = await lead.shipments.createReturn({
      batchId,
      goodQty: 7,
      defectiveQty: 2,
      idempotencyKey: "hx-return-1",
    });
    await factory.shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 7,
      rejectedQty: 2,
      unusedReceived: [],
      idempotencyKey: "hx-inspect",
    });
    const rework = await factory.shipments.dispatchRework({ batchId, qty: 1, idempotencyKey: "hx-rework-out" });
    await lead.shipments.receiveRework({ shipmentId: rework.id, qtyReceived: 1, idempotencyKey: "hx-rework-in" });
    const reworked = await lead.shipments.createReturn({
      batchId,
      goodQty: 0,
      defectiveQty: 0,
      reworkQty: 1,
      idempotencyKey: "hx-rework-ret",
    });
    await factory.shipments.inspectReturn({
      shipmentId: reworked.id,
      acceptedQty: 1,
      rejectedQty: 0,
      unusedReceived: [],
      idempotencyKey: "hx-rework-inspect",
    });

    // The batch page: 8 accepted, 1 standing rejected, 1 never returned; 2 bodies left at the workshop.
    const view = await factory.batches.get({ id: batchId });
    expect(conservationBreaches(view.balances)).toEqual([]);
    expect(finishedUnitBreaches(view.finished)).toEqual([]);
    expect(view.finished).toMatchObject({ ordered: 10, accepted: 8, rejected: 1 });
    const body = view.balances.find((b) => b.componentCode === "BODY");
    expect(body).toMatchObject({ atWorkshop: 2, inTransit: 0 });

    // The close preview names the leftover and what charging it deducts; the close books exactly that.
    const writeOffs = [{ componentCode: "BODY", qty: 2, reason: "多出的身体未退回", choice: "charge" as const }];
    const preview = await factory.batches.closePreview({
      id: batchId,
      choices: [{ componentCode: "BODY", choice: "charge" }],
    });
    expect(preview.unitsNotReturned).toBe(1);
    const expectedNet = 8 * RATE_FEN - 1 * REJECT_FEN - 2 * BODY_COST_FEN;
    const closed = await factory.batches.close({ id: batchId, writeOffs, idempotencyKey: "hx-close-batch" });
    const month = shanghaiMonth(new Date(closed.closedAt ?? ""));

    // Paid in two parts; a third payment of even one fen would be above what is owed.
    const pay = (amountFen: number, key: string) =>
      factory.settlements.recordPayment({
        workshopId: app.orgs.xianghu,
        amountFen,
        paidOn: shanghaiDay(new Date()),
        method: "bank",
        reference: key,
        idempotencyKey: key,
      });
    await pay(700, "hx-pay-1");
    await pay(expectedNet - 700, "hx-pay-2");
    await expect(pay(1, "hx-pay-3")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    // The factory's settlement row: gross − deductions by cause = net, all of it paid.
    const monthly = await factory.settlements.monthly({ month, workshopId: app.orgs.xianghu });
    const row = monthly.groups[0]?.batches.find((b) => b.batchId === batchId);
    expect(row).toBeDefined();
    if (!row) return;
    expect(row.deductions.map((d) => [d.cause, d.qty, d.amountFen])).toEqual(
      expect.arrayContaining([
        ["rejected_units", 1, REJECT_FEN],
        ["components_charged", 2, 2 * BODY_COST_FEN],
      ]),
    );
    const deducted = row.deductions.reduce((sum, d) => sum + d.amountFen, 0);
    expect(row.netFen).toBe(expectedNet);
    expect(row.netFen).toBe(8 * RATE_FEN - deducted);
    expect([row.paidFen, row.unpaidFen]).toEqual([expectedNet, 0]);

    // The batch page shows the same row: its deductions by cause, what is paid and what is not.
    const closedView = await factory.batches.get({ id: batchId });
    expect(closedView.settlementDetail).toEqual({
      deductions: row.deductions,
      paidFen: row.paidFen,
      unpaidFen: row.unpaidFen,
    });

    // The lead's 本月应收 reads the same row, and sees both payments.
    const leadMonthly = await lead.settlements.monthly({ month });
    expect(leadMonthly.groups[0]?.batches.find((b) => b.batchId === batchId)).toEqual(row);
    const received = await lead.settlements.payments({});
    expect(received.items.map((p) => p.amountFen).sort((a, b) => a - b)).toEqual(
      [700, expectedNet - 700].sort((a, b) => a - b),
    );

    // The 对账单: the same rows, the same deductions, and nothing left to pay.
    const statement = await factory.settlements.statement({ month, workshopId: app.orgs.xianghu });
    expect(statement.batches.find((b) => b.batchId === batchId)).toEqual(row);
    expect(statement.totals).toMatchObject({ netFen: expectedNet, paidFen: expectedNet, closingFen: 0 });
    expect(statement.balance.balanceFen).toBe(0);
  });
});
