import type { ShipmentStatus, TripStatus } from "./contracts/index";

/**
 * Where a shipment is, as people say it: one still on a truck that has not left is waiting for it
 * (待发车), not on the road (在途); otherwise its own status.
 */
export type ShipmentPhase = ShipmentStatus | "awaiting_departure";

export function shipmentPhase(
  shipment: { status: ShipmentStatus },
  trip: { status: TripStatus } | null,
): ShipmentPhase {
  if (shipment.status === "in_transit" && trip?.status === "planned") return "awaiting_departure";
  return shipment.status;
}
