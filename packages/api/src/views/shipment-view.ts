import {
  type Executor,
  kitLinesOf,
  linesOf,
  type NewShipmentLine,
  type Shipment,
  type Trip,
  tripsByIds,
} from "@kitflow/db";
import { type SetLine, setsIn, shipmentPhase } from "@kitflow/domain";
import { isoDates } from "./iso";

type ShipmentLineRow = Awaited<ReturnType<typeof linesOf>>[number];

/**
 * Where the QR on a note points: the page where the lead counts that shipment in — a kit delivery's
 * confirm page, or for units sent back for rework (返工) the rework receipt, which the confirm page is not.
 */
export function qrPayloadFor(publicUrl: string, shipment: Pick<Shipment, "id" | "kind">): string {
  const path = shipment.kind === "rework" ? `/lead/rework/${shipment.id}` : `/receive/${shipment.id}`;
  return new URL(path, publicUrl).toString();
}

/** The truck a shipment rides on, as a delivery note prints it. */
export function tripSummary(trip: Trip | undefined) {
  if (!trip) return null;
  return {
    id: trip.id,
    number: trip.number,
    status: trip.status,
    plannedDate: trip.plannedDate,
    vehiclePlate: trip.vehiclePlate,
    driverName: trip.driverName,
    departedAt: trip.departedAt?.toISOString() ?? null,
  };
}

/** A shipment's trip and where it is (待发车 while its truck has not left). */
export function tripFacts(shipment: Shipment, trip: Trip | undefined) {
  return { trip: tripSummary(trip), phase: shipmentPhase(shipment, trip ?? null) };
}

/**
 * What a view adds to a shipment: its trip, where it is (待发车 while its truck has not left) and, for a
 * dispatch, the whole sets its component lines make against the batch's BOM.
 */
export function shipmentExtras(
  shipment: Shipment,
  lines: readonly Pick<ShipmentLineRow, "role" | "componentCode" | "qty">[],
  bom: readonly SetLine[],
  trip: Trip | undefined,
) {
  const sent = lines.filter((l) => l.role === "component");
  return {
    ...tripFacts(shipment, trip),
    sets: shipment.kind === "dispatch" ? setsIn(bom, sent) : null,
  };
}

/** The trips of some shipments by id, read in one query. */
export async function tripsOf(db: Executor, shipments: readonly Pick<Shipment, "tripId">[]) {
  const rows = await tripsByIds(
    db,
    shipments.map((s) => s.tripId),
  );
  return new Map(rows.map((t) => [t.id, t]));
}

export async function shipmentView(
  db: Executor,
  shipment: Shipment,
  batch: { id?: string; number: string; workshopId: string; factoryId: string },
  publicUrl: string,
  /** What the caller has read already (the kit, the shipment's trip), so it is not read twice. */
  known: { kit?: readonly SetLine[]; trip?: Trip | null } = {},
) {
  const [lines, kit, trips] = await Promise.all([
    linesOf(db, [shipment.id]),
    known.kit ?? kitLinesOf(db, shipment.batchId),
    known.trip !== undefined ? new Map(known.trip ? [[known.trip.id, known.trip]] : []) : tripsOf(db, [shipment]),
  ]);
  const trip = shipment.tripId ? trips.get(shipment.tripId) : undefined;
  return shipmentViewOf(shipment, batch, publicUrl, { lines, kit, trip: trip ?? null });
}

/** A shipment as every mutation and `get` answer it, from its parts in hand. */
export function shipmentViewOf(
  shipment: Shipment,
  batch: { number: string; workshopId: string; factoryId: string },
  publicUrl: string,
  parts: { lines: readonly ShipmentLineRow[]; kit: readonly SetLine[]; trip: Trip | null },
) {
  return isoDates({
    ...shipment,
    deliveryNoteNumber: shipment.number,
    qrPayload: qrPayloadFor(publicUrl, shipment),
    batchNumber: batch.number,
    workshopId: batch.workshopId,
    factoryId: batch.factoryId,
    ...shipmentExtras(shipment, parts.lines, parts.kit, parts.trip ?? undefined),
    lines: parts.lines.map(shipmentLineView),
  });
}

/** Lines just written, as linesOf would read them back: with their units from the kit, by component. */
export function linesInHand(
  shipmentId: string,
  lines: readonly NewShipmentLine[],
  kit: readonly { componentCode: string; unit: string }[],
): ShipmentLineRow[] {
  const unitOf = new Map(kit.map((k) => [k.componentCode, k.unit]));
  return lines
    .map((l) => ({
      shipmentId,
      role: l.role,
      componentCode: l.componentCode,
      qty: l.qty,
      qtyReceived: l.qtyReceived ?? null,
      reason: l.reason ?? null,
      unit: unitOf.get(l.componentCode) ?? null,
    }))
    .sort((a, b) => (a.componentCode < b.componentCode ? -1 : a.componentCode > b.componentCode ? 1 : 0));
}

/** A shipment line as every view sends it: what was sent, what was counted and why they differ. */
export function shipmentLineView(l: ShipmentLineRow) {
  return {
    role: l.role,
    componentCode: l.componentCode,
    qty: l.qty,
    unit: l.unit,
    qtyReceived: l.qtyReceived,
    reason: l.reason,
  };
}
