export * from "./auth";
export * from "./batches";
export * from "./catalog";
export * from "./common";
export * from "./shipments";
export * from "./trips";
