/**
 * Over real HTTP: every response carries the security headers, and a hostile page cannot make the
 * signed-in user's browser change anything (a cross-site form or fetch is refused), while the app's
 * own calls and plain HTTP clients with a bearer token keep working.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_ROOT } from "../../apps/server/src/app";
import { createRequestListener } from "../../apps/server/src/http";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";

describe("HTTP security", () => {
  let app: TestApp;
  let server: Server;
  let base: string;
  let host: string;

  beforeAll(async () => {
    app = await createTestApp("pglite");
    server = createServer(
      createRequestListener({ db: app.handle.db, auth: app.auth, publicUrl: PUBLIC_URL, webRoot: WEB_ROOT }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    base = `http://${host}`;
  }, 180_000);

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await app?.close();
  });

  async function signIn(headers: Record<string, string> = {}): Promise<{ cookie: string; token: string }> {
    const response = await fetch(`${base}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ username: "factory.jhb", password: "kitflow-demo" }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const body = (await response.json()) as { result: { data: { token: string } } };
    return { cookie, token: body.result.data.token };
  }

  async function me(headers: Record<string, string>): Promise<number> {
    const response = await fetch(`${base}/trpc/auth.me`, { headers });
    return response.status;
  }

  it.each(["/", "/healthz", "/trpc/auth.me", "/factory/batches"])("%s carries the security headers", async (path) => {
    const response = await fetch(`${base}${path}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // The map's optional tile servers and the app's data: images and blob: workers stay allowed.
    expect(csp).toMatch(/img-src[^;]*data:[^;]*tianditu\.gov\.cn[^;]*autonavi\.com[^;]*openstreetmap\.org/);
    expect(csp).toMatch(/worker-src[^;]*'self'[^;]*blob:/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("a cross-site multipart form cannot sign the user out", async () => {
    const { cookie } = await signIn();
    expect(await me({ cookie })).toBe(200);
    const form = new FormData();
    form.set("x", "1");
    const attack = await fetch(`${base}/trpc/auth.signOut`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: form,
    });
    expect(attack.status).toBe(403);
    expect(await me({ cookie }), "the session survives").toBe(200);
  });

  it("refuses a foreign or opaque Origin even without Fetch-Metadata (older browsers)", async () => {
    const { cookie } = await signIn();
    for (const origin of ["https://evil.example", "null", `http://${host}.evil.example`]) {
      const attack = await fetch(`${base}/trpc/auth.signOut`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/json" },
        body: "{}",
      });
      expect(attack.status, origin).toBe(403);
    }
    const auth = await fetch(`${base}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(auth.status).toBe(403);
    expect(await me({ cookie })).toBe(200);
  });

  it("the app's own same-origin calls and the public URL's origin still work", async () => {
    const { cookie } = await signIn({ origin: base, "sec-fetch-site": "same-origin" });
    const out = await fetch(`${base}/trpc/auth.signOut`, {
      method: "POST",
      headers: { cookie, origin: base, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect(await me({ cookie }), "signed out").toBe(401);
    const viaPublicUrl = await signIn({ origin: PUBLIC_URL, "sec-fetch-site": "same-site" });
    expect(viaPublicUrl.token).toBeTruthy();
  });

  it("a plain HTTP client with a bearer token and no Origin keeps working", async () => {
    const { token } = await signIn();
    const out = await fetch(`${base}/trpc/auth.signOut`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
  });
});
