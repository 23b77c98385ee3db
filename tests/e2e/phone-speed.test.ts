import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sessionCookies } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, type ViewportName } from "./support/browser";
import { zh } from "./support/locale";
import { type E2EServer, startE2EServer } from "./support/server";

/**
 * The speed targets for village phones, measured and printed (not asserted, the machine running the
 * suite varies): gzipped JavaScript needed before a page is usable (< 300 KB for the lead) and time
 * to usable on a village connection (50 KB/s each way, 400 ms round trip) with the CPU slowed 4×:
 * the lead's Today in < 3 s on a first visit (nothing cached) and < 1 s on a repeat visit (service
 * worker and the phone's copy of the data warm). Each page is opened by a user already signed in.
 */

const VILLAGE_NETWORK = {
  offline: false,
  latency: 400,
  downloadThroughput: 50 * 1024,
  uploadThroughput: 50 * 1024,
};
const CPU_SLOWDOWN = 4;
const KB = 1024;

interface Script {
  url: string;
  requestedAt: number;
  raw: number;
  gzip: number;
  encoding: string | undefined;
}

interface Measurement {
  usableMs: number;
  before: Script[];
  after: Script[];
  /** The same page opened again by the same phone: service worker, HTTP cache and the phone's copy warm. */
  repeatMs?: number;
  timeline: Timeline;
  repeatTimeline?: Timeline;
}

interface Timeline {
  html: number;
  scripts: number;
  api: number;
}

/** Where a visit's time went, from the page's own navigation and resource timing (ms since navigation). */
function timelineOf(page: Page): Promise<Timeline> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const last = (filter: (r: PerformanceResourceTiming) => boolean) =>
      Math.round(Math.max(0, ...resources.filter(filter).map((r) => r.responseEnd)));
    return {
      html: Math.round(nav?.responseEnd ?? 0),
      scripts: last((r) => r.initiatorType === "script" || r.name.endsWith(".js")),
      api: last((r) => r.name.includes("/trpc/")),
    };
  });
}

async function measure(
  browser: Browser,
  baseURL: string,
  username: string,
  viewport: ViewportName,
  path: string,
  usable: (page: Page) => Promise<unknown>,
  options: { repeat?: boolean } = {},
): Promise<Measurement> {
  const context = await newContext(browser, viewport, baseURL);
  await context.addCookies(await sessionCookies(baseURL, username));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", VILLAGE_NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });

  const requestedAt = new Map<unknown, number>();
  const scripts: Promise<Script | null>[] = [];
  page.on("request", (request) => requestedAt.set(request, Date.now()));
  page.on("requestfinished", (request) => {
    if (request.resourceType() !== "script" || !request.url().startsWith(baseURL)) return;
    scripts.push(
      (async () => {
        const response = await request.response();
        if (!response) return null;
        const body = await response.body();
        return {
          url: new URL(request.url()).pathname,
          requestedAt: requestedAt.get(request) ?? 0,
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          encoding: (await response.allHeaders())["content-encoding"],
        };
      })()
        // A script that finishes after the page has closed (the service worker's, registered late) has no
        // readable body any more, and came long after the page was usable: it is left out of the count.
        .catch(() => null),
    );
  });

  const start = Date.now();
  await page.goto(path, { waitUntil: "commit", timeout: 60_000 });
  await usable(page);
  const usableAt = Date.now();
  const timeline = await timelineOf(page);
  // Let what was already requested finish, so its size is known.
  await page.waitForLoadState("networkidle", { timeout: 60_000 }).catch(() => undefined);
  const all = (await Promise.all(scripts)).filter((s): s is Script => s !== null);
  let repeatMs: number | undefined;
  let repeatTimeline: Timeline | undefined;
  if (options.repeat) {
    // The service worker installs in the background after the first visit, and the phone keeps its copy.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 120_000 });
    await page.waitForTimeout(2_000);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
    await page.goto("about:blank");
    const again = Date.now();
    await page.goto(path, { waitUntil: "commit", timeout: 60_000 });
    await usable(page);
    repeatMs = Date.now() - again;
    repeatTimeline = await timelineOf(page);
  }
  await context.close();
  return {
    usableMs: usableAt - start,
    before: all.filter((s) => s.requestedAt <= usableAt),
    after: all.filter((s) => s.requestedAt > usableAt),
    repeatMs,
    timeline,
    repeatTimeline,
  };
}

function kb(bytes: number): string {
  return (bytes / KB).toFixed(1);
}

function print(
  label: string,
  m: Measurement,
  targets: { kb: number; seconds: number; repeatSeconds: number } | null,
): void {
  const gzip = m.before.reduce((n, s) => n + s.gzip, 0);
  const raw = m.before.reduce((n, s) => n + s.raw, 0);
  const compressed = m.before.filter((s) => s.encoding).length;
  const seconds = (m.usableMs / 1000).toFixed(2);
  const lines = [
    targets
      ? `${label}: ${kb(gzip)} KB gzipped JS (target < ${targets.kb} KB), usable in ${seconds} s on a first visit at 50 KB/s, 400 ms, CPU ×4 (target < ${targets.seconds} s)`
      : `${label}: ${kb(gzip)} KB gzipped JS, usable in ${seconds} s on a first visit at 50 KB/s, 400 ms, CPU ×4 (for reference)`,
    `  ${m.before.length} scripts before usable, ${kb(raw)} KB as sent; ${compressed} of them compressed by the server`,
    `  ${m.before.map((s) => `${s.url.replace(/^\/assets\//, "")} ${kb(s.gzip)}`).join(", ")}`,
  ];
  const where = (t: Timeline) =>
    `page arrived at ${t.html} ms, last script at ${t.scripts} ms, last API answer at ${t.api} ms`;
  lines.push(`  first visit: ${where(m.timeline)}`);
  if (m.repeatMs !== undefined) {
    lines.push(
      `  repeat visit (service worker warm): usable in ${(m.repeatMs / 1000).toFixed(2)} s${targets ? ` (target < ${targets.repeatSeconds} s)` : ""}`,
    );
    if (m.repeatTimeline) lines.push(`  repeat visit: ${where(m.repeatTimeline)}`);
  }
  if (m.after.length > 0) {
    lines.push(
      `  later (prefetch): ${m.after.length} scripts, ${kb(m.after.reduce((n, s) => n + s.gzip, 0))} KB gzipped`,
    );
  }
  console.info(lines.join("\n"));
}

describeInBrowser("speed on village phones (printed, not asserted)", () => {
  let server: E2EServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lead Today on a phone", async () => {
    const m = await measure(
      browser,
      server.url,
      "lead.xianghu",
      "phone",
      "/lead",
      async (page) => {
        await page.getByRole("heading", { level: 1, name: zh("lead:today.title") }).waitFor({ timeout: 60_000 });
        await page
          .locator('[data-testid="open-batches"], [data-testid="incoming-shipments"]')
          .first()
          .waitFor({ timeout: 60_000 });
      },
      { repeat: true },
    );
    print("lead Today", m, { kb: 300, seconds: 3, repeatSeconds: 1 });
    expect(m.before.length).toBeGreaterThan(0);
  }, 300_000);

  it("factory overview on a desktop, for reference", async () => {
    const m = await measure(browser, server.url, "factory.jhb", "desktop", "/factory", async (page) => {
      await page.getByTestId("overview-status-counts").waitFor({ timeout: 60_000 });
    });
    print("factory overview", m, null);
    expect(m.before.length).toBeGreaterThan(0);
  }, 120_000);
});
