/**
 * Over real HTTP: the sign-in limit per address takes the client's address from X-Forwarded-For only
 * when the request comes from a configured trusted proxy (TRUSTED_PROXIES); from anyone else the
 * header is ignored, so a client cannot give itself a fresh address per attempt.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientAddress } from "../../apps/server/src/client-address";
import { createRequestListener } from "../../apps/server/src/http";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";

const LIMIT = 2;

describe("client address behind a reverse proxy", () => {
  let app: TestApp;
  const servers: Server[] = [];
  let behindProxy: string;
  let exposed: string;

  async function listen(clientAddress: ClientAddress): Promise<string> {
    const server = createServer(
      createRequestListener({ db: app.handle.db, auth: app.auth, publicUrl: PUBLIC_URL, clientAddress }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  async function signIn(base: string, password: string, forwardedFor: string): Promise<number> {
    const response = await fetch(`${base}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ username: "factory.jhb", password }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  beforeAll(async () => {
    app = await createTestApp("pglite", { signInMax: LIMIT });
    // The test connects from 127.0.0.1: trusted by one server, not by the other.
    behindProxy = await listen(new ClientAddress(["127.0.0.1"]));
    exposed = await listen(new ClientAddress(["10.0.0.1"]));
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    await app?.close();
  });

  it("honours X-Forwarded-For from a trusted proxy: each client address has its own count", async () => {
    for (let i = 0; i < LIMIT; i++) expect(await signIn(behindProxy, "wrong-password", "203.0.113.10")).toBe(401);
    expect(await signIn(behindProxy, "kitflow-demo", "203.0.113.10")).toBe(429);
    expect(await signIn(behindProxy, "kitflow-demo", "203.0.113.11")).toBe(200);
    // A header the client wrote itself sits left of the address the proxy appended, and is passed over.
    expect(await signIn(behindProxy, "kitflow-demo", "203.0.113.99, 203.0.113.10")).toBe(429);
  });

  it("ignores X-Forwarded-For from anyone else: a new header per attempt does not help", async () => {
    for (let i = 0; i < LIMIT; i++) expect(await signIn(exposed, "wrong-password", `198.51.100.${i}`)).toBe(401);
    expect(await signIn(exposed, "kitflow-demo", "198.51.100.77")).toBe(429);
  });
});
