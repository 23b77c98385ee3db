import type { RouterOutputs } from "@kitflow/api";

export type BatchDetail = RouterOutputs["batches"]["get"];
type Movement = BatchDetail["history"][number];

export interface Counts {
  dispatched: number;
  inTransit: number;
  atWorkshop: number;
  consumed: number;
  scrapped: number;
  lost: number;
  returnedUnused: number;
  surplus: number;
}

const FIELD_OF: Record<string, keyof Counts> = {
  in_transit: "inTransit",
  workshop: "atWorkshop",
  consumed: "consumed",
  scrapped: "scrapped",
  lost: "lost",
  returned_unused: "returnedUnused",
};

function shift(counts: Counts, location: string, delta: number): void {
  // What leaves the factory is what the batch page calls "dispatched"; what comes from above the
  // delivery notes is its "surplus".
  if (location === "factory") counts.dispatched -= delta;
  else if (location === "surplus") counts.surplus -= delta;
  else {
    const field = FIELD_OF[location];
    if (!field) throw new Error(`unknown ledger location ${location}`);
    counts[field] += delta;
  }
}

/**
 * Per-component counts summed straight from the ledger's movements (from → to, qty), without the
 * server's own balance code, so the page and the API can both be checked against the record itself.
 */
export function countsFromLedger(history: readonly Movement[]): Map<string, Counts> {
  const byCode = new Map<string, Counts>();
  for (const m of history) {
    let counts = byCode.get(m.componentCode);
    if (!counts) {
      counts = {
        dispatched: 0,
        inTransit: 0,
        atWorkshop: 0,
        consumed: 0,
        scrapped: 0,
        lost: 0,
        returnedUnused: 0,
        surplus: 0,
      };
      byCode.set(m.componentCode, counts);
    }
    shift(counts, m.from, -m.qty);
    shift(counts, m.to, m.qty);
  }
  return byCode;
}
