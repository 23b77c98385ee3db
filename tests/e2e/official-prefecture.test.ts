import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser, newContext, screenshot, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { keepOffTheInternet, pageProblems, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

const KEYS = new Set(translationKeys());

/**
 * The demo's prefecture official (official.ganzhou, 赣州市人社局) signs in at 1440 px and 390 px and lands on
 * the prefecture page: 赣州市's figures and its counties, 瑞金市 among them, for a quarter and for a month;
 * the county pages are not in its navigation and send it back. Screenshots
 * (tests/e2e/screenshots/official-prefecture-*) are looked at.
 */
describeInBrowser("the prefecture official's page", () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of ["desktop", "phone"] as ViewportName[]) {
    it(`shows 赣州市 and its counties at ${viewport}`, async () => {
      const context = await newContext(browser, viewport, server.url);
      const page = await context.newPage();
      await keepOffTheInternet(page, server.url);
      const watch = watchPage(page, server.url);
      await signInUI(page, "official.ganzhou");
      await page.waitForURL((url) => url.pathname === "/official/prefecture");

      const nav = page.getByTestId("mainnav");
      await expect.poll(() => nav.getByRole("link").allInnerTexts()).toEqual([zh("official:nav.prefecture")]);
      const counties = page.getByTestId("counties");
      await counties.locator("tbody tr", { hasText: "瑞金市" }).waitFor({ timeout: 30_000 });
      // Every county of 赣州 in the demo is listed, those without workshops with zeros.
      expect(await counties.locator("tbody tr").count()).toBe(3);
      await expect.poll(() => page.getByTestId("period-kind").inputValue()).toBe("quarter");
      await settle(page);
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, "official-prefecture", viewport);
      expect(await pageProblems(page, KEYS)).toEqual([]);

      await page.getByTestId("period-kind").selectOption("month");
      await counties.locator("tbody tr", { hasText: "瑞金市" }).waitFor({ timeout: 30_000 });
      await settle(page);
      await screenshot(page, "official-prefecture-month", viewport);
      expect(await pageProblems(page, KEYS)).toEqual([]);

      // The county pages judge one county's workshops: a prefecture's official is sent back.
      await page.goto("/official/monitoring");
      await page.waitForURL((url) => url.pathname === "/official/prefecture");
      await counties.waitFor({ timeout: 30_000 });
      expect(watch.take()).toEqual([]);
      await context.close();
    }, 300_000);
  }
});
