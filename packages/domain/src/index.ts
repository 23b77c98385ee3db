export * from "./batch-status";
export * from "./contracts/index";
export * from "./errors";
export * from "./kit";
export * from "./ledger";
export * from "./movements";
export * from "./settlement";
