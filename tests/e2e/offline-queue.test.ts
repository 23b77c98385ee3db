import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Api, apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot } from "./support/browser";
import { zh } from "./support/locale";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * A lead confirms a delivery with the network cut: the receipt waits on the phone, is shown as
 * pending, and goes out when the connection returns. The first attempt after reconnecting reaches
 * the server but its answer is lost on the way back (the village-network case that tempts a
 * double booking); the automatic retry carries the same idempotency key, so the ledger holds
 * exactly one receipt. Then, on the batch that now has a delivery and no return, the lead enters a
 * day's piecework with no signal at 390 px; it goes out once when the signal is back. Last, a 补料
 * request made offline on a batch the factory closes before the signal returns: the server refuses it,
 * and the lead sees the refusal in the pending list, to discard.
 */

const SHORT_CODE = "TAG-JHB";

function isReceiptCall(url: string): boolean {
  return new URL(url).pathname.includes("shipments.confirmReceipt");
}

/** A new 象湖 batch of bears with its whole kit on the truck; keys start with `key`. */
async function dispatchedBatch(factoryApi: Api, quantity: number, key: string) {
  const xianghu = (await factoryApi.partners.list.query()).find((p) => p.shortName === "象湖");
  const bear = (await factoryApi.catalog.listProducts.query()).find((p) => p.code === "JHB-BEAR-30");
  if (!xianghu || !bear) throw new Error("demo data lacks 象湖 or JHB-BEAR-30");
  const batch = await factoryApi.batches.create.mutate({
    workshopId: xianghu.id,
    productId: bear.id,
    quantity,
    allowancePct: 0,
    idempotencyKey: `${key}-batch`,
  });
  const shipment = await factoryApi.shipments.dispatch.mutate({
    batchId: batch.id,
    lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
    idempotencyKey: `${key}-dispatch`,
  });
  return { batch, shipment };
}

/** Phone header: one short row; the lead's navigation is a tab bar at the bottom of the screen. */
async function expectCompactHeader(page: Page): Promise<void> {
  const topbar = await page.getByTestId("topbar").boundingBox();
  const nav = await page.getByTestId("mainnav").boundingBox();
  if (!topbar || !nav) throw new Error("no header or navigation on the page");
  const viewport = page.viewportSize();
  console.log(`[e2e] header at 390 px: ${topbar.height} px of ${viewport?.height}; tab bar ${nav.height} px`);
  expect(topbar.height, "the header is one short row").toBeLessThanOrEqual(64);
  expect(nav.height, "the navigation is one row").toBeLessThanOrEqual(72);
  expect(nav.y + nav.height, "the tab bar sits at the bottom of the screen").toBeCloseTo(viewport?.height ?? 0, 0);
  const items = await page
    .getByTestId("mainnav")
    .getByRole("link")
    .evaluateAll((links) =>
      links.map((a) => {
        const r = a.getBoundingClientRect();
        return { top: Math.round(r.top), right: r.right };
      }),
    );
  expect(new Set(items.map((i) => i.top)).size, "every tab on one row").toBe(1);
  expect(Math.max(...items.map((i) => i.right)), "no tab off-screen").toBeLessThanOrEqual(viewport?.width ?? 0);
}

describeInBrowser("offline queue: a receipt and a day's piecework", () => {
  let server: E2EServer;
  let browser: Browser;
  let phone: BrowserContext;
  let lead: Page;
  let factoryApi: Api;
  let shipment: Awaited<ReturnType<typeof dispatchedBatch>>["shipment"];
  const receiptCalls: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    factoryApi = await apiAs(server.url, "factory.jhb");
    ({ shipment } = await dispatchedBatch(factoryApi, 40, "e2e-offline"));
    phone = await newContext(browser, "phone", server.url);
    phone.setDefaultTimeout(15_000);
    lead = await phone.newPage();
    lead.on("request", (request) => {
      if (isReceiptCall(request.url())) receiptCalls.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("queues a receipt made offline and shows it as pending", async () => {
    // The lead pages fetch each other's code a moment after Today opens, so they work at the truck offline.
    const warmed = lead.waitForResponse((response) => response.url().includes("ReceivePage"), { timeout: 20_000 });
    await signInUI(lead, "lead.xianghu");
    const card = lead.getByRole("link", {
      name: zh("lead:today.confirmShipment", { number: shipment.deliveryNoteNumber }),
    });
    await card.waitFor();
    await warmed;

    await phone.setOffline(true);
    await lead.getByTestId("offline-status").waitFor();
    await card.click();
    await lead.waitForURL(`**/receive/${shipment.id}`);
    const short = lead.getByTestId(`count-${SHORT_CODE}`).getByRole("spinbutton");
    const sent = shipment.lines.find((l) => l.componentCode === SHORT_CODE)?.qty ?? 0;
    await short.fill(String(sent - 1));
    await lead.getByTestId("receipt-note").fill("吊牌少一张");
    await lead.getByTestId("confirm-receipt").click();
    await lead.getByTestId("receipt-queued").waitFor();
    await screenshot(lead, "offline-receipt-queued", "phone");
    expect(receiptCalls, "nothing may leave the phone while offline").toEqual([]);
    // 补料 is offered at once, starting from the shortfall counted on the phone.
    await lead.getByTestId("request-replacement-open").click();
    expect(await lead.getByTestId(`replacement-qty-${SHORT_CODE}`).getByRole("spinbutton").inputValue()).toBe("1");
    await lead
      .getByTestId("request-replacement")
      .getByRole("button", { name: zh("common:action.cancel") })
      .click();

    await lead.getByTestId("back-to-today").click();
    await lead.waitForURL("**/lead");
    expect(await lead.getByTestId("offline-pending-count").getAttribute("data-count")).toBe("1");
    await card.getByText(zh("lead:offline.state.pending")).waitFor();
    await screenshot(lead, "offline-today-pending", "phone");

    // Opening the delivery again shows the waiting receipt, not a second form to submit.
    await card.click();
    await lead.getByTestId("receipt-queued").waitFor();
    expect(await lead.getByTestId("receive-form").count()).toBe(0);
    expect((await factoryApi.shipments.get.query({ id: shipment.id })).status).toBe("in_transit");
  });

  it("sends it once the network is back, even when the first answer is lost, and books exactly one receipt", async () => {
    // The first send after reconnecting reaches the server, but the phone never hears back.
    let dropped = 0;
    await phone.route(
      (url) => isReceiptCall(url.href),
      async (route) => {
        if (dropped > 0) return route.fallback();
        dropped += 1;
        await route.fetch();
        await route.abort("connectionreset");
      },
    );
    await phone.setOffline(false);
    // The queue retries on its own after its back-off; the second attempt carries the same key.
    await lead.getByTestId("offline-delivered").waitFor({ timeout: 30_000 });
    expect(dropped).toBe(1);
    expect(receiptCalls.length, "the receipt was sent again after the lost answer").toBeGreaterThanOrEqual(2);
    expect(await lead.getByTestId("offline-pending-count").count()).toBe(0);
    await screenshot(lead, "offline-delivered", "phone");

    const received = await factoryApi.shipments.get.query({ id: shipment.id });
    expect(received.status).toBe("received");
    expect(received.receiptNote).toBe("吊牌少一张");
    for (const line of received.lines) {
      const expected = line.componentCode === SHORT_CODE ? line.qty - 1 : line.qty;
      expect(line.qtyReceived, line.componentCode).toBe(expected);
    }

    const batch = await factoryApi.batches.get.query({ id: received.batchId });
    const ofShipment = batch.history.filter((h) => h.shipmentId === shipment.id);
    const receipts = ofShipment.filter((h) => h.kind === "receipt");
    const shortfalls = ofShipment.filter((h) => h.kind === "receipt_shortfall");
    expect(receipts.map((h) => h.componentCode).sort()).toEqual(shipment.lines.map((l) => l.componentCode).sort());
    expect(shortfalls.map((h) => [h.componentCode, h.qty])).toEqual([[SHORT_CODE, 1]]);
    const counted = (code: string) =>
      [...receipts, ...shortfalls].filter((h) => h.componentCode === code).reduce((n, h) => n + h.qty, 0);
    for (const line of shipment.lines) expect(counted(line.componentCode), line.componentCode).toBe(line.qty);
    for (const b of batch.balances) {
      const sent = shipment.lines.find((l) => l.componentCode === b.componentCode)?.qty ?? 0;
      expect([b.inTransit, b.atWorkshop + b.lost], b.componentCode).toEqual([0, sent]);
    }

    // Today shows the delivery as done, not pending or still to confirm (the phone's copy may show it for
    // the moment it takes to ask the server again).
    await lead.goto("/lead");
    await lead.getByRole("heading", { name: zh("lead:today.incoming") }).waitFor();
    await lead.locator(`[data-shipment-id="${shipment.id}"]`).waitFor({ state: "detached", timeout: 10_000 });
  });

  it("enters a day's piecework at 390 px on a batch with a delivery and no return, offline, sent once", async () => {
    const leadApi = await apiAs(server.url, "lead.xianghu");
    const batchId = (await factoryApi.shipments.get.query({ id: shipment.id })).batchId;
    const before = (await leadApi.workforce.pieceworkBatches.query()).find((b) => b.id === batchId);
    expect(before, "the batch is listed for piecework before anything is returned").toMatchObject({
      status: "in_production",
      finishedUnits: 0,
      entered: 0,
    });
    const ceiling = before?.ceiling ?? 0;
    expect(ceiling).toBeGreaterThan(0);

    await lead.goto("/workforce/piecework");
    await lead.getByTestId("piecework-form").waitFor();
    await expectCompactHeader(lead);
    await lead.getByTestId("piecework-batch").selectOption(batchId);
    const headroom = lead.getByTestId("piecework-headroom");
    expect(await headroom.getAttribute("data-headroom")).toBe(String(ceiling));

    await phone.setOffline(true);
    await lead.getByTestId("offline-status").waitFor();
    const qty = lead.getByTestId("piecework-qty");
    await qty.nth(0).fill("12");
    await qty.nth(1).fill("9");
    // More than the components allow is refused on the phone, with the same rule the server applies.
    await qty.nth(2).fill(String(ceiling));
    expect(await lead.getByRole("button", { name: zh("workforce:piecework.save", { count: 3 }) }).isDisabled()).toBe(
      true,
    );
    await qty.nth(2).fill("");
    await lead.getByRole("button", { name: zh("workforce:piecework.save", { count: 2 }) }).click();
    await lead.locator('[data-testid="piecework-outcome"][data-status="queued"]').waitFor();
    await lead.getByTestId("piecework-waiting").waitFor();
    expect(await headroom.getAttribute("data-headroom"), "what waits on the phone counts").toBe(String(ceiling - 21));
    expect(await lead.getByTestId("offline-pending-count").getAttribute("data-count")).toBe("1");
    await screenshot(lead, "piecework-queued", "phone");

    await phone.setOffline(false);
    await lead.getByTestId("piecework-waiting").waitFor({ state: "detached", timeout: 30_000 });
    expect(await lead.getByTestId("piecework-outcome").count(), "no stale 'kept on the phone' notice").toBe(0);
    const booked = await leadApi.workforce.piecework.query({ batchId, limit: 100 });
    expect(
      booked.map((e) => e.qty).sort((a, b) => a - b),
      "exactly one submission reached the server",
    ).toEqual([9, 12]);
    expect(new Set(booked.map((e) => e.workDate)).size).toBe(1);
    await lead.locator(`[data-testid="piecework-headroom"][data-headroom="${ceiling - 21}"]`).waitFor();
    await screenshot(lead, "piecework-sent", "phone");

    // The lead's batch page: 21 pieces entered, none returned yet.
    await lead.goto(`/lead/batches/${batchId}`);
    expect(await lead.getByTestId("piecework-vs-finished").textContent()).toBe(
      zh("common:piecework.vsFinishedShort", { piecework: "21", finished: "0", shortfall: "21" }),
    );
    await lead.goto("/lead");
    await lead.getByRole("heading", { name: zh("lead:today.incoming") }).waitFor();
    await expectCompactHeader(lead);
    await screenshot(lead, "lead-today", "phone");

    // The delivery note printed for this batch: the server's address is loopback here, so the page says so.
    const office = await newContext(browser, "phone", server.url);
    const factory = await office.newPage();
    await signInUI(factory, "factory.jhb", `/factory/shipments/${shipment.id}/note`);
    await factory.getByTestId("delivery-note").waitFor();
    await factory.getByTestId("qr-unreachable").waitFor();
    await screenshot(factory, "delivery-note", "phone");
    await office.close();
  });

  it("keeps a 补料 request made offline, and shows the server's refusal once the factory closed the batch", async () => {
    const leadApi = await apiAs(server.url, "lead.xianghu");
    const { batch, shipment: out } = await dispatchedBatch(factoryApi, 20, "e2e-offline-replacement");
    await leadApi.shipments.confirmReceipt.mutate({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
      idempotencyKey: "e2e-offline-replacement-receipt",
    });
    const replacementCalls: string[] = [];
    lead.on("request", (request) => {
      if (new URL(request.url()).pathname.includes("shipments.requestReplacement"))
        replacementCalls.push(request.url());
    });

    await lead.goto(`/lead/batches/${batch.id}/return`);
    await lead.getByTestId("request-replacement-open").click();
    await phone.setOffline(true);
    await lead.getByTestId("offline-status").waitFor();
    await lead.getByTestId(`replacement-qty-${SHORT_CODE}`).getByRole("spinbutton").fill("2");
    await lead.getByTestId("replacement-reason").fill("吊牌受潮两张");
    await lead.getByTestId("request-replacement-send").click();
    await lead.getByTestId("replacement-queued").waitFor();
    expect(await lead.getByTestId("offline-pending-count").getAttribute("data-count")).toBe("1");
    expect(replacementCalls, "nothing may leave the phone while offline").toEqual([]);
    await lead.getByTestId("offline-banner").getByText(zh("lead:offline.showList")).click();
    const entry = lead.getByTestId("offline-item");
    const label = zh("lead:offline.path.shipments.requestReplacement", {
      batchNumber: batch.number,
      items: "吊牌 2 张",
    });
    await entry.getByText(label).waitFor();
    await lead.evaluate(() => document.fonts.ready);
    await screenshot(lead, "offline-replacement-queued", "phone");

    // Meanwhile the factory closes the batch, writing off what the workshop holds.
    const leftover = (await factoryApi.batches.get.query({ id: batch.id })).balances.filter((b) => b.atWorkshop > 0);
    await factoryApi.batches.close.mutate({
      id: batch.id,
      writeOffs: leftover.map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop, reason: "订单提前结束" })),
      idempotencyKey: "e2e-offline-replacement-close",
    });

    await phone.setOffline(false);
    const failed = lead.getByTestId("offline-failed-count");
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.getAttribute("data-count")).toBe("1");
    expect(await entry.getAttribute("data-state")).toBe("failed");
    await entry.getByText(zh("lead:offline.reason.CONFLICT"), { exact: false }).waitFor();
    expect(await lead.getByTestId("offline-pending-count").count()).toBe(0);
    // The batch is closed now: the page no longer offers a 补料 request or says one is waiting.
    await lead.getByTestId("request-replacement").waitFor({ state: "detached" });
    await lead.evaluate(() => document.fonts.ready);
    await screenshot(lead, "offline-replacement-refused", "phone");
    expect(replacementCalls).toHaveLength(1);
    expect(await factoryApi.shipments.replacementRequests.query({ batchId: batch.id })).toEqual([]);

    await entry.getByRole("button", { name: zh("lead:offline.discard") }).click();
    await lead.getByTestId("offline-banner").waitFor({ state: "detached" });
  });
});
