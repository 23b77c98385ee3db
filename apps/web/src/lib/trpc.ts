import type { AppRouter } from "@kitflow/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

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

/** Errors a retry cannot fix (bad input, no access, wrong state) are not retried. */
const FINAL_CODES = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
]);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => {
        const code = (error as { data?: { code?: string } | null }).data?.code;
        if (code && FINAL_CODES.has(code)) return false;
        return failures < 2;
      },
    },
    mutations: { retry: false },
  },
});
