/**
 * Dispatch by sets (套数) and replacements (补料), end to end through the routers: the lines a number of
 * sets sends, the kit left after a replacement, the lead's request answered by the replacement that was
 * sent for it, and where a shipment is while its truck has not left (待发车).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { outcomeCode } from "../support/errors";
import { call } from "../support/procedures";
import { STORE_KINDS } from "../support/stores";

const BOM = [
  { componentCode: "SR-BODY", componentName: "包身", unit: "个", qtyPerUnit: 1 },
  { componentCode: "SR-STRAP", componentName: "肩带", unit: "根", qtyPerUnit: 2 },
];

describe.each(STORE_KINDS)("sets and replacements on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app?.close());

  it("dispatches by sets on a new trip, asks for and sends a replacement apart from the kit", async () => {
    const f = app.as("factory.jhb");
    const l = app.as("lead.xianghu");
    const product = await f.catalog.createProduct({
      code: "SR-BAG",
      name: "环保袋",
      pieceRateFen: 50,
      bom: BOM,
      idempotencyKey: "sets-rep-product",
    });
    if (!product) throw new Error("no product");
    const batch = await f.batches.create({
      workshopId: app.orgs.xianghu,
      productId: product.id,
      quantity: 100,
      allowancePct: 0,
      idempotencyKey: "sets-rep-batch",
    });
    const trip = await f.trips.create({
      plannedDate: "2026-12-02",
      vehiclePlate: "赣B·J3018",
      driverName: "钟师傅",
      idempotencyKey: "sets-rep-trip",
    });

    // 40 sets: 40 bodies and 80 straps, on a truck that has not left yet.
    const out = await f.shipments.dispatch({
      batchId: batch.id,
      sets: 40,
      tripId: trip.id,
      idempotencyKey: "sets-rep-out",
    });
    expect(out.lines.map((x) => [x.componentCode, x.qty])).toEqual([
      ["SR-BODY", 40],
      ["SR-STRAP", 80],
    ]);
    expect(out.sets).toEqual({ sets: 40, whole: true, over: [], shortOfNext: [] });
    expect(out.trip).toMatchObject({ number: trip.number, vehiclePlate: "赣B·J3018", driverName: "钟师傅" });
    expect(out.phase).toBe("awaiting_departure");
    expect((await l.shipments.list({ pending: true })).find((s) => s.id === out.id)?.phase).toBe("awaiting_departure");
    await f.trips.advance({ id: trip.id, status: "departed", idempotencyKey: "sets-rep-trip-departs" });
    expect((await l.shipments.get({ id: out.id })).phase).toBe("in_transit");

    // More sets than the kit has left are refused, naming the sets.
    const tooMany = await call(f, "shipments.dispatch", {
      batchId: batch.id,
      sets: 61,
      idempotencyKey: "sets-rep-too-many",
    });
    expect(outcomeCode(tooMany)).toBe("PRECONDITION_FAILED");

    // Lines adjusted by hand: 8 bodies more than whole sets; the note says they are not whole.
    const odd = await f.shipments.dispatch({
      batchId: batch.id,
      lines: [
        { componentCode: "SR-BODY", qty: 18 },
        { componentCode: "SR-STRAP", qty: 20 },
      ],
      idempotencyKey: "sets-rep-odd",
    });
    expect(odd.sets).toMatchObject({ sets: 10, whole: false, over: [{ componentCode: "SR-BODY", qty: 8 }] });

    await l.shipments.confirmReceipt({
      shipmentId: out.id,
      lines: [
        { componentCode: "SR-BODY", qtyReceived: 40 },
        { componentCode: "SR-STRAP", qtyReceived: 74 },
      ],
      note: "6 根肩带断了",
      idempotencyKey: "sets-rep-in",
    });
    const request = await l.shipments.requestReplacement({
      batchId: batch.id,
      shipmentId: out.id,
      lines: [{ componentCode: "SR-STRAP", qty: 6 }],
      reason: "6 根肩带断了",
      idempotencyKey: "sets-rep-ask",
    });
    expect(request).toMatchObject({ status: "open", batchId: batch.id, reason: "6 根肩带断了" });
    expect(request.number).toMatch(/^BL\d{6}-\d{5}$/);
    const open = await f.shipments.replacementRequests({ status: "open" });
    expect(open.map((r) => r.id)).toContain(request.id);
    // Another factory never sees it.
    expect((await app.as("factory.yuanye").shipments.replacementRequests({})).map((r) => r.id)).not.toContain(
      request.id,
    );

    // The kit has 200 straps: 100 sent, so 100 more at most; a replacement is beyond that, counted apart.
    const sendReplacement = {
      batchId: batch.id,
      lines: [{ componentCode: "SR-STRAP", qty: 6 }],
      replacement: { reason: "补断带", requestId: request.id },
      idempotencyKey: "sets-rep-replace",
    };
    const replacement = await f.shipments.dispatch(sendReplacement);
    expect(replacement.replacementReason).toBe("补断带");
    expect(await f.shipments.dispatch(sendReplacement), "a replay returns the first answer").toEqual(replacement);
    const again = await call(f, "shipments.dispatch", { ...sendReplacement, idempotencyKey: "sets-rep-replace-again" });
    expect(outcomeCode(again), "a request is answered once").toBe("CONFLICT");

    const seen = await f.batches.get({ id: batch.id });
    expect(seen.balances.find((b) => b.componentCode === "SR-STRAP")).toMatchObject({
      dispatched: 106,
      replaced: 6,
      lost: 6,
    });
    expect(seen.replacementRequests).toEqual([
      expect.objectContaining({ id: request.id, status: "answered", answeredByShipmentId: replacement.id }),
    ]);
    expect(seen.shipments.find((s) => s.id === replacement.id)?.replacementReason).toBe("补断带");
    // What is left of the kit is unchanged by the replacement: 100 straps, so 50 sets at most (bodies: 42).
    const rest = await call(f, "shipments.dispatch", {
      batchId: batch.id,
      sets: 43,
      idempotencyKey: "sets-rep-rest-over",
    });
    expect(outcomeCode(rest)).toBe("PRECONDITION_FAILED");
    const last = await f.shipments.dispatch({ batchId: batch.id, sets: 42, idempotencyKey: "sets-rep-rest" });
    expect(last.lines.map((x) => x.qty)).toEqual([42, 84]);
    expect((await f.shipments.replacementRequests({ status: "open" })).map((r) => r.id)).not.toContain(request.id);
  });
});
