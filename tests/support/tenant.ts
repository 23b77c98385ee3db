/**
 * One factory–workshop pair's records, each in the state an operation needs to be valid for its owner:
 * the shared fixture of the router suites that run every procedure (authorisation, idempotency, bad
 * input). A suite that needs more (a second product, an arrived trip) builds it on top.
 */
import { deliverWholeKit, returnAndInspect } from "../../apps/server/src/seed/batch-lifecycle";
import type { TestApp } from "./app";
import { shanghaiDay } from "./shanghai-calendar";

/** Two components, one and two per unit, so a line can be short on one and whole on the other. */
export const TENANT_BOM = [
  { componentCode: "PART-A", componentName: "部件 A", unit: "个", qtyPerUnit: 1, unitCostFen: 10 },
  { componentCode: "PART-B", componentName: "部件 B", unit: "个", qtyPerUnit: 2, unitCostFen: 3 },
];

/** A worker as the roster form sends one (no phone, no identity number). */
export const TENANT_WORKER = {
  name: "测试工人",
  villageCode: "360781100001",
  poorHousehold: true,
  monitored: false,
  disabled: false,
  returnee: false,
  joinedOn: "2026-01-05",
};

/** Units in each fixture batch. */
export const BATCH_QUANTITY = 10;

export interface Tenant {
  /** Demo usernames of the factory manager and the workshop lead who own these records. */
  factory: string;
  lead: string;
  factoryId: string;
  workshopId: string;
  productId: string;
  productCode: string;
  bom: typeof TENANT_BOM;
  /** A planned trip carrying the transit shipment. */
  tripId: string;
  draftBatchId: string;
  /** Half the kit is on its way (`transitShipmentId`, lines as counted in full). */
  dispatchedBatchId: string;
  transitShipmentId: string;
  transitLines: { componentCode: string; qtyReceived: number }[];
  /** The whole kit received (`receivedShipmentId`); a return of 2 good units and 1 unused PART-A awaits inspection. */
  productionBatchId: string;
  receivedShipmentId: string;
  pendingReturnId: string;
  /** The lead's open request for a replacement (补料) of 2 PART-B on the production batch. */
  replacementRequestId: string;
  /** Every unit returned and inspected; the 10 % spare is left at the workshop, to be written off. */
  closableBatchId: string;
  closeWriteOffs: { componentCode: string; qty: number; reason: string }[];
  /** Every unit returned, 3 rejected; one sent back for rework (`reworkTransitId`, on its way), 2 still at the factory. */
  reworkBatchId: string;
  reworkTransitId: string;
  /** A worker on the roster. */
  workerId: string;
  /** A worker with one piece booked today on the production batch (`pieceworkEntryId`). */
  pieceWorkerId: string;
  pieceworkEntryId: number;
}

/**
 * Builds a tenant's records through the routers, as their owners would. `label` makes the product code and
 * the idempotency keys unique within one store, so several tenants (or suites) can share it.
 */
export async function buildTenant(
  app: TestApp,
  owners: { factory: string; lead: string; workshop: keyof TestApp["orgs"]; label: string },
): Promise<Tenant> {
  const { factory, lead, label } = owners;
  const f = app.as(factory);
  const l = app.as(lead);
  const k = (step: string) => `fixture-${label}-${step}`;
  const workshopId = app.orgs[owners.workshop];
  if (!workshopId) throw new Error(`no demo workshop ${String(owners.workshop)}`);
  const product = await f.catalog.createProduct({
    code: label.toUpperCase(),
    name: `测试产品 ${label}`,
    pieceRateFen: 100,
    bom: TENANT_BOM,
    idempotencyKey: k("product"),
  });
  if (!product) throw new Error("fixture product not created");
  const trip = await f.trips.create({ plannedDate: "2026-12-01", note: `fixture ${label}`, idempotencyKey: k("trip") });
  const create = (step: string, allowancePct = 0) =>
    f.batches.create({
      workshopId,
      productId: product.id,
      quantity: BATCH_QUANTITY,
      allowancePct,
      idempotencyKey: k(step),
    });
  /** The whole kit out and counted in, keyed "<step>-out" and "<step>-in". */
  const deliver = (batch: Awaited<ReturnType<typeof create>>, step: string) =>
    deliverWholeKit(f, l, batch, (part) => k(`${step}-${part === "dispatch" ? "out" : "in"}`));

  const draft = await create("draft");
  const dispatched = await create("dispatched");
  const transit = await f.shipments.dispatch({
    batchId: dispatched.id,
    lines: dispatched.kit.map((line) => ({ componentCode: line.componentCode, qty: line.kitQty / 2 })),
    tripId: trip.id,
    idempotencyKey: k("half-out"),
  });
  const production = await create("production");
  const received = await deliver(production, "production");
  const pending = await l.shipments.createReturn({
    batchId: production.id,
    goodQty: 2,
    defectiveQty: 0,
    unused: [{ componentCode: "PART-A", qty: 1 }],
    idempotencyKey: k("pending"),
  });
  const replacementRequest = await l.shipments.requestReplacement({
    batchId: production.id,
    shipmentId: received.id,
    lines: [{ componentCode: "PART-B", qty: 2 }],
    reason: "压坏 2 个",
    idempotencyKey: k("replacement-request"),
  });
  const closable = await create("closable", 10);
  await deliver(closable, "closable");
  await returnAndInspect(f, l, { batchId: closable.id, goodQty: BATCH_QUANTITY, defectiveQty: 0 }, (part) =>
    k(`closable-${part}`),
  );
  const leftovers = (await f.batches.get({ id: closable.id })).balances.filter((b) => b.atWorkshop > 0);
  const reworked = await create("rework");
  await deliver(reworked, "rework");
  await returnAndInspect(f, l, { batchId: reworked.id, goodQty: 7, defectiveQty: 3 }, (part) => k(`rework-${part}`));
  const reworkOut = await f.shipments.dispatchRework({
    batchId: reworked.id,
    qty: 1,
    idempotencyKey: k("rework-send"),
  });
  if (leftovers.length === 0) throw new Error("the closable batch left nothing to write off");
  const rostered = await l.workforce.createWorker({
    ...TENANT_WORKER,
    name: `花名册工人 ${label}`,
    idempotencyKey: k("worker"),
  });
  const pieceWorker = await l.workforce.createWorker({
    ...TENANT_WORKER,
    name: `计件工人 ${label}`,
    idempotencyKey: k("worker-2"),
  });
  const booked = await l.workforce.enterPiecework({
    batchId: production.id,
    workDate: shanghaiDay(),
    entries: [{ workerId: pieceWorker.id, qty: 1 }],
    idempotencyKey: k("piecework"),
  });
  const entry = booked.entries[0];
  if (!entry) throw new Error("no piecework entry booked");
  return {
    factory,
    lead,
    factoryId: product.factoryId,
    workshopId,
    productId: product.id,
    productCode: product.code,
    bom: TENANT_BOM,
    tripId: trip.id,
    draftBatchId: draft.id,
    dispatchedBatchId: dispatched.id,
    transitShipmentId: transit.id,
    transitLines: transit.lines.map((line) => ({ componentCode: line.componentCode, qtyReceived: line.qty })),
    productionBatchId: production.id,
    receivedShipmentId: received.id,
    pendingReturnId: pending.id,
    replacementRequestId: replacementRequest.id,
    closableBatchId: closable.id,
    closeWriteOffs: leftovers.map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop, reason: "余料" })),
    reworkBatchId: reworked.id,
    reworkTransitId: reworkOut.id,
    workerId: rostered.id,
    pieceWorkerId: pieceWorker.id,
    pieceworkEntryId: entry.id,
  };
}
