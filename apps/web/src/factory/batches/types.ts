import type { RouterOutputs } from "@kitflow/api";

export type BatchDetail = RouterOutputs["batches"]["get"];
export type BatchShipment = BatchDetail["shipments"][number];
export type Balance = BatchDetail["balances"][number];
export type KitLine = BatchDetail["kit"][number];
