import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser, newContext, screenshot, type ViewportName } from "./support/browser";
import { keepOffTheInternet, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * The demo official's answers in one screen, at 1440 px and 390 px: the map for a quarter with the
 * service area and its gaps, the monitoring page beside it, a workshop's drill-down (history,
 * insurance, roster, piecework chart) and a village's (the workshops its people work at, or nothing
 * for a village of 1–2 people). Screenshots (tests/e2e/screenshots/official-drill-*) are looked at.
 */
describeInBrowser("officials' drill-downs", () => {
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

  for (const viewport of ["desktop", "phone"] as ViewportName[]) {
    it(`map, monitoring and drill-downs at ${viewport}`, async () => {
      const context = await newContext(browser, viewport, server.url);
      const page = await context.newPage();
      await keepOffTheInternet(page, server.url);
      const watch = watchPage(page, server.url);
      await signInUI(page, "official.ruijin", "/map");
      await settle(page);
      await page.getByTestId("map").waitFor();
      // The period picker is the app's own, in Chinese, and a quarter by default.
      await expect.poll(() => page.getByTestId("period-kind").inputValue()).toBe("quarter");
      expect(await page.getByTestId("period").locator("option").first().innerText()).toMatch(/^\d{4}年第[1-4]季度$/);
      await page.getByTestId("coverage-summary").waitFor({ timeout: 20_000 });
      expect(
        await page.locator(".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane path").count(),
      ).toBeGreaterThan(0);
      await page.locator("[data-organisation]").first().waitFor({ timeout: 20_000 });
      await screenshot(page, "official-drill-map", viewport);

      await page.goto("/official/monitoring");
      await settle(page);
      await page.locator("[data-open-workshop]").first().waitFor({ timeout: 20_000 });
      await screenshot(page, "official-drill-monitoring", viewport);
      await page.locator("[data-open-workshop]").first().click();
      const dialog = page.getByTestId("workshop-dialog");
      await dialog.getByTestId("status-history").waitFor({ timeout: 30_000 });
      await dialog.locator(".recharts-surface").first().waitFor();
      await screenshot(page, "official-drill-workshop", viewport);
      await page.keyboard.press("Escape");

      await page.goto("/official");
      await settle(page);
      const villages = page.getByTestId("villages");
      await villages.locator("[data-village]").first().waitFor({ timeout: 30_000 });
      // A village of 1–2 people opens to nothing at all.
      const hiddenVillage = villages.locator("tbody tr", { hasText: "—" }).locator("[data-village]").first();
      await hiddenVillage.click();
      await page.getByTestId("village-hidden").waitFor({ timeout: 30_000 });
      await screenshot(page, "official-drill-village-hidden", viewport);
      await page.keyboard.press("Escape");
      // Most demo villages have 1–2 workers: look back quarter by quarter for one whose people are shown.
      const quarters = await page
        .getByTestId("period")
        .locator("option")
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      let opened = false;
      for (const quarter of quarters) {
        await page.getByTestId("period").selectOption(quarter);
        await villages.locator("[data-village]").first().waitFor({ timeout: 30_000 });
        await settle(page);
        const shown = await villages
          .locator("tbody tr")
          .evaluateAll((trs) =>
            trs
              .filter((tr) => (tr.querySelectorAll("td")[2] as HTMLElement | undefined)?.innerText.trim() !== "—")
              .map((tr) => tr.querySelector("[data-village]")?.getAttribute("data-village") ?? ""),
          );
        if (!shown[0]) continue;
        await villages.locator(`[data-village="${shown[0]}"]`).click();
        const village = page.getByTestId("village-dialog");
        await village.getByTestId("village-workshops").waitFor({ timeout: 30_000 });
        await screenshot(page, "official-drill-village", viewport);
        await village.getByTestId("village-workshops").locator("[data-workshop]").first().click();
        await page.getByTestId("workshop-dialog").getByTestId("status-history").waitFor({ timeout: 30_000 });
        await screenshot(page, "official-drill-village-workshop", viewport);
        await page.keyboard.press("Escape");
        await page.keyboard.press("Escape");
        opened = true;
        break;
      }
      expect(opened).toBe(true);
      await screenshot(page, "official-drill-overview", viewport);
      expect(watch.take()).toEqual([]);
      await context.close();
    }, 300_000);
  }
});
