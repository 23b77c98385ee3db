import { WORKER_SESSION_DAYS, workerSessionExpiresAt } from "@kitflow/domain";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { z } from "zod";

/**
 * Opens a session for a worker whose sign-in code the API has already checked. It runs inside
 * better-auth (internal adapter, its own cookie and the bearer plugin's set-auth-token), so workers'
 * sessions are made, sent and ended exactly like everyone else's, only longer. Server only: no
 * HTTP route reaches it.
 */
export function workerSessions() {
  return {
    id: "kitflow-worker-sessions",
    endpoints: {
      createWorkerSession: createAuthEndpoint(
        "/kitflow/worker-session",
        {
          method: "POST",
          body: z.object({ userId: z.string().min(1) }),
          metadata: { SERVER_ONLY: true },
        },
        async (ctx) => {
          const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
          if (!user || (user as { role?: unknown }).role !== "worker") throw new APIError("NOT_FOUND");
          const session = await ctx.context.internalAdapter.createSession(
            user.id,
            false,
            { expiresAt: workerSessionExpiresAt(new Date()) },
            true,
          );
          await setSessionCookie(ctx, { session, user }, false, { maxAge: WORKER_SESSION_DAYS * 24 * 60 * 60 });
          return ctx.json({ token: session.token });
        },
      ),
    },
  } satisfies BetterAuthPlugin;
}
