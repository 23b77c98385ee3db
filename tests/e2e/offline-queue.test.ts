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
 * exactly one receipt.
 */

const SHORT_CODE = "TAG-JHB";

function isReceiptCall(url: string): boolean {
  return new URL(url).pathname.includes("shipments.confirmReceipt");
}

describeInBrowser("offline receipt queue", () => {
  let server: E2EServer;
  let browser: Browser;
  let phone: BrowserContext;
  let lead: Page;
  let factoryApi: Api;
  let shipment: Awaited<ReturnType<Api["shipments"]["dispatch"]["mutate"]>>;
  const receiptCalls: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    factoryApi = await apiAs(server.url, "factory.jhb");
    const partners = await factoryApi.partners.list.query();
    const xianghu = partners.find((p) => p.shortName === "象湖");
    const bear = (await factoryApi.catalog.listProducts.query()).find((p) => p.code === "JHB-BEAR-30");
    if (!xianghu || !bear) throw new Error("demo data lacks 象湖 or JHB-BEAR-30");
    const batch = await factoryApi.batches.create.mutate({
      workshopId: xianghu.id,
      productId: bear.id,
      quantity: 40,
      allowancePct: 0,
      idempotencyKey: "e2e-offline-batch",
    });
    shipment = await factoryApi.shipments.dispatch.mutate({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: "e2e-offline-dispatch",
    });
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

    // Today shows the delivery as done, not pending or still to confirm.
    await lead.goto("/lead");
    await lead.getByRole("heading", { name: zh("lead:today.incoming") }).waitFor();
    expect(await lead.locator(`[data-shipment-id="${shipment.id}"]`).count()).toBe(0);
  });
});
