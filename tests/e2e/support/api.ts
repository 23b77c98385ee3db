import type { AppRouter } from "@kitflow/api";
import { createTRPCClient, httpLink } from "@trpc/client";

export const DEMO_PASSWORD = "kitflow-demo";

/** The API as a plain HTTP client sees it: JSON over /trpc, identified by the sign-in token (no transformer). */
export type Api = ReturnType<typeof apiClient>;

function apiClient(baseURL: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL("/trpc", baseURL).href,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

/**
 * Signs in over HTTP and returns a client acting as that demo user. Tests read the ledger through
 * it, so what the pages show is compared with what the server records, not with what the page fetched.
 */
export async function apiAs(baseURL: string, username: string): Promise<Api> {
  const { token } = await apiClient(baseURL).auth.signIn.mutate({ username, password: DEMO_PASSWORD });
  return apiClient(baseURL, token);
}

/**
 * The session cookies a browser would hold after signing in, so a measurement can start on a signed-in
 * page without loading the sign-in page first.
 */
export async function sessionCookies(
  baseURL: string,
  username: string,
): Promise<{ name: string; value: string; url: string }[]> {
  const response = await fetch(new URL("/trpc/auth.signIn", baseURL), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} failed: HTTP ${response.status}`);
  return response.headers.getSetCookie().map((cookie) => {
    const [pair = ""] = cookie.split(";");
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), url: baseURL };
  });
}
