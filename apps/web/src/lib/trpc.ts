import type { AppRouter } from "@kitflow/api";
import { onlineManager, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { worthRetrying } from "./errors";

/** Typed hooks for the API; only the router's type crosses from packages/api, never its code. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Plain JSON (no transformer), same-origin: the session travels as an HttpOnly cookie. */
export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        fetch: (url, options) => fetch(url, { ...(options as RequestInit), credentials: "same-origin" }),
      }),
    ],
  });
}

export type TrpcClient = ReturnType<typeof makeTrpcClient>;

// React Query assumes "online" until an event says otherwise; a page opened with no signal must know at once.
if (typeof navigator !== "undefined") onlineManager.setOnline(navigator.onLine);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Try the network once even when the phone believes it is offline (it is often wrong), then
      // wait for the connection instead of spinning; pages show the phone's copy meanwhile.
      networkMode: "offlineFirst",
      // Kept for a day so the phone's copy (offline/phone-cache.ts) still holds pages visited hours ago.
      gcTime: 24 * 3600_000,
      refetchOnWindowFocus: false,
      /** A refused request (bad input, no access, wrong state, signed out) is not retried. */
      retry: (failures, error) => worthRetrying(error) && failures < 2,
    },
    mutations: { retry: false },
  },
});
