export * from "./monitoring";
export * from "./pay";

export * from "./privacy";
export * from "./privacy-attack";
export * from "./rules";
export * from "./subsidy";
