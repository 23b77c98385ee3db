/**
 * The lifecycle steps a seeded batch goes through when it is made in full, in the order a factory and its
 * workshop take them. The demo seed, the workforce seed and the test fixtures share them; each passes its
 * own key sequence, so its requests stay deterministic and a re-run replays rather than double-books.
 */

import type { callerAs } from "./callers";

type Caller = ReturnType<typeof callerAs>;
/** The idempotency key for each step, by the step's name; a seed passes its own numbered key sequence. */
type IdempotencyKeyOf<Step extends string> = (step: Step) => string;

/**
 * The factory sends the whole kit in one shipment and the workshop counts every piece in; returns the
 * shipment as dispatched.
 */
export async function deliverWholeKit(
  factory: Caller,
  lead: Caller,
  batch: { id: string; kit: { componentCode: string; kitQty: number }[] },
  key: IdempotencyKeyOf<"dispatch" | "confirm">,
) {
  const out = await factory.shipments.dispatch({
    batchId: batch.id,
    lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
    idempotencyKey: key("dispatch"),
  });
  await lead.shipments.confirmReceipt({
    shipmentId: out.id,
    lines: out.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
    idempotencyKey: key("confirm"),
  });
  return out;
}

/** The workshop returns finished units (good and defective) with no unused components and no scrap. */
export function returnFinishedUnits(
  lead: Caller,
  units: { batchId: string; goodQty: number; defectiveQty: number },
  key: IdempotencyKeyOf<"return">,
) {
  return lead.shipments.createReturn({
    batchId: units.batchId,
    goodQty: units.goodQty,
    defectiveQty: units.defectiveQty,
    unused: [],
    scrap: [],
    idempotencyKey: key("return"),
  });
}

/** The workshop returns finished units and the factory's inspection accepts the good and rejects the defective. */
export async function returnAndInspect(
  factory: Caller,
  lead: Caller,
  units: { batchId: string; goodQty: number; defectiveQty: number },
  key: IdempotencyKeyOf<"return" | "inspect">,
): Promise<void> {
  const back = await returnFinishedUnits(lead, units, key);
  await factory.shipments.inspectReturn({
    shipmentId: back.id,
    acceptedQty: units.goodQty,
    rejectedQty: units.defectiveQty,
    unusedReceived: [],
    idempotencyKey: key("inspect"),
  });
}
