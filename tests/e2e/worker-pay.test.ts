import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_WORKER } from "../../apps/server/src/seed/workforce";
import { type Api, apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, SCREENSHOTS, screenshot } from "./support/browser";
import { zh } from "./support/locale";
import { keepOffTheInternet, type PageWatch, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { shanghaiMonth, signInUI } from "./support/ui";

/**
 * A worker on its own phone, from the lead's code to the pay page (390 px): the lead issues a code
 * on the roster and prints the slip, the worker opens the slip's link, signs in with the code, sees
 * every piece and every fen traced to the factory's batch, questions a day, the lead answers it on
 * Today with a correction, the worker sees the correction, and then the wages the lead records as paid.
 */

interface MyPieces {
  days: {
    workDate: string;
    entries: { id: number; batchNumber: string; productName: string; factoryName: string }[];
  }[];
  totalFen: number;
}

/** What the server records for the signed-in worker, read with the page's own session cookie. */
async function myPieces(page: Page, month: string): Promise<MyPieces> {
  return page.evaluate(async (m) => {
    const input = encodeURIComponent(JSON.stringify({ month: m }));
    const response = await fetch(`/trpc/me.piecework?input=${input}`);
    return ((await response.json()) as { result: { data: MyPieces } }).result.data;
  }, month);
}

describeInBrowser("a worker sees its own piecework and pay on its phone", () => {
  let server: E2EServer;
  let browser: Browser;
  let lead: Api;
  let demoWorkerId: string;
  const booked = 37;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    lead = await apiAs(server.url, "lead.xianghu");
    const worker = (await lead.workforce.roster.query()).find((w) => w.phone === DEMO_WORKER.phone);
    if (!worker) throw new Error("the demo worker is not on 象湖's roster");
    demoWorkerId = worker.id;
    // Today's work, so this month's page has a day to question whatever day of the month it is.
    const batch = (await lead.workforce.pieceworkBatches.query()).find((b) => b.headroom >= booked);
    if (!batch) throw new Error("象湖 has no batch with piecework headroom");
    await lead.workforce.enterPiecework.mutate({
      batchId: batch.id,
      workDate: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date()),
      entries: [{ workerId: worker.id, qty: booked }],
      idempotencyKey: "e2e-worker-pay-today",
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(): Promise<{ page: Page; watch: PageWatch; close(): Promise<void> }> {
    const context = await newContext(browser, "phone", server.url);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    return { page, watch: watchPage(page, server.url), close: () => context.close() };
  }

  it("from the lead's code to every fen, a question and its correction", async () => {
    const month = shanghaiMonth();

    // The lead issues a code on the roster and prints the slip.
    const leadPhone = await phone();
    await signInUI(leadPhone.page, "lead.xianghu");
    await leadPhone.page.goto("/workforce");
    const row = leadPhone.page.getByRole("row").filter({ hasText: DEMO_WORKER.name });
    await row.getByRole("button", { name: zh("workforce:access.issue") }).click();
    await leadPhone.page.getByRole("button", { name: zh("workforce:access.issueConfirm") }).click();
    const code = (await leadPhone.page.getByTestId("signin-code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    // The roster is long on a phone: the dialog alone is the picture worth looking at.
    await leadPhone.page
      .getByTestId("code-dialog")
      .screenshot({ path: join(SCREENSHOTS, "worker-pay-lead-code-phone.png") });
    await leadPhone.page.getByTestId("print-slip").click();
    await leadPhone.page.getByTestId("signin-slip").waitFor();
    expect(await leadPhone.page.getByTestId("slip-code").textContent()).toBe(code);
    const qr = leadPhone.page.locator("img[data-qr-payload]");
    await qr.waitFor();
    const link = (await qr.getAttribute("data-qr-payload")) ?? "";
    expect(link).toBe(`${server.url}/me/signin?phone=${DEMO_WORKER.phone}`);
    await screenshot(leadPhone.page, "worker-pay-slip", "phone");

    // The worker opens the slip's link: the phone number is filled in, only the code is typed.
    const worker = await phone();
    await worker.page.goto(new URL(link).pathname + new URL(link).search);
    await expect.poll(() => worker.page.getByLabel(zh("me:signIn.phone")).inputValue()).toBe(DEMO_WORKER.phone);
    await worker.page.getByLabel(zh("me:signIn.code")).fill(code.toLowerCase());
    await screenshot(worker.page, "worker-pay-signin", "phone");
    await worker.page.getByRole("button", { name: zh("me:signIn.submit"), exact: true }).click();
    await worker.page.waitForURL((url) => url.pathname === "/me");
    await worker.page.getByTestId("me-day").first().waitFor();
    expect(await settle(worker.page)).toBe(true);
    await screenshot(worker.page, "worker-pay-me", "phone");

    // Every entry the server holds for her is on the page, each traced to batch, product and factory.
    const recorded = await myPieces(worker.page, month);
    const entries = recorded.days.flatMap((d) => d.entries);
    expect(entries.length).toBeGreaterThan(0);
    const shown = worker.page.getByTestId("me-entry");
    expect(await shown.count()).toBe(entries.length);
    for (const [i, entry] of entries.entries()) {
      const text = (await shown.nth(i).textContent()) ?? "";
      expect(text).toContain(entry.batchNumber);
      expect(text).toContain(entry.productName);
      expect(text).toContain(entry.factoryName);
    }
    // Every fen: the page's total is the server's, and the lead's printed statement says the same.
    const statement = await lead.workforce.payStatement.query({ workerId: demoWorkerId, month });
    expect(recorded.totalFen).toBe(statement.totalFen);
    const earned = worker.page.getByTestId("me-stats").locator(".money").first();
    expect(Number(await earned.getAttribute("data-fen"))).toBe(statement.totalFen);
    expect(worker.watch.take()).toEqual([]);

    // She questions today's entry.
    const today = worker.page.getByTestId("me-day").first();
    const todays = today
      .getByTestId("me-entry")
      .filter({ hasText: zh("me:entryLine", { qty: booked, rate: "" }).trim() });
    await todays.first().getByTestId("me-ask").click();
    await worker.page.getByLabel(zh("me:note")).fill("今天做了42个，少记了5个");
    await worker.page.getByRole("button", { name: zh("me:send") }).click();
    await worker.page.getByTestId("dispute-dialog").waitFor({ state: "hidden" });
    await worker.page.getByText("今天做了42个，少记了5个").first().waitFor();

    // The lead sees it on Today and answers with a correction.
    await leadPhone.page.goto("/lead");
    const question = leadPhone.page.getByTestId("worker-question").filter({ hasText: "今天做了42个" });
    await question.waitFor();
    await screenshot(leadPhone.page, "worker-pay-lead-today", "phone");
    await question.getByTestId("correct-question").click();
    const dialog = leadPhone.page.getByTestId("answer-dialog");
    await dialog.getByLabel(zh("workforce:piecework.replacementQty")).fill(String(booked + 5));
    await dialog.getByLabel(zh("workforce:piecework.reason")).fill("核对后少记5个");
    await dialog.getByRole("button", { name: zh("workforce:disputes.correct") }).click();
    await dialog.waitFor({ state: "hidden" });
    await leadPhone.page
      .getByTestId("worker-question")
      .filter({ hasText: "今天做了42个" })
      .filter({ hasText: zh("workforce:disputes.corrected") })
      .waitFor();

    // She sees the correction: the entry reversed, the right figure booked, and the pay updated.
    await worker.page.reload();
    await worker.page.getByText(zh("me:correctedByLead")).first().waitFor();
    const after = await myPieces(worker.page, month);
    expect(after.totalFen).toBe((await lead.workforce.payStatement.query({ workerId: demoWorkerId, month })).totalFen);
    expect(after.totalFen - recorded.totalFen).toBeGreaterThan(0);
    const newEarned = worker.page.getByTestId("me-stats").locator(".money").first();
    await expect.poll(async () => Number(await newEarned.getAttribute("data-fen"))).toBe(after.totalFen);
    await worker.page.getByText(zh("me:reversed")).first().waitFor();
    await screenshot(worker.page, "worker-pay-corrected", "phone");

    // The lead pays her wages for the month (the unpaid amount is offered), and she sees when and how.
    await leadPhone.page.goto("/workforce/pay");
    const payRow = leadPhone.page.getByRole("row").filter({ hasText: DEMO_WORKER.name });
    await payRow.getByTestId("record-wages").click();
    const wageForm = leadPhone.page.getByTestId("wage-form");
    await wageForm.getByLabel(zh("workforce:wages.method")).selectOption("wechat");
    await wageForm.getByRole("button", { name: zh("workforce:wages.record") }).click();
    await wageForm.waitFor({ state: "hidden" });
    await worker.page.reload();
    const wages = worker.page.getByTestId("me-wages");
    await wages.getByText(zh("workforce:wages.methods.wechat"), { exact: false }).waitFor();
    expect(Number(await wages.locator(".money").first().getAttribute("data-fen"))).toBe(after.totalFen);
    const unpaid = worker.page.getByTestId("me-stats").locator(".money").nth(2);
    expect(Number(await unpaid.getAttribute("data-fen"))).toBe(0);
    await screenshot(worker.page, "worker-pay-wages", "phone");
    expect(worker.watch.take()).toEqual([]);

    await leadPhone.close();
    await worker.close();
  });
});
