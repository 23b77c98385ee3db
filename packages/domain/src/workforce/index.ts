export * from "./monitoring";
export * from "./pay";
export * from "./piecework";
export * from "./privacy";
export * from "./rules";
export * from "./sign-in-code";
export * from "./subsidy";
export * from "./worker-statement";
