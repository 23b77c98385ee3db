import { z } from "zod";
import { id, idempotencyKey, isoDate, note, optionalText } from "./common";

export const TRIP_STATUSES = ["planned", "departed", "arrived"] as const;
export type TripStatus = (typeof TRIP_STATUSES)[number];

export const createTripInput = z.object({
  plannedDate: isoDate,
  vehiclePlate: optionalText(20),
  driverName: optionalText(50),
  note: note(500),
  idempotencyKey,
});
export type CreateTripInput = z.infer<typeof createTripInput>;

export const getTripInput = z.object({ id });
export const listTripsInput = z.object({ limit: z.number().int().min(1).max(100).default(30) }).default({ limit: 30 });
export const advanceTripInput = z.object({ id, status: z.enum(["departed", "arrived"]), idempotencyKey });
