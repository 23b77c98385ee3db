import { type Executor, linesOf, type Shipment } from "@kitflow/db";
import { isoDates } from "./iso";

type ShipmentLineRow = Awaited<ReturnType<typeof linesOf>>[number];

/** Where the QR on a delivery note points: the confirm page of that shipment. */
export function qrPayloadFor(publicUrl: string, shipment: Pick<Shipment, "id">): string {
  return new URL(`/receive/${shipment.id}`, publicUrl).toString();
}

export async function shipmentView(
  db: Executor,
  shipment: Shipment,
  batch: { number: string; workshopId: string; factoryId: string },
  publicUrl: string,
) {
  const lines = await linesOf(db, [shipment.id]);
  return isoDates({
    ...shipment,
    deliveryNoteNumber: shipment.number,
    qrPayload: qrPayloadFor(publicUrl, shipment),
    batchNumber: batch.number,
    workshopId: batch.workshopId,
    factoryId: batch.factoryId,
    lines: lines.map(shipmentLineView),
  });
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
