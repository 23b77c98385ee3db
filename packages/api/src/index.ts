import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export type { Actor } from "./actor";
export { type Auth, type AuthOptions, createAuth } from "./auth/auth";
export { hashPassword } from "./auth/password-hashing";
export { resolveActor } from "./auth/session";
export { asClientSafe, InternalError, internalErrorLogLine } from "./errors";
export { protectIdNumber } from "./identity";
export { type AppRouter, appRouter } from "./root";
export { type ContextInner, createCallerFactory, createContextInner } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
