import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from "react";
import { errorCode, isNetworkFailure } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { forgetPhoneCache } from "../offline/phone-cache";

export type SessionUser = RouterOutputs["auth"]["me"];

export interface Session {
  user: SessionUser | null;
  loading: boolean;
  /** Re-reads auth.me, e.g. right after signing in. */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in, from auth.me; UNAUTHORIZED simply means nobody. The answer is part of the phone's
 * copy (offline/phone-cache.ts), so a reload with no signal keeps the lead signed in; a server that
 * says the session ended wins over that copy, and the copy is deleted with everything it held.
 */
/** Procedures anyone may call without an account; their cached answers hold nothing of a user. */
const PUBLIC_PROCEDURES = new Set(["jobs.places", "jobs.search", "jobs.get"]);

function isPublicQuery(queryKey: readonly unknown[]): boolean {
  const path = queryKey[0];
  return Array.isArray(path) && PUBLIC_PROCEDURES.has(path.join("."));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery({
    ...trpc.auth.me.queryOptions(),
    retry: (failures, error) => isNetworkFailure(error) && failures < 2,
    staleTime: 5 * 60_000,
  });
  const signOutMutation = useMutation(trpc.auth.signOut.mutationOptions());
  const ended = me.isError && errorCode(me.error) === "UNAUTHORIZED";

  useEffect(() => {
    if (!ended) return;
    const meKey = JSON.stringify(trpc.auth.me.queryKey());
    // Public answers (jobs near home) belong to nobody and may be in flight for a visitor: kept.
    queryClient.removeQueries({
      predicate: (query) => JSON.stringify(query.queryKey) !== meKey && !isPublicQuery(query.queryKey),
    });
    void forgetPhoneCache();
  }, [ended, queryClient, trpc]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  }, [queryClient, trpc]);

  const signOut = useCallback(async () => {
    try {
      await signOutMutation.mutateAsync();
    } finally {
      // Whatever the server said, nothing of the previous user may stay on screen or on the phone.
      queryClient.clear();
      await forgetPhoneCache();
      queryClient.setQueryData(trpc.auth.me.queryKey(), undefined);
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    }
  }, [queryClient, signOutMutation, trpc]);

  const value = useMemo<Session>(
    () => ({
      user: ended ? null : (me.data ?? null),
      loading: me.isPending && me.fetchStatus === "fetching",
      refresh,
      signOut,
    }),
    [ended, me.data, me.isPending, me.fetchStatus, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>");
  return session;
}
