import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { keepOffTheInternet, type PageWatch, pageProblems, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * Inspection with the four outcomes and rework (返工), as the people do it: the manager inspects a return
 * (正品 / 次品 / 缺数 / 废品) and sends rejected units back; the lead sees them arrive on the phone, counts
 * them and finds them on the batch and return pages. Screenshots for people to look at.
 */
const KEYS = new Set(translationKeys());

describeInBrowser("inspection outcomes and rework", () => {
  let server: E2EServer;
  let browser: Browser;
  let batchId = "";
  let returnNumber = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    const factory = await apiAs(server.url, "factory.jhb");
    const lead = await apiAs(server.url, "lead.xianghu");
    const xianghu = (await factory.partners.list.query()).find((p) => p.shortName === "象湖");
    const product = (await factory.catalog.listProducts.query())[0];
    if (!xianghu || !product) throw new Error("demo data lacks 象湖 or a product");
    const batch = await factory.batches.create.mutate({
      workshopId: xianghu.id,
      productId: product.id,
      quantity: 10,
      allowancePct: 0,
      idempotencyKey: "e2e-rework-batch",
    });
    batchId = batch.id;
    const out = await factory.shipments.dispatch.mutate({
      batchId,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: "e2e-rework-dispatch",
    });
    await lead.shipments.confirmReceipt.mutate({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
      idempotencyKey: "e2e-rework-confirm",
    });
    const back = await lead.shipments.createReturn.mutate({
      batchId,
      goodQty: 7,
      defectiveQty: 3,
      idempotencyKey: "e2e-rework-return",
    });
    returnNumber = back.number;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openAs(username: string, viewport: ViewportName) {
    const context = await newContext(browser, viewport, server.url);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    const watch = watchPage(page, server.url);
    await signInUI(page, username);
    return { context, page, watch };
  }

  async function look(page: Page, watch: PageWatch, name: string, viewport: ViewportName): Promise<string[]> {
    await settle(page, watch);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, name, viewport);
    return [...watch.take(), ...(await pageProblems(page, KEYS))].map((p) => `${name}: ${p}`);
  }

  it("the manager inspects with 正品, 次品, 缺数 and 废品, then sends the rejected units for rework", async () => {
    const problems: string[] = [];
    // The dialog on a phone too: four outcomes must fit 390 px.
    const phone = await openAs("factory.jhb", "phone");
    await phone.page.goto(`/factory/batches/${batchId}`);
    await phone.page.getByTestId(`inspect-${returnNumber}`).click();
    await phone.page.getByTestId("inspect-dialog").waitFor();
    problems.push(...(await look(phone.page, phone.watch, "rework-inspect-dialog", "phone")));
    await phone.context.close();

    const { context, page, watch } = await openAs("factory.jhb", "desktop");
    await page.goto(`/factory/batches/${batchId}`);
    await page.getByTestId(`inspect-${returnNumber}`).click();
    const dialog = page.getByTestId("inspect-dialog");
    await dialog.getByLabel(zh("factory:inspect.accepted")).fill("5");
    await dialog.getByLabel(zh("factory:inspect.rejected")).fill("3");
    await dialog.getByLabel(zh("factory:inspect.missing")).fill("1");
    await dialog.getByLabel(zh("factory:inspect.scrapped")).fill("1");
    await expect.poll(() => page.getByTestId("verdict-check").getAttribute("class")).toBe("check-ok");
    problems.push(...(await look(page, watch, "rework-inspect-dialog", "desktop")));
    await dialog.getByRole("button", { name: zh("factory:inspect.submit") }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("finished-missing").textContent()).toBe("1");
    expect(await page.getByTestId("finished-scrapped").textContent()).toBe("1");
    expect(await page.getByTestId("finished-rejected").textContent()).toBe("3");

    await page.getByTestId("rework-action").click();
    const rework = page.getByTestId("rework-dialog");
    await rework.getByLabel(zh("factory:rework.qty")).fill("2");
    problems.push(...(await look(page, watch, "rework-dispatch-dialog", "desktop")));
    await rework.getByTestId("rework-submit").click();
    await rework.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("rework-inTransit").textContent()).toBe("2");
    expect(await page.getByTestId("rework-available").textContent()).toBe("1");
    problems.push(...(await look(page, watch, "rework-factory-batch", "desktop")));
    await context.close();
    expect(problems).toEqual([]);
  }, 300_000);

  it("the lead sees the rework arrive on the phone, counts it and has it to return", async () => {
    const problems: string[] = [];
    const { context, page, watch } = await openAs("lead.xianghu", "phone");
    await page.goto("/lead");
    const card = page.getByTestId("incoming-rework-shipment");
    await card.waitFor();
    problems.push(...(await look(page, watch, "rework-lead-today", "phone")));
    await card.click();
    await page.getByTestId("rework-form").waitFor();
    problems.push(...(await look(page, watch, "rework-lead-receive", "phone")));
    await page.getByTestId("rework-confirm").click();
    await page.getByTestId("rework-received").waitFor();
    await page.goto(`/lead/batches/${batchId}`);
    await expect.poll(() => page.getByTestId("rework-at-workshop").textContent()).toBe("2");
    problems.push(...(await look(page, watch, "rework-lead-batch", "phone")));
    await page.goto(`/lead/batches/${batchId}/return`);
    await page.getByTestId("rework-qty").waitFor();
    problems.push(...(await look(page, watch, "rework-lead-return", "phone")));
    await context.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
