import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser, newContext, screenshot } from "./support/browser";
import { keepOffTheInternet, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * The demo official opens the map and the monitoring page side by side at 1440 px: every workshop
 * carries the same status on both. Screenshots (tests/e2e/screenshots/official-status-*) are for
 * people to look at.
 */
describeInBrowser("one monitoring status on the map and the monitoring page", () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows each workshop's status the same on the map table and on the monitoring page", async () => {
    const context = await newContext(browser, "desktop", server.url);
    const page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    const watch = watchPage(page, server.url);
    await signInUI(page, "official.ruijin", "/map");
    await settle(page);
    await page.getByTestId("map").waitFor();
    await page.locator("[data-organisation]").first().waitFor({ timeout: 20_000 });
    await screenshot(page, "official-status-map", "desktop");
    const onMap = await page
      .locator("[data-organisation]")
      .evaluateAll((spans) => spans.map((s) => [s.getAttribute("data-organisation"), s.getAttribute("data-status")]));

    await page.goto("/official/monitoring");
    await settle(page);
    await page.locator("[data-workshop]").first().waitFor({ timeout: 20_000 });
    await screenshot(page, "official-status-monitoring", "desktop");
    const onPage = new Map(
      await page
        .locator("[data-workshop]")
        .evaluateAll((spans) => spans.map((s) => [s.getAttribute("data-workshop"), s.getAttribute("data-status")])),
    );
    const workshopsOnMap = onMap.filter(([, status]) => status !== "not_monitored");
    expect(workshopsOnMap.length).toBeGreaterThan(0);
    for (const [org, status] of workshopsOnMap) expect({ org, status }).toEqual({ org, status: onPage.get(org ?? "") });
    expect(watch.take()).toEqual([]);
    await context.close();
  }, 300_000);
});
