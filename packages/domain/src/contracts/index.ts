export * from "./auth";
export * from "./batches";
export * from "./catalog";
export * from "./common";
export * from "./map";
export * from "./shipments";
export * from "./trips";
export * from "./admin";
