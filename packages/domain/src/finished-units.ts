/**
 * Finished units of a batch, followed one by one from the return note through inspection and rework
 * (返工), so that each unit is paid at most once and the component ledger never counts a part twice.
 *
 * The rule (README, "Finished units: inspection and rework"):
 *
 *   returned good + returned defective (new units, made from the kit, never more than ordered)
 *     = accepted + rejected + missing + scrapped + awaiting inspection
 *   rejected = rejected at the factory + rework in transit + rework at the workshop + rework lost
 *
 * - 正品 accepted: paid (accepted × piece rate), once; an accepted unit never comes back.
 * - 次品 rejected: not paid; stays at the factory until it is sent for rework. `rejected` counts the units
 *   that stand rejected now, wherever they are: a reworked unit stops counting as rejected when it comes
 *   back on a return and is judged again like any other unit.
 * - 缺数 missing: on the note but not in the box. The unit never arrived, so the components consumed
 *   into it at the return are moved on from consumed to lost (`units_missing`), attributed to the return.
 * - 废品 scrapped in inspection: the unit arrived and was destroyed by the factory; its components stay
 *   consumed (they went into a delivered unit). Not paid.
 * - Rework travels as finished units, never as components: sending it moves nothing in the component
 *   ledger, and a return's rework units (`reworkQty`) consume nothing. Rework units that do not arrive at
 *   the workshop are lost with their components (`rework_lost`, consumed → lost, like 缺数).
 *
 * So, for every component: consumed = quantity per unit × (new units returned − missing − rework lost).
 */
import { RuleViolation } from "./errors";
import type { KitLine } from "./kit";
import type { ComponentBalance, Movement } from "./ledger";

/** The four inspection outcomes, in the order the inspect dialog shows them. */
export const INSPECTION_OUTCOMES = ["acceptedQty", "rejectedQty", "missingQty", "scrappedQty"] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];
export type Verdict = Record<InspectionOutcome, number>;

/** Sums over a batch's shipments, as the database reads them. */
export interface FinishedTotals {
  ordered: number;
  /** New units on return notes (made from the kit). */
  returnedGood: number;
  returnedDefective: number;
  /** Rework units carried back on returns (not part of good or defective). */
  reworkReturned: number;
  /** Verdicts summed over inspected returns; rejected counts every verdict, rework returns included. */
  acceptedVerdicts: number;
  rejectedVerdicts: number;
  missing: number;
  scrapped: number;
  /** Returns not inspected yet, and the units they carry (good + defective + rework). */
  awaitingInspection: number;
  awaitingUnits: number;
  /** Rework shipments: units sent, units still in transit, units counted by the workshop. */
  reworkSent: number;
  reworkInTransit: number;
  reworkReceived: number;
}

export interface ReworkUnits {
  sent: number;
  inTransit: number;
  /** Received by the workshop and not returned yet: what a return may carry back as rework. */
  atWorkshop: number;
  /** Sent but not counted on arrival. */
  lost: number;
  /** Carried back on returns. */
  returned: number;
  /** Rejected units at the factory that have not been sent for rework: what a rework dispatch may send. */
  available: number;
}

/** The finished-unit counts `batches.get` shows. */
export interface FinishedUnits {
  ordered: number;
  returnedGood: number;
  returnedDefective: number;
  accepted: number;
  /** Units that stand rejected now: at the factory, or out for rework and not back yet. */
  rejected: number;
  missing: number;
  scrapped: number;
  /** Returns awaiting inspection. */
  awaitingInspection: number;
  awaitingUnits: number;
  rework: ReworkUnits;
}

export function finishedUnitsOf(t: FinishedTotals): FinishedUnits {
  return {
    ordered: t.ordered,
    returnedGood: t.returnedGood,
    returnedDefective: t.returnedDefective,
    accepted: t.acceptedVerdicts,
    rejected: t.rejectedVerdicts - t.reworkReturned,
    missing: t.missing,
    scrapped: t.scrapped,
    awaitingInspection: t.awaitingInspection,
    awaitingUnits: t.awaitingUnits,
    rework: {
      sent: t.reworkSent,
      inTransit: t.reworkInTransit,
      atWorkshop: t.reworkReceived - t.reworkReturned,
      lost: t.reworkSent - t.reworkInTransit - t.reworkReceived,
      returned: t.reworkReturned,
      available: t.rejectedVerdicts - t.reworkSent,
    },
  };
}

/** New units made from the kit and returned: the figure that never exceeds the order. */
export function newUnitsReturned(f: Pick<FinishedUnits, "returnedGood" | "returnedDefective">): number {
  return f.returnedGood + f.returnedDefective;
}

/** Where every returned unit is now, and that no count is negative; empty when the rule holds. */
export function finishedUnitBreaches(f: FinishedUnits): string[] {
  const breaches: string[] = [];
  const returned = newUnitsReturned(f);
  const judged = f.accepted + f.rejected + f.missing + f.scrapped + f.awaitingUnits;
  if (judged !== returned) {
    breaches.push(
      `accepted ${f.accepted} + rejected ${f.rejected} + missing ${f.missing} + scrapped ${f.scrapped} + awaiting ${f.awaitingUnits} ≠ ${returned} returned`,
    );
  }
  const r = f.rework;
  if (r.available + r.inTransit + r.atWorkshop + r.lost !== f.rejected) {
    breaches.push(
      `rejected ${f.rejected} ≠ at factory ${r.available} + rework in transit ${r.inTransit} + at workshop ${r.atWorkshop} + lost ${r.lost}`,
    );
  }
  if (returned > f.ordered) breaches.push(`returned ${returned} > ordered ${f.ordered}`);
  const counts: [string, number][] = [
    ["accepted", f.accepted],
    ["rejected", f.rejected],
    ["missing", f.missing],
    ["scrapped", f.scrapped],
    ["awaitingUnits", f.awaitingUnits],
    ...Object.entries(r).map(([k, v]) => [`rework.${k}`, v] as [string, number]),
  ];
  for (const [name, value] of counts) if (value < 0) breaches.push(`${name} is ${value}`);
  return breaches;
}

/**
 * The link between finished units and the component ledger: consumed = quantity per unit × units that
 * reached the factory (new units returned, less those missing from the box or lost on a rework trip).
 */
export function consumedBreaches(
  kit: readonly Pick<KitLine, "componentCode" | "qtyPerUnit">[],
  balances: readonly ComponentBalance[],
  f: FinishedUnits,
): string[] {
  const units = newUnitsReturned(f) - f.missing - f.rework.lost;
  return kit.flatMap((k) => {
    const consumed = balances.find((b) => b.componentCode === k.componentCode)?.consumed ?? 0;
    return consumed === units * k.qtyPerUnit
      ? []
      : [`${k.componentCode}: consumed ${consumed} ≠ ${k.qtyPerUnit} × ${units} units that reached the factory`];
  });
}

/** Every unit of a return gets exactly one outcome: 正品 + 次品 + 缺数 + 废品 = good + defective + rework. */
export function checkInspectionVerdict(
  returned: { goodQty: number; defectiveQty: number; reworkQty?: number },
  verdict: { acceptedQty: number; rejectedQty: number; missingQty?: number; scrappedQty?: number },
): void {
  const units = returned.goodQty + returned.defectiveQty + (returned.reworkQty ?? 0);
  const missing = verdict.missingQty ?? 0;
  const scrapped = verdict.scrappedQty ?? 0;
  if (verdict.acceptedQty + verdict.rejectedQty + missing + scrapped !== units) {
    throw new RuleViolation(
      "conservation",
      `accepted ${verdict.acceptedQty} + rejected ${verdict.rejectedQty} + missing ${missing} + scrapped ${scrapped} must equal the ${units} units returned`,
      {
        reason: "verdictMismatch",
        params: { accepted: verdict.acceptedQty, rejected: verdict.rejectedQty, missing, scrapped, units },
        field: "acceptedQty",
      },
    );
  }
}

/** 缺数: the components consumed into units that were not in the box move on to lost. */
export function planMissingUnits(kit: readonly Pick<KitLine, "componentCode" | "qtyPerUnit">[], missing: number) {
  return unitsLost(kit, missing, "units_missing");
}

function unitsLost(
  kit: readonly Pick<KitLine, "componentCode" | "qtyPerUnit">[],
  units: number,
  kind: "units_missing" | "rework_lost",
): Movement[] {
  if (units <= 0) return [];
  return kit.map((k) => ({ componentCode: k.componentCode, kind, qty: units * k.qtyPerUnit }));
}

/** Rework may send back only rejected units still at the factory (rejected, not sent for rework yet). */
export function checkReworkDispatch(f: FinishedUnits, qty: number): void {
  if (qty > f.rework.available) {
    throw new RuleViolation(
      "conservation",
      `only ${f.rework.available} rejected unit(s) are at the factory to send for rework, not ${qty}`,
      { reason: "exceedsRejected", params: { qty, available: f.rework.available }, field: "qty" },
    );
  }
}

/** A return carries back as rework only units the workshop received for rework and has not returned. */
export function checkReworkReturn(f: FinishedUnits, reworkQty: number): void {
  if (reworkQty > f.rework.atWorkshop) {
    throw new RuleViolation(
      "conservation",
      `the workshop holds ${f.rework.atWorkshop} rework unit(s), so it cannot return ${reworkQty}`,
      { reason: "exceedsReworkHeld", params: { qty: reworkQty, held: f.rework.atWorkshop }, field: "reworkQty" },
    );
  }
}

/**
 * The lead counts a rework delivery. Fewer than sent are lost on the way, with their components
 * (consumed → lost), and need a note; more than sent cannot be: rework units exist only as rejected units.
 */
export function planReworkReceipt(
  kit: readonly Pick<KitLine, "componentCode" | "qtyPerUnit">[],
  productCode: string,
  sent: number,
  counted: number,
  note: string | undefined,
): Movement[] {
  if (counted > sent) {
    throw new RuleViolation("conservation", `counted ${counted} rework units but ${sent} were sent`, {
      reason: "reworkOverSent",
      params: { counted, sent },
      field: "qtyReceived",
    });
  }
  const reason = note?.trim();
  if (counted < sent && !reason) {
    throw new RuleViolation("input", "the count differs from the rework note; say why in a note", {
      reason: "receiptNeedsNote",
      params: { components: productCode },
      field: "note",
    });
  }
  return unitsLost(kit, sent - counted, "rework_lost").map((m) => (reason ? { ...m, reason } : m));
}
