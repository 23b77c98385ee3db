export * from "./backup";
export * from "./client";
export * from "./data-dir-lock";
export * from "./driver-error";
export * from "./private-dir";
export * from "./queries/index";
export * as schema from "./schema/index";
