export * from "./haversine";
export * from "./point";
export * from "./rings";
export * from "./site-status";
