import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookies } from "./support/api";
import { type E2EServer, startE2EServer } from "./support/server";

/**
 * How the server hands the built web app to phones: the service worker and the manifest are always
 * revalidated, hashed files cached for good, and /lead carries the signed-in lead's Today inside the
 * page (for that lead only, never stored by a cache) so a first visit needs no further round trip.
 */

function cookieHeader(cookies: { name: string; value: string }[]): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

function seedOf(html: string): { at: number; queries: { path: string; input?: unknown; data: unknown }[] } | null {
  const match = /<script type="application\/json" id="kitflow-seed">([^<]*)<\/script>/.exec(html);
  return match?.[1] ? JSON.parse(match[1]) : null;
}

describe("serving the web app", () => {
  let server: E2EServer;
  let lead = "";
  let factory = "";

  beforeAll(async () => {
    server = await startE2EServer();
    lead = cookieHeader(await sessionCookies(server.url, "lead.xianghu"));
    factory = cookieHeader(await sessionCookies(server.url, "factory.jhb"));
  });

  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, cookie?: string) =>
    fetch(new URL(path, server.url), { headers: cookie ? { cookie } : {} });

  it("revalidates the service worker and the manifest, and caches hashed files for good", async () => {
    const sw = await get("/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    const manifest = await get("/manifest.webmanifest");
    expect(manifest.headers.get("cache-control")).toBe("no-cache");
    expect(await manifest.json()).toMatchObject({ short_name: "kitflow", start_url: "/lead", display: "standalone" });
    const index = await (await get("/index.html")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    expect((await get(script ?? "")).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("puts the signed-in lead's Today into /lead, and into nothing else", async () => {
    const page = await get("/lead", lead);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const seed = seedOf(await page.text());
    expect(seed?.queries.map((q) => q.path)).toEqual(["auth.me", "shipments.list", "batches.list"]);
    expect(seed?.queries[0]?.data).toMatchObject({ username: "lead.xianghu", role: "workshop_lead" });
    const batches = seed?.queries[2]?.data as { items: { workshop?: { shortName?: string } }[] };
    expect(batches.items.length).toBeGreaterThan(0);
    expect(new Set(batches.items.map((b) => b.workshop?.shortName))).toEqual(new Set(["象湖"]));

    // The plain shell (what the service worker stores) and other people's /lead carry no one's data.
    expect(seedOf(await (await get("/index.html", lead)).text())).toBeNull();
    expect(seedOf(await (await get("/lead")).text())).toBeNull();
    expect(seedOf(await (await get("/lead", factory)).text())).toBeNull();
    expect(seedOf(await (await get("/lead", "better-auth.session_token=forged")).text())).toBeNull();
  });
});
