import { deliverWholeKit, returnFinishedUnits } from "../../apps/server/src/seed/batch-lifecycle";
import type { Caller, TestApp } from "../support/app";

let counter = 0;
/** Unique idempotency keys per test run. */
export const key = (label: string) => `wf-${label}-${++counter}`.padEnd(8, "0");

/**
 * A product at `pieceRateFen` (one PART and two SCREWs a unit) and a batch of `units` for `workshop`
 * whose whole kit (no allowance) the workshop has received, and of which nothing has been returned:
 * its piecework ceiling is exactly `units`.
 */
export async function batchInProduction(
  app: TestApp,
  workshop: "xianghu" | "huangbai" | "yeping",
  units: number,
  pieceRateFen: number,
) {
  const factory = app.as("factory.jhb");
  const lead = app.as(`lead.${workshop}`);
  const code = `WF-${++counter}`;
  const product = await factory.catalog.createProduct({
    code,
    name: `计件测试 ${code}`,
    pieceRateFen,
    bom: [
      { componentCode: "PART", componentName: "部件", unit: "个", qtyPerUnit: 1, unitCostFen: 10 },
      { componentCode: "SCREW", componentName: "螺丝", unit: "根", qtyPerUnit: 2, unitCostFen: 1 },
    ],
  });
  if (!product) throw new Error("product not created");
  const batch = await factory.batches.create({
    workshopId: app.orgs[workshop],
    productId: product.id,
    quantity: units,
    allowancePct: 0,
    idempotencyKey: key("batch"),
  });
  await deliverWholeKit(factory, lead, batch, key);
  return batch;
}

/** The workshop returns `finished` units of a batch (two of them defective), nothing else. */
export function returnFinished(
  app: TestApp,
  workshop: "xianghu" | "huangbai" | "yeping",
  batchId: string,
  finished: number,
) {
  const defective = Math.min(2, finished);
  return returnFinishedUnits(
    app.as(`lead.${workshop}`),
    { batchId, goodQty: finished - defective, defectiveQty: defective },
    key,
  );
}

export interface WorkerSpec {
  name?: string;
  villageCode?: string;
  poorHousehold?: boolean;
  monitored?: boolean;
  joinedOn?: string;
  idNumber?: string;
}

/** 羊角村 (九堡镇) and 桔林村 (象湖镇): real villages of 瑞金. */
export const YANGJIAO = "360781103211";
export const JULIN = "360781100200";

export async function hire(lead: Caller, spec: WorkerSpec = {}) {
  return lead.workforce.createWorker({
    name: spec.name ?? `工人${++counter}`,
    villageCode: spec.villageCode ?? JULIN,
    poorHousehold: spec.poorHousehold ?? false,
    monitored: spec.monitored ?? false,
    disabled: false,
    returnee: false,
    joinedOn: spec.joinedOn ?? "2025-01-01",
    idNumber: spec.idNumber,
    idempotencyKey: key("hire"),
  });
}

/** Valid check digit for a 17-digit body (GB 11643). */
export function withCheckDigit(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(body17[i]), 0);
  return body17 + "10X98765432"[sum % 11];
}
