/**
 * tRPC setup, read top to bottom: CONTEXT, INITIALISATION, PROCEDURES.
 */

import type { Database } from "@kitflow/db";
import { isPrefectureCode, type Role } from "@kitflow/domain";
import { initTRPC } from "@trpc/server";
import type { Actor, ActorOf } from "./actor";
import type { Auth } from "./auth/auth";
import { resolveActor } from "./auth/session";
import { ExplainedError, errorData, translateError } from "./errors";

/* ---------------------------------- CONTEXT ---------------------------------- */

export interface ContextInner {
  db: Database;
  auth: Auth;
  actor: Actor | null;
  /** Request headers, forwarded to better-auth (cookie or Authorization: Bearer). */
  headers: Headers;
  /** Client address, for sign-in rate limiting. */
  clientIp: string;
  /** Where people reach this server; QR codes on delivery notes point here. */
  publicUrl: string;
  /** Adds Set-Cookie headers to the HTTP response (a no-op for createCaller in tests). */
  setCookies: (cookies: string[]) => void;
}

/** Separate from the HTTP adapter so tests build contexts and call routers with createCaller. */
export async function createContextInner(
  opts: Omit<ContextInner, "actor"> & { actor?: Actor | null },
): Promise<ContextInner> {
  const actor = opts.actor !== undefined ? opts.actor : await resolveActor(opts.db, opts.auth, opts.headers);
  return { ...opts, actor };
}

/* ------------------------------ INITIALISATION ------------------------------- */

const t = initTRPC.context<ContextInner>().create({
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, ...errorData(error) } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/* -------------------------------- PROCEDURES --------------------------------- */

/** Every error leaves as a tRPC code with a message that names the problem; never a bare 500 for bad input. */
const withReadableErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw translateError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(withReadableErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new ExplainedError("UNAUTHORIZED", "sign in first", { reason: "signInFirst" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** An official whose region is a prefecture rather than a county or a place in one. */
function isPrefectureOfficial(actor: Actor): boolean {
  return actor.role === "official" && isPrefectureCode(actor.regionCode);
}

/**
 * A procedure only the given roles may call; the actor type narrows to those roles. An official's procedures
 * plan figures, privacy and rules for a county or a place in it, so a prefecture's official is refused them:
 * run over a whole prefecture they would hide cells by another plan than the prefecture overview's, and the
 * two together could give hidden figures away by subtraction. That official has prefectureOfficialProcedure.
 */
export function roleProcedure<const R extends Role>(...roles: R[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role as R)) {
      throw new ExplainedError("FORBIDDEN", `only ${roles.join(" or ")} may do this`, {
        reason: "rolesOnly",
        params: { roles: roles.join(", ") },
      });
    }
    if (isPrefectureOfficial(ctx.actor)) {
      throw new ExplainedError("FORBIDDEN", "a prefecture's official reads the prefecture overview", {
        reason: "countyOfficialsOnly",
      });
    }
    return next({ ctx: { ...ctx, actor: ctx.actor as ActorOf<R> } });
  });
}

/** What only a prefecture's official may read (the prefecture overview); every other caller is refused. */
export const prefectureOfficialProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isPrefectureOfficial(ctx.actor)) {
    throw new ExplainedError("FORBIDDEN", "the prefecture overview is for a prefecture's official", {
      reason: "prefectureOnly",
    });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor as ActorOf<"official"> } });
});
