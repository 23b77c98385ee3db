export * from "./monitoring";
export * from "./pay";
export * from "./periods";
export * from "./privacy";
export * from "./rules";
export * from "./subsidy";
