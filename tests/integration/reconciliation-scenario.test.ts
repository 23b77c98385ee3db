/**
 * One batch from kit to the last fen, the way a factory and a workshop reconcile it (委外核销): dispatched
 * by sets on a new trip, received with a surplus on one line and a shortfall on another, returned with
 * defects and one unit missing from the box (缺数), one rejected unit sent for rework and returned, closed
 * with the leftover and the missing unit charged to the workshop, and paid in two parts. The batch page, the factory's settlement, the lead's 本月应收, the
 * 对账单 and the payments must tell the same story to the fen.
 */
import { conservationBreaches, finishedUnitBreaches, shanghaiDay, shanghaiMonth } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

const RATE_FEN = 150;
const REJECT_FEN = 20;
const BODY_COST_FEN = 30;
const EYE_COST_FEN = 2;
/** One set of components: 1 body and 2 eyes. */
const SET_COST_FEN = BODY_COST_FEN + 2 * EYE_COST_FEN;

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
        { componentCode: "EYE", componentName: "眼睛", unit: "个", qtyPerUnit: 2, unitCostFen: EYE_COST_FEN },
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

    // 7 good and 2 defective on the note, one good unit not in the box (缺数); the factory rejects the 2,
    // then sends one back for rework.
    const back = await lead.shipments.createReturn({
      batchId,
      goodQty: 7,
      defectiveQty: 2,
      idempotencyKey: "hx-return-1",
    });
    await factory.shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 6,
      rejectedQty: 2,
      missingQty: 1,
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

    // The batch page: 7 accepted, 1 standing rejected, 1 missing, 1 never returned; 2 bodies left at the workshop.
    const view = await factory.batches.get({ id: batchId });
    expect(conservationBreaches(view.balances)).toEqual([]);
    expect(finishedUnitBreaches(view.finished)).toEqual([]);
    expect(view.finished).toMatchObject({ ordered: 10, accepted: 7, rejected: 1, missing: 1 });
    const body = view.balances.find((b) => b.componentCode === "BODY");
    expect(body).toMatchObject({ atWorkshop: 2, inTransit: 0 });

    // The close preview names the leftover, the missing unit and what charging them deducts; the close
    // books exactly that.
    const writeOffs = [{ componentCode: "BODY", qty: 2, reason: "多出的身体未退回", choice: "charge" as const }];
    const preview = await factory.batches.closePreview({
      id: batchId,
      choices: [{ componentCode: "BODY", choice: "charge" }],
      missingUnitsChoice: "charge",
    });
    expect(preview.unitsNotReturned).toBe(1);
    expect(preview.missingUnits).toMatchObject({ qty: 1, setCostFen: SET_COST_FEN, amountFen: SET_COST_FEN });
    const expectedNet = 7 * RATE_FEN - 1 * REJECT_FEN - 2 * BODY_COST_FEN - 1 * SET_COST_FEN;
    const closed = await factory.batches.close({
      id: batchId,
      writeOffs,
      missingUnitsChoice: "charge",
      idempotencyKey: "hx-close-batch",
    });
    expect(closed.deductions).toEqual(preview.deductions);
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
        ["units_missing", 1, SET_COST_FEN],
        ["components_charged", 2, 2 * BODY_COST_FEN],
      ]),
    );
    const deducted = row.deductions.reduce((sum, d) => sum + d.amountFen, 0);
    expect(row.netFen).toBe(expectedNet);
    expect(row.netFen).toBe(7 * RATE_FEN - deducted);
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
    expect(statement.totals.deductions.map((d) => [d.cause, d.amountFen])).toEqual([
      ["rejected_units", REJECT_FEN],
      ["units_missing", SET_COST_FEN],
      ["components_charged", 2 * BODY_COST_FEN],
    ]);
    expect(statement.balance.balanceFen).toBe(0);
  });
});
