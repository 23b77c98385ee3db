/**
 * Inspection outcomes (正品 / 次品 / 缺数 / 废品) and rework (返工) through the routers: where every finished
 * unit is after each step, the component ledger conserved with nothing counted twice, closing refused while
 * rework is out, a reworked unit paid once when the batch closes and the units the workshop lost charged.
 */
import { conservationBreaches, consumedBreaches, finishedUnitBreaches, shanghaiMonth } from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { codeAndMessageOf } from "../support/errors";
import { STORE_KINDS } from "../support/stores";

const BOM = [
  { componentCode: "BODY", componentName: "身体", unit: "个", qtyPerUnit: 1, unitCostFen: 30 },
  { componentCode: "EYE", componentName: "眼睛", unit: "个", qtyPerUnit: 2, unitCostFen: 2 },
];

describe.each(STORE_KINDS)("inspection outcomes and rework on %s", (kind) => {
  let app: TestApp;
  let factory: Caller;
  let lead: Caller;
  let batchId: string;

  beforeAll(async () => {
    app = await createTestApp(kind);
    factory = app.as("factory.jhb");
    lead = app.as("lead.xianghu");
    const product = await factory.catalog.createProduct({
      code: "RW-BEAR",
      name: "返工熊",
      pieceRateFen: 150,
      rejectDeductionFen: 20,
      bom: BOM,
    });
    if (!product) throw new Error("product not created");
    const batch = await factory.batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 10,
      allowancePct: 0,
      idempotencyKey: "rw-create-batch",
    });
    batchId = batch.id;
    const out = await factory.shipments.dispatch({
      batchId,
      lines: [
        { componentCode: "BODY", qty: 10 },
        { componentCode: "EYE", qty: 20 },
      ],
      idempotencyKey: "rw-dispatch-kit",
    });
    await lead.shipments.confirmReceipt({
      shipmentId: out.id,
      lines: [
        { componentCode: "BODY", qtyReceived: 10 },
        { componentCode: "EYE", qtyReceived: 20 },
      ],
      idempotencyKey: "rw-confirm-kit",
    });
  });
  afterAll(() => app?.close());

  /** The batch as the factory sees it, with every rule checked. */
  async function checked() {
    const view = await factory.batches.get({ id: batchId });
    expect(conservationBreaches(view.balances)).toEqual([]);
    expect(finishedUnitBreaches(view.finished)).toEqual([]);
    expect(consumedBreaches(view.kit, view.balances, view.finished)).toEqual([]);
    return view;
  }
  const balance = (view: Awaited<ReturnType<typeof checked>>, code: string) =>
    view.balances.find((b) => b.componentCode === code);

  /** Rework still out: the preview lists it and the close is refused (CONFLICT), writing nothing. */
  async function expectCloseWaitsForRework(reworkOut: { inTransit: number; atWorkshop: number }, key: string) {
    const preview = await factory.batches.closePreview({ id: batchId });
    expect(preview.reworkOut).toEqual(reworkOut);
    expect(preview.canClose).toBe(false);
    const before = await checked();
    const refused = await codeAndMessageOf(factory.batches.close({ id: batchId, idempotencyKey: key }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/rework is still out/);
    const after = await checked();
    expect([after.status, after.history.length]).toEqual([before.status, before.history.length]);
  }

  it("records 正品, 次品, 缺数 and 废品, and moves the parts of missing units from consumed to lost", async () => {
    const back = await lead.shipments.createReturn({
      batchId,
      goodQty: 8,
      defectiveQty: 2,
      idempotencyKey: "rw-return-1",
    });
    // The four outcomes must cover the 10 units on the note.
    const short = await codeAndMessageOf(
      factory.shipments.inspectReturn({
        shipmentId: back.id,
        acceptedQty: 6,
        rejectedQty: 2,
        missingQty: 1,
        idempotencyKey: "rw-inspect-1-short",
      }),
    );
    expect(short.code).toBe("PRECONDITION_FAILED");
    const inspected = await factory.shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 6,
      rejectedQty: 2,
      missingQty: 1,
      scrappedQty: 1,
      idempotencyKey: "rw-inspect-1",
    });
    expect(inspected).toMatchObject({ acceptedQty: 6, rejectedQty: 2, missingQty: 1, scrappedQty: 1 });
    const view = await checked();
    expect(view.finished).toMatchObject({
      ordered: 10,
      returnedGood: 8,
      returnedDefective: 2,
      accepted: 6,
      rejected: 2,
      missing: 1,
      scrapped: 1,
      awaitingUnits: 0,
      rework: { sent: 0, inTransit: 0, atWorkshop: 0, lost: 0, returned: 0, available: 2 },
    });
    // 10 units consumed at the return; the missing one never arrived, so its parts are lost.
    expect(balance(view, "BODY")).toMatchObject({ consumed: 9, lost: 1, atWorkshop: 0 });
    expect(balance(view, "EYE")).toMatchObject({ consumed: 18, lost: 2, atWorkshop: 0 });
    const missingRows = view.history.filter((h) => h.kind === "units_missing");
    expect(missingRows.map((h) => [h.componentCode, h.qty, h.shipmentId])).toEqual([
      ["BODY", 1, back.id],
      ["EYE", 2, back.id],
    ]);
  });

  it("sends rejected units for rework, never more than are at the factory, and the lead receives them", async () => {
    const tooMany = await codeAndMessageOf(
      factory.shipments.dispatchRework({ batchId, qty: 3, idempotencyKey: "rw-rework-too-many" }),
    );
    expect(tooMany.code).toBe("PRECONDITION_FAILED");
    const before = await checked();
    const out = await factory.shipments.dispatchRework({ batchId, qty: 2, idempotencyKey: "rw-rework-out" });
    expect(out).toMatchObject({ kind: "rework", status: "in_transit", reworkQty: 2 });
    expect(out.number).toMatch(/^FG/);
    // Replaying the key answers the same; nothing moves in the component ledger.
    expect(await factory.shipments.dispatchRework({ batchId, qty: 2, idempotencyKey: "rw-rework-out" })).toEqual(out);
    const sent = await checked();
    expect(sent.balances).toEqual(before.balances);
    expect(sent.finished.rework).toEqual({ sent: 2, inTransit: 2, atWorkshop: 0, lost: 0, returned: 0, available: 0 });
    expect(sent.finished.rejected).toBe(2);
    const again = await codeAndMessageOf(
      factory.shipments.dispatchRework({ batchId, qty: 1, idempotencyKey: "rw-rework-again" }),
    );
    expect(again.code).toBe("PRECONDITION_FAILED");
    await expectCloseWaitsForRework({ inTransit: 2, atWorkshop: 0 }, "rw-close-in-transit");

    // The lead sees it coming like any delivery, and confirms it.
    const pending = await lead.shipments.list({ pending: true, limit: 50 });
    expect(pending.find((s) => s.id === out.id)).toMatchObject({ kind: "rework", reworkQty: 2 });
    const other = await codeAndMessageOf(
      app.as("lead.huangbai").shipments.receiveRework({
        shipmentId: out.id,
        qtyReceived: 2,
        idempotencyKey: "rw-rework-in-huangbai",
      }),
    );
    expect(other.code).toBe("NOT_FOUND");
    const received = await lead.shipments.receiveRework({
      shipmentId: out.id,
      qtyReceived: 2,
      idempotencyKey: "rw-rework-in",
    });
    expect(received).toMatchObject({ status: "received", reworkReceivedQty: 2 });
    const twice = await codeAndMessageOf(
      lead.shipments.receiveRework({ shipmentId: out.id, qtyReceived: 2, idempotencyKey: "rw-rework-in-2" }),
    );
    expect(twice.code).toBe("CONFLICT");
    const held = await checked();
    expect(held.finished.rework).toMatchObject({ inTransit: 0, atWorkshop: 2 });
    expect(held.balances).toEqual(before.balances);
    await expectCloseWaitsForRework({ inTransit: 0, atWorkshop: 2 }, "rw-close-at-workshop");
  });

  it("takes rework back on a normal return without consuming parts again, and judges it again", async () => {
    const over = await codeAndMessageOf(
      lead.shipments.createReturn({ batchId, goodQty: 0, defectiveQty: 0, reworkQty: 3, idempotencyKey: "rw-back-3" }),
    );
    expect(over.code).toBe("PRECONDITION_FAILED");
    const before = await checked();
    const back = await lead.shipments.createReturn({
      batchId,
      goodQty: 0,
      defectiveQty: 0,
      reworkQty: 2,
      idempotencyKey: "rw-back-2",
    });
    expect(back).toMatchObject({ kind: "return", status: "in_transit", reworkQty: 2 });
    const travelling = await checked();
    expect(travelling.balances).toEqual(before.balances);
    expect(travelling.finished).toMatchObject({ rejected: 0, awaitingUnits: 2, awaitingInspection: 1 });
    // 1 fixed, 1 still not right: the rejected one may go back again.
    await factory.shipments.inspectReturn({
      shipmentId: back.id,
      acceptedQty: 1,
      rejectedQty: 1,
      idempotencyKey: "rw-back-inspect",
    });
    const judged = await checked();
    expect(judged.finished).toMatchObject({ accepted: 7, rejected: 1, missing: 1, scrapped: 1 });
    expect(judged.finished.rework).toEqual({
      sent: 2,
      inTransit: 0,
      atWorkshop: 0,
      lost: 0,
      returned: 2,
      available: 1,
    });
    expect(judged.balances).toEqual(before.balances);
  });

  it("loses a rework unit that never arrives with its parts, and pays each accepted unit once at close", async () => {
    const out = await factory.shipments.dispatchRework({ batchId, qty: 1, idempotencyKey: "rw-rework-out-2" });
    const noNote = await codeAndMessageOf(
      lead.shipments.receiveRework({ shipmentId: out.id, qtyReceived: 0, idempotencyKey: "rw-rework-in-2-no-note" }),
    );
    expect(noNote.code).toBe("BAD_REQUEST");
    await lead.shipments.receiveRework({
      shipmentId: out.id,
      qtyReceived: 0,
      note: "车上没有",
      idempotencyKey: "rw-rework-in-2-short",
    });
    const view = await checked();
    expect(view.finished.rework).toMatchObject({ lost: 1, available: 0 });
    expect(view.finished.rejected).toBe(1);
    expect(balance(view, "BODY")).toMatchObject({ consumed: 8, lost: 2 });

    const preview = await factory.batches.closePreview({ id: batchId });
    expect(preview.canClose).toBe(true);
    // Two units the workshop lost: 1 missing from the box at inspection, 1 rework unit lost on the way.
    // One set is 1 BODY × 30 + 2 EYE × 2 = 34 fen; charged by default.
    expect(preview.missingUnits).toEqual({
      missing: 1,
      reworkLost: 1,
      qty: 2,
      choice: "charge",
      setCostFen: 34,
      amountFen: 68,
    });
    const borne = await factory.batches.closePreview({ id: batchId, missingUnitsChoice: "write_off" });
    expect(borne.deductions.map((d) => d.cause)).toEqual(["rejected_units"]);
    expect(borne.factoryCostFen).toBe(68);
    // An input without the choice (as clients sent before there was one) charges the workshop.
    const closed = await factory.batches.close({ id: batchId, writeOffs: [], idempotencyKey: "rw-close" });
    // 7 accepted (6 at first, 1 after rework) × 150; the one unit that stands rejected carries the reject
    // deduction, and the two units lost one set of components each.
    expect(closed.deductions).toEqual([
      { cause: "rejected_units", componentCode: null, qty: 1, unitFen: 20, amountFen: 20 },
      { cause: "units_missing", componentCode: null, qty: 2, unitFen: 34, amountFen: 68 },
    ]);
    expect(closed.settlement).toEqual({ grossFen: 7 * 150, deductionFen: 88, netFen: 7 * 150 - 88 });
    // The monthly settlement counts the same units: each accepted unit once, the one standing rejected.
    const monthly = await factory.settlements.monthly({ month: shanghaiMonth(new Date()) });
    const row = monthly.groups.flatMap((g) => g.batches).find((b) => b.batchId === batchId);
    expect(row).toMatchObject({ acceptedQty: 7, rejectedQty: 1, grossFen: 1050, netFen: 962 });
    expect(row?.deductions).toEqual(closed.deductions);
  });
});
