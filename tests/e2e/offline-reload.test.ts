import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Api, apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot } from "./support/browser";
import { zh } from "./support/locale";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * The lead at the truck with no signal, on a 390 px phone: the app was opened once with signal; the
 * page is then reloaded offline and starts from the service worker with the phone's copy of Today
 * (and the time it was last refreshed). The lead confirms a delivery, records a return and asks for a
 * replacement (补料), reloads again (the queue is still there), and when the signal returns each is booked
 * exactly once.
 */

const GOOD = 4;
/** Eyes asked for again (补料). */
const EYES = 2;

/**
 * Resolves once a service worker controls the page and the phone's copy of the cache (IndexedDB
 * "kitflow-cache") holds this batch's page, which Today fetches in the background for each open batch.
 */
async function appOnThePhone(page: Page, batchId: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction(
    (id) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open("kitflow-cache");
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("queries")) return resolve(false);
          const all = db.transaction("queries").objectStore("queries").getAll();
          all.onerror = () => resolve(false);
          all.onsuccess = () => {
            const keys = (all.result as { clientState?: { queries: { queryKey: unknown }[] } }[]).flatMap(
              (copy) => copy.clientState?.queries.map((q) => JSON.stringify(q.queryKey)) ?? [],
            );
            resolve(keys.some((key) => key.includes('"batches","get"') && key.includes(id)));
          };
        };
      }),
    batchId,
    { timeout: 15_000, polling: 500 },
  );
}

describeInBrowser("the lead's app opened with no signal", () => {
  let server: E2EServer;
  let browser: Browser;
  let phone: BrowserContext;
  let lead: Page;
  let factoryApi: Api;
  let incoming: Awaited<ReturnType<Api["shipments"]["dispatch"]["mutate"]>>;
  let returnBatchId = "";
  let returnBatchNumber = "";
  /** Each receipt, return or 补料 request that left the phone: procedure and idempotency key. */
  const mutationCalls: { path: string; key: string }[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    factoryApi = await apiAs(server.url, "factory.jhb");
    const leadApi = await apiAs(server.url, "lead.xianghu");
    const xianghu = (await factoryApi.partners.list.query()).find((p) => p.shortName === "象湖");
    const bear = (await factoryApi.catalog.listProducts.query()).find((p) => p.code === "JHB-BEAR-30");
    if (!xianghu || !bear) throw new Error("demo data lacks 象湖 or JHB-BEAR-30");
    const newBatch = (key: string) =>
      factoryApi.batches.create.mutate({
        workshopId: xianghu.id,
        productId: bear.id,
        quantity: 20,
        allowancePct: 0,
        idempotencyKey: key,
      });
    const dispatchAll = (batch: Awaited<ReturnType<typeof newBatch>>, key: string) =>
      factoryApi.shipments.dispatch.mutate({
        batchId: batch.id,
        lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
        idempotencyKey: key,
      });
    // One delivery still on the truck, and one batch whose kit the workshop already holds.
    incoming = await dispatchAll(await newBatch("e2e-reload-batch-a"), "e2e-reload-dispatch-a");
    const working = await newBatch("e2e-reload-batch-b");
    const delivered = await dispatchAll(working, "e2e-reload-dispatch-b");
    await leadApi.shipments.confirmReceipt.mutate({
      shipmentId: delivered.id,
      lines: delivered.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
      idempotencyKey: "e2e-reload-receipt-b",
    });
    returnBatchId = working.id;
    returnBatchNumber = working.number;

    phone = await newContext(browser, "phone", server.url);
    phone.setDefaultTimeout(15_000);
    lead = await phone.newPage();
    lead.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (!/shipments\.(confirmReceipt|createReturn|requestReplacement)/.test(path)) return;
      const key = /"idempotencyKey":"([^"]+)"/.exec(request.postData() ?? "")?.[1] ?? "";
      mutationCalls.push({ path, key });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("reloaded offline, starts from the phone and shows the last Today with its time", async () => {
    await signInUI(lead, "lead.xianghu");
    await lead.waitForURL("**/lead");
    await lead.locator(`[data-testid="incoming-shipment"][data-shipment-id="${incoming.id}"]`).waitFor();
    await lead.locator(`[data-testid="open-batch"][data-batch-id="${returnBatchId}"]`).waitFor();
    await appOnThePhone(lead, returnBatchId);

    await phone.setOffline(true);
    await lead.reload();
    await lead.getByRole("heading", { level: 1, name: zh("lead:today.title") }).waitFor();
    await lead.locator(`[data-testid="incoming-shipment"][data-shipment-id="${incoming.id}"]`).waitFor();
    const refreshed = lead.getByTestId("last-refreshed");
    await refreshed.waitFor();
    expect(await refreshed.textContent()).toMatch(/上次更新 \d\d:\d\d/);
    expect(await lead.getByTestId("offline-status").count()).toBe(1);
    await lead.evaluate(() => document.fonts.ready);
    await screenshot(lead, "offline-reload-today", "phone");
  });

  it("confirms the delivery and records a return with no signal", async () => {
    await lead.locator(`[data-testid="incoming-shipment"][data-shipment-id="${incoming.id}"]`).click();
    await lead.waitForURL(`**/receive/${incoming.id}`);
    await lead.getByTestId("confirm-receipt").click();
    await lead.getByTestId("receipt-queued").waitFor();
    await lead.getByTestId("back-to-today").click();
    await lead.waitForURL("**/lead");

    // To the batch, as the lead would: its page comes from the phone, then the return form.
    await lead
      .locator(`[data-testid="open-batch"][data-batch-id="${returnBatchId}"]`)
      .getByRole("link", { name: returnBatchNumber })
      .click();
    await lead.waitForURL(`**/lead/batches/${returnBatchId}`);
    await lead.getByTestId("batch-balances").waitFor();
    await lead.getByTestId("last-refreshed").waitFor();
    await screenshot(lead, "offline-reload-batch", "phone");
    await lead.getByTestId("start-return").click();
    await lead.waitForURL(`**/lead/batches/${returnBatchId}/return`);
    await lead.getByTestId("good-qty").getByRole("spinbutton").fill(String(GOOD));
    await lead.getByTestId("submit-return").click();
    await lead.getByTestId("return-queued").waitFor();
    await screenshot(lead, "offline-reload-return-queued", "phone");

    // Two eyes came broken: the lead asks for a replacement from the same screen, still offline.
    await lead.getByTestId("request-replacement-open").click();
    await lead.getByTestId("replacement-qty-EYE-12MM").getByRole("spinbutton").fill(String(EYES));
    await lead.getByTestId("replacement-reason").fill("安全眼破损");
    await lead.getByTestId("request-replacement-send").click();
    await lead.getByTestId("replacement-queued").waitFor();
    await lead.getByTestId("replacement-queued").scrollIntoViewIfNeeded();
    await screenshot(lead, "offline-reload-replacement-queued", "phone");
    expect(mutationCalls, "nothing may leave the phone while offline").toEqual([]);
  });

  it("keeps all three through another reload without signal", async () => {
    await lead.goto("/lead");
    await lead.getByRole("heading", { level: 1, name: zh("lead:today.title") }).waitFor();
    const pending = lead.getByTestId("offline-pending-count");
    await pending.waitFor();
    expect(await pending.getAttribute("data-count")).toBe("3");
    await lead.getByTestId("offline-banner").getByText(zh("lead:offline.showList")).click();
    await lead
      .locator('[data-testid="offline-item"][data-state="pending"]')
      .getByText(
        zh("lead:offline.path.shipments.requestReplacement", {
          batchNumber: returnBatchNumber,
          items: `12mm 安全眼 ${EYES} 颗`,
        }),
      )
      .waitFor();
    await lead.evaluate(() => document.fonts.ready);
    await screenshot(lead, "offline-reload-pending", "phone");
  });

  it("sends each exactly once when the signal returns, and Today refreshes", async () => {
    await phone.setOffline(false);
    await lead.getByTestId("offline-delivered").waitFor({ timeout: 30_000 });
    // Sent one after the other, oldest first: the banner counts down to nothing.
    await lead.getByTestId("offline-pending-count").waitFor({ state: "detached", timeout: 30_000 });
    expect(await lead.getByTestId("offline-failed-count").count()).toBe(0);
    // Today no longer offers the delivery and no longer says it is offline.
    await lead
      .locator(`[data-testid="incoming-shipment"][data-shipment-id="${incoming.id}"]`)
      .waitFor({ state: "detached" });
    await lead.getByTestId("last-refreshed").waitFor({ state: "detached" });
    await lead.evaluate(() => document.fonts.ready);
    await screenshot(lead, "offline-reload-delivered", "phone");

    const received = await factoryApi.shipments.get.query({ id: incoming.id });
    expect(received.status).toBe("received");
    const batchA = await factoryApi.batches.get.query({ id: received.batchId });
    const receipts = batchA.history.filter((h) => h.shipmentId === incoming.id && h.kind === "receipt");
    expect(receipts.map((h) => h.componentCode).sort()).toEqual(incoming.lines.map((l) => l.componentCode).sort());

    const batchB = await factoryApi.batches.get.query({ id: returnBatchId });
    const returns = batchB.shipments.filter((s) => s.kind === "return");
    expect(returns).toHaveLength(1);
    expect(returns[0]?.goodQty).toBe(GOOD);
    // A send whose answer was lost may go again, but only ever with the key it was queued under.
    const keysOf = (name: string) => new Set(mutationCalls.filter((c) => c.path.includes(name)).map((c) => c.key));
    expect(keysOf("confirmReceipt").size).toBe(1);
    expect(keysOf("createReturn").size).toBe(1);
    expect(keysOf("requestReplacement").size).toBe(1);

    // The factory sees one 补料 request, as the lead asked for it.
    const requests = await factoryApi.shipments.replacementRequests.query({ batchId: returnBatchId });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      status: "open",
      reason: "安全眼破损",
      lines: [{ componentCode: "EYE-12MM", qty: EYES }],
    });
  });
});
