import { getOrganisation } from "@kitflow/db";
import { signInInput, workerSignInInput } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { resolveActor, sessionCacheOf } from "../auth/session";
import { credentialOf } from "../auth/session-cache";
import { countPasswordSignIn } from "../auth/sign-in-limits";
import { signInWorker } from "../auth/worker-sign-in";
import { ExplainedError } from "../errors";
import { protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = {
  /**
   * Counted per account and per client address first (auth/sign-in-limits.ts), then through
   * better-auth's own HTTP handler, not auth.api, so its cookie handling applies exactly as it would
   * to a browser.
   */
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const attempt = await countPasswordSignIn(ctx, input.username);
    const response = await ctx.auth.handler(
      new Request(new URL("/api/auth/sign-in/username", ctx.auth.options.baseURL), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: ctx.auth.options.baseURL ?? "",
          "x-kitflow-client-ip": ctx.clientIp,
        },
        body: JSON.stringify({ username: input.username, password: input.password, rememberMe: true }),
      }),
    );
    if (response.status === 403) {
      // Said only after the password was right (the session hook refuses), so it tells a guesser nothing.
      throw new ExplainedError("FORBIDDEN", "this account is disabled", { reason: "accountDisabled" });
    }
    if (!response.ok) {
      throw new ExplainedError("UNAUTHORIZED", "wrong username or password", { reason: "wrongCredentials" });
    }
    const token = response.headers.get("set-auth-token");
    if (!token) throw new Error("sign-in returned no session token");
    await attempt.succeeded();
    ctx.setCookies(response.headers.getSetCookie());
    const actor = await resolveActor(ctx.db, ctx.auth, new Headers({ authorization: `Bearer ${token}` }));
    if (!actor) {
      throw new ExplainedError("UNAUTHORIZED", "this account has no organisation", { reason: "noOrganisation" });
    }
    return { user: actor, token };
  }),

  /** A worker signs in on its own phone with the code its lead issued (workforce.issueSignInCode). */
  workerSignIn: publicProcedure.input(workerSignInInput).mutation(async ({ ctx, input }) => {
    const { token } = await signInWorker(ctx, input);
    const actor = await resolveActor(ctx.db, ctx.auth, new Headers({ authorization: `Bearer ${token}` }));
    if (!actor) {
      throw new ExplainedError("UNAUTHORIZED", "this worker is no longer on a roster", { reason: "noLongerOnRoster" });
    }
    return { user: actor, token };
  }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const organisation = ctx.actor.organisationId ? await getOrganisation(ctx.db, ctx.actor.organisationId) : undefined;
    return {
      ...ctx.actor,
      organisation: organisation && {
        id: organisation.id,
        kind: organisation.kind,
        name: organisation.name,
        shortName: organisation.shortName,
        regionCode: organisation.regionCode,
      },
    };
  }),

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    const credential = credentialOf(ctx.headers);
    const cached = credential ? sessionCacheOf(ctx.auth).get(credential) : undefined;
    const response = await ctx.auth.api.signOut({ headers: ctx.headers, asResponse: true });
    if (cached) sessionCacheOf(ctx.auth).evictSession(cached.sessionToken);
    ctx.setCookies(response.headers.getSetCookie());
    return { signedOut: true };
  }),
} satisfies TRPCRouterRecord;
