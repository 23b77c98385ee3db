import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser, newContext, screenshot, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { keepOffTheInternet, type PageWatch, pageProblems, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

const KEYS = new Set(translationKeys());

/**
 * The demo official changes a monitoring rule and sees, before saving, which workshops would change
 * status; a typo is refused beside its field; saving adds a version to the history. At 1440 px and
 * 390 px; screenshots (tests/e2e/screenshots/official-rules-*) are for people to look at.
 */
describeInBrowser("monitoring rules the official owns", () => {
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

  async function openRules(viewport: ViewportName): Promise<{ page: Page; watch: PageWatch; close(): Promise<void> }> {
    const context = await newContext(browser, viewport, server.url);
    const page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    const watch = watchPage(page, server.url);
    await signInUI(page, "official.ruijin", "/official/rules");
    await page.getByTestId("rules-form").waitFor({ timeout: 20_000 });
    await settle(page);
    return { page, watch, close: () => context.close() };
  }

  /** Rules 叶坪 meets: one counting worker, one month, no insurance needed. */
  async function lenientRules(page: Page) {
    await page.getByTestId("rules-minPoorWorkers").fill("1");
    await page.getByTestId("rules-minMonths").fill("1");
    await page.getByTestId("rules-insuranceRequired").uncheck();
  }

  it("previews the status changes, refuses a typo beside its field and saves a new version (1440 px)", async () => {
    const { page, watch, close } = await openRules("desktop");
    expect(await page.getByTestId("rules-impact").innerText()).toBe(zh("official:rules.preview.none", { total: 4 }));

    await lenientRules(page);
    const yeping = page.getByTestId("rules-changes").locator("tr", { hasText: "叶坪" });
    await yeping.waitFor({ timeout: 20_000 });
    await settle(page);
    expect(
      await yeping.locator("[data-status]").evaluateAll((s) => s.map((e) => e.getAttribute("data-status"))),
    ).toEqual(["under_watch", "running"]);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, "official-rules-preview", "desktop");

    // Letters in a number: refused beside the field, and nothing can be saved.
    await page.getByTestId("rules-minMonths").fill("三");
    await page.getByText(zh("official:rules.form.whole")).waitFor();
    expect(await page.getByRole("button", { name: zh("official:rules.save") }).isDisabled()).toBe(true);
    await page.getByTestId("rules-minMonths").fill("0");
    await settle(page);
    expect(await page.getByRole("button", { name: zh("official:rules.save") }).isDisabled()).toBe(true);
    await screenshot(page, "official-rules-invalid", "desktop");
    await page.getByTestId("rules-minMonths").fill("1");

    await page.getByRole("button", { name: zh("official:rules.save") }).click();
    await page.getByTestId("rules-saved").waitFor({ timeout: 20_000 });
    await settle(page);
    const states = await page
      .getByTestId("rules-history")
      .locator("[data-state]")
      .evaluateAll((s) => s.map((e) => e.getAttribute("data-state")));
    expect(states).toEqual(["scheduled", "in_force"]);
    await screenshot(page, "official-rules-saved", "desktop");
    expect([...watch.take(), ...(await pageProblems(page, KEYS))]).toEqual([]);
    await close();
  }, 300_000);

  it("fits a phone, preview included (390 px)", async () => {
    const { page, watch, close } = await openRules("phone");
    // This quarter: the version saved above governs the next one, so here the rules in force are the demo's.
    await page.getByTestId("rules-quarter").selectOption({ index: 0 });
    await page.getByTestId("rules-graceMonths").fill("3");
    await lenientRules(page);
    await page.getByTestId("rules-changes").waitFor({ timeout: 20_000 });
    await settle(page);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, "official-rules-preview", "phone");
    expect([...watch.take(), ...(await pageProblems(page, KEYS))]).toEqual([]);
    await close();
  }, 300_000);
});
