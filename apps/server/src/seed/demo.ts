import type { Auth } from "@kitflow/api";
import type { Database } from "@kitflow/db";
import { deliverWholeKit, returnAndInspect } from "./batch-lifecycle";
import { callerAs } from "./callers";
import { seedJobs } from "./jobs";
import { seedPayments } from "./payments";
import { type SeededOrganisations, seedReference } from "./reference";
import { seedServicePoints } from "./service-points";
import { seedDailyPiecework, seedWorkforce } from "./workforce";

type Caller = ReturnType<typeof callerAs>;

let keyCounter = 0;
/** Seed keys are deterministic per run so a crash mid-seed never double-books on retry. */
const key = (label: string) => `seed-${label}-${++keyCounter}`.padEnd(8, "0");

function dayOffset(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function jhbProducts(factory: Caller) {
  const bear = await factory.catalog.createProduct({
    code: "JHB-BEAR-30",
    name: "30cm 毛绒小熊",
    pieceRateFen: 180,
    rejectDeductionFen: 50,
    bom: [
      { componentCode: "BEAR-BODY", componentName: "熊身(已缝制)", unit: "件", qtyPerUnit: 1, unitCostFen: 600 },
      { componentCode: "EYE-12MM", componentName: "12mm 安全眼", unit: "颗", qtyPerUnit: 2, unitCostFen: 5 },
      { componentCode: "FILL-40G", componentName: "PP 棉 40g 包", unit: "包", qtyPerUnit: 1, unitCostFen: 30 },
      { componentCode: "TAG-JHB", componentName: "吊牌", unit: "张", qtyPerUnit: 1, unitCostFen: 2 },
    ],
  });
  const car = await factory.catalog.createProduct({
    code: "JHB-CAR-01",
    name: "回力小汽车",
    pieceRateFen: 45,
    rejectDeductionFen: 10,
    bom: [
      { componentCode: "CAR-SHELL", componentName: "车壳", unit: "个", qtyPerUnit: 1, unitCostFen: 80 },
      { componentCode: "CAR-WHEEL", componentName: "车轮", unit: "个", qtyPerUnit: 4, unitCostFen: 6 },
      { componentCode: "CAR-MOTOR", componentName: "回力发条", unit: "个", qtyPerUnit: 1, unitCostFen: 40 },
      { componentCode: "SCREW-M2", componentName: "M2 螺丝", unit: "颗", qtyPerUnit: 3, unitCostFen: 1 },
    ],
  });
  if (!bear || !car) throw new Error("demo products not created");
  return { bear, car };
}

/** Batches of 佳惠宝 in every state, carried on trips, so every screen has content on first start. */
async function seedJhb(
  factory: Caller,
  leads: Record<"xianghu" | "huangbai" | "yeping", Caller>,
  orgs: SeededOrganisations,
) {
  const { bear, car } = await jhbProducts(factory);
  const create = (workshop: keyof typeof leads, productId: string, quantity: number, due: number, allowancePct = 2) =>
    factory.batches.create({
      workshopId: orgs[workshop],
      productId,
      quantity,
      dueDate: dayOffset(due),
      allowancePct,
      idempotencyKey: key("batch"),
    });
  const dispatchAll = async (batch: Awaited<ReturnType<typeof create>>, tripId?: string) =>
    factory.shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      tripId,
      idempotencyKey: key("dispatch"),
    });
  const confirmAll = (lead: Caller, shipment: Awaited<ReturnType<typeof dispatchAll>>, shortBy = 0, note?: string) =>
    lead.shipments.confirmReceipt({
      shipmentId: shipment.id,
      lines: shipment.lines.map((l, i) => ({
        componentCode: l.componentCode,
        qtyReceived: i === 0 ? l.qty - shortBy : l.qty,
      })),
      note,
      idempotencyKey: key("confirm"),
    });

  const pastTrip = await factory.trips.create({
    plannedDate: dayOffset(-12),
    vehiclePlate: "赣B·J3018",
    driverName: "钟师傅",
    idempotencyKey: key("trip"),
  });
  const todayTrip = await factory.trips.create({
    plannedDate: dayOffset(0),
    vehiclePlate: "赣B·J3018",
    driverName: "钟师傅",
    note: "象湖、黄柏 往返",
    idempotencyKey: key("trip"),
  });

  // closed: returned, inspected, leftovers written off, settled.
  const closed = await create("huangbai", car.id, 400, -5);
  const closedOut = await dispatchAll(closed, pastTrip.id);
  await confirmAll(leads.huangbai, closedOut);
  const closedReturn = await leads.huangbai.shipments.createReturn({
    batchId: closed.id,
    goodQty: 392,
    defectiveQty: 8,
    unused: [{ componentCode: "CAR-WHEEL", qty: 20 }],
    scrap: [{ componentCode: "SCREW-M2", qty: 12, reason: "滑丝" }],
    idempotencyKey: key("return"),
  });
  await factory.shipments.inspectReturn({
    shipmentId: closedReturn.id,
    acceptedQty: 392,
    rejectedQty: 8,
    unusedReceived: [{ componentCode: "CAR-WHEEL", qty: 20 }],
    idempotencyKey: key("inspect"),
  });
  const leftover = (await factory.batches.get({ id: closed.id })).balances.filter((b) => b.atWorkshop > 0);
  await factory.batches.close({
    id: closed.id,
    writeOffs: leftover.map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop, reason: "余料由车间留用" })),
    idempotencyKey: key("close"),
  });

  // returned: everything back and inspected, small leftovers still at the workshop.
  const returned = await create("xianghu", bear.id, 300, -1);
  await confirmAll(leads.xianghu, await dispatchAll(returned, pastTrip.id));
  const returnedBack = await leads.xianghu.shipments.createReturn({
    batchId: returned.id,
    goodQty: 296,
    defectiveQty: 4,
    unused: [],
    scrap: [{ componentCode: "EYE-12MM", qty: 3, reason: "破损" }],
    tripId: todayTrip.id,
    idempotencyKey: key("return"),
  });
  await factory.shipments.inspectReturn({
    shipmentId: returnedBack.id,
    acceptedQty: 296,
    rejectedQty: 4,
    unusedReceived: [],
    idempotencyKey: key("inspect"),
  });

  // partially returned: one inspected return, one awaiting inspection.
  const partial = await create("yeping", bear.id, 500, 4);
  await confirmAll(leads.yeping, await dispatchAll(partial, pastTrip.id), 2, "熊身少 2 件，司机已签字确认");
  const firstBack = await leads.yeping.shipments.createReturn({
    batchId: partial.id,
    goodQty: 200,
    defectiveQty: 3,
    unused: [],
    scrap: [],
    idempotencyKey: key("return"),
  });
  await factory.shipments.inspectReturn({
    shipmentId: firstBack.id,
    acceptedQty: 200,
    rejectedQty: 3,
    unusedReceived: [],
    idempotencyKey: key("inspect"),
  });
  await leads.yeping.shipments.createReturn({
    batchId: partial.id,
    goodQty: 118,
    defectiveQty: 2,
    unused: [],
    scrap: [{ componentCode: "FILL-40G", qty: 2, reason: "受潮" }],
    tripId: todayTrip.id,
    idempotencyKey: key("return"),
  });

  // in production: confirmed, nothing back yet; this one is late.
  const inProduction = await create("xianghu", car.id, 800, -2);
  await confirmAll(leads.xianghu, await dispatchAll(inProduction, pastTrip.id));

  // dispatched: on today's truck, not yet confirmed; a partial kit.
  const dispatched = await create("huangbai", bear.id, 240, 10);
  await factory.shipments.dispatch({
    batchId: dispatched.id,
    lines: dispatched.kit.map((k) => ({ componentCode: k.componentCode, qty: Math.ceil(k.kitQty / 2) })),
    tripId: todayTrip.id,
    idempotencyKey: key("dispatch"),
  });

  // draft and cancelled.
  await create("yeping", car.id, 600, 14);
  const cancelled = await create("xianghu", bear.id, 100, 7);
  await factory.batches.cancel({ id: cancelled.id, reason: "客户订单取消", idempotencyKey: key("cancel") });
}

/** 远业环保: eco bags from the 九堡 branch plant. */
async function seedYuanye(factory: Caller, lead: Caller, orgs: SeededOrganisations) {
  const bag = await factory.catalog.createProduct({
    code: "YY-BAG-A4",
    name: "无纺布环保袋 A4",
    pieceRateFen: 12,
    bom: [
      { componentCode: "BAG-PANEL", componentName: "袋身裁片", unit: "片", qtyPerUnit: 2, unitCostFen: 15 },
      { componentCode: "BAG-HANDLE", componentName: "提手", unit: "根", qtyPerUnit: 2, unitCostFen: 4 },
      { componentCode: "BAG-LABEL", componentName: "织唛", unit: "个", qtyPerUnit: 1, unitCostFen: 2 },
    ],
  });
  if (!bag) throw new Error("demo product not created");
  const batch = await factory.batches.create({
    workshopId: orgs.jiubao,
    productId: bag.id,
    quantity: 20_000,
    dueDate: dayOffset(2),
    allowancePct: 1,
    idempotencyKey: key("batch"),
  });
  await deliverWholeKit(factory, lead, batch, key);
  await returnAndInspect(factory, lead, { batchId: batch.id, goodQty: 11_850, defectiveQty: 150 }, key);
}

/** Seeds the whole demo on an empty database; see README "Demo accounts". */
export async function seedDemo(deps: { db: Database; auth: Auth; publicUrl: string }) {
  keyCounter = 0;
  const { orgs, users } = await seedReference(deps.db);
  const as = (username: string) => callerAs(deps, users, username);
  await seedJhb(
    as("factory.jhb"),
    { xianghu: as("lead.xianghu"), huangbai: as("lead.huangbai"), yeping: as("lead.yeping") },
    orgs,
  );
  await seedYuanye(as("factory.yuanye"), as("lead.jiubao"), orgs);
  await seedServicePoints(deps.db, orgs.rsj);
  const { identityNumbers } = await seedWorkforce(deps, orgs, users);
  await seedDailyPiecework(as("lead.xianghu"));
  // After the workforce history, whose batches close months back: payments settle them oldest first.
  await seedPayments(as("factory.jhb"), key, new Set([orgs.huangbai]));
  await seedPayments(as("factory.yuanye"), key);
  await seedJobs(deps, orgs, users);
  return { orgs, users, identityNumbers };
}
