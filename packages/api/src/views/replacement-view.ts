import type { listReplacementRequests } from "@kitflow/db";

type Row = Awaited<ReturnType<typeof listReplacementRequests>>[number];

/** A workshop's request for a replacement (补料) as the factory and the lead see it. */
export function replacementRequestView(row: Row) {
  const { request } = row;
  return {
    id: request.id,
    number: request.number,
    batchId: request.batchId,
    batchNumber: row.batchNumber,
    productName: row.productName,
    workshopId: row.workshopId,
    shipmentId: request.shipmentId,
    lines: request.lines,
    reason: request.reason,
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    answeredByShipmentId: request.answeredByShipmentId,
    answeredAt: request.answeredAt?.toISOString() ?? null,
  };
}
