import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser, screenshot, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { pageProblems, settle, type watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signedIn } from "./support/ui";

/**
 * The admin stops an account from the accounts page: the lead, signed in on its own phone, is
 * signed out at its next request and told in Chinese that its account is disabled when it tries
 * to sign in again. The accounts and audit-log pages at both widths.
 */
const KEYS = new Set(translationKeys());

describeInBrowser("an admin stops an account", () => {
  let server: E2EServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (viewport: ViewportName, username: string) => signedIn(browser, server.url, username, viewport, 15_000);

  async function problemsOn(page: Page, watch: ReturnType<typeof watchPage>): Promise<string[]> {
    await settle(page);
    return [...watch.take(), ...(await pageProblems(page, KEYS))];
  }

  it("disables a lead: its phone is signed out at once and its sign-in refused in Chinese", async () => {
    const lead = await open("phone", "lead.huangbai");
    expect(new URL(lead.page.url()).pathname).toBe("/lead");

    const admin = await open("desktop", "admin");
    await admin.page.goto("/admin/users");
    await admin.page.getByTestId("users-table").waitFor();
    expect(await problemsOn(admin.page, admin.watch)).toEqual([]);
    await screenshot(admin.page, "admin-users", "desktop");

    await admin.page.getByTestId("toggle-lead.huangbai").first().click();
    await admin.page.getByTestId("confirm-disable").click();
    await admin.page.getByTestId("disable-dialog").getByRole("status").waitFor();
    await screenshot(admin.page, "admin-users-disabled-dialog", "desktop");
    await admin.page
      .getByTestId("disable-dialog")
      .locator(".actions")
      .getByRole("button", { name: zh("common:action.close"), exact: true })
      .click();
    await expect
      .poll(async () => admin.page.getByTestId("status-lead.huangbai").first().textContent())
      .toContain("停用");
    await screenshot(admin.page, "admin-users-after-disable", "desktop");

    // The lead's next request finds its session gone.
    await lead.page.reload();
    await lead.page.waitForURL((url) => url.pathname.startsWith("/signin"));
    await lead.page.getByLabel(zh("signIn.username")).fill("lead.huangbai");
    await lead.page.getByLabel(zh("signIn.password")).fill("kitflow-demo");
    await lead.page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
    const alert = lead.page.getByRole("alert").first();
    await alert.waitFor();
    expect(await alert.textContent()).toContain(zh("errors:reason.accountDisabled"));
    await screenshot(lead.page, "lead-signin-disabled", "phone");

    await admin.page.goto("/admin/audit");
    await admin.page.getByTestId("audit-table").waitFor();
    const auditTable = await admin.page.getByTestId("audit-table").textContent();
    expect(auditTable).toContain(zh("admin:auditActions.admin.setUserDisabled"));
    expect(auditTable).toContain("admin · setUserDisabled");
    expect(await problemsOn(admin.page, admin.watch)).toEqual([]);
    await screenshot(admin.page, "admin-audit", "desktop");
    await lead.context.close();
    await admin.context.close();
  }, 180_000);

  it("the accounts and audit pages at 390 px", async () => {
    const admin = await open("phone", "admin");
    for (const [path, testId, name] of [
      ["/admin/users", "users-table", "admin-users"],
      ["/admin/audit", "audit-table", "admin-audit"],
    ] as const) {
      await admin.page.goto(path);
      await admin.page.getByTestId(testId).waitFor();
      expect(await problemsOn(admin.page, admin.watch)).toEqual([]);
      await screenshot(admin.page, name, "phone");
    }
    await admin.context.close();
  }, 120_000);
});
