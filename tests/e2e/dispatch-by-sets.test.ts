import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Api, apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { keepOffTheInternet, pageProblems, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * The manager dispatches by sets (套数) on a trip planned inside the dialog, prints the delivery note
 * (sets, trip number, plate, driver; 待发车 until the truck leaves), then answers the lead's replacement
 * (补料) request from the overview; the batch page counts the replacement apart from the kit.
 */
const KEYS = new Set(translationKeys());
const SETS = 12;
const PLATE = "赣B·S2026";
const DRIVER = "钟师傅";

describeInBrowser("dispatch by sets and replacements", () => {
  let server: E2EServer;
  let browser: Browser;
  let factoryApi: Api;
  let leadApi: Api;
  let batchId = "";
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    factoryApi = await apiAs(server.url, "factory.jhb");
    leadApi = await apiAs(server.url, "lead.xianghu");
    const xianghu = (await factoryApi.partners.list.query()).find((p) => p.shortName === "象湖");
    const product = (await factoryApi.catalog.listProducts.query()).find((p) => p.bom.length > 1);
    if (!xianghu || !product) throw new Error("demo data lacks 象湖 or a product with a BOM");
    const batch = await factoryApi.batches.create.mutate({
      workshopId: xianghu.id,
      productId: product.id,
      quantity: 40,
      idempotencyKey: "e2e-sets-batch",
    });
    batchId = batch.id;
    const context = await newContext(browser, "desktop", server.url);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    await signInUI(page, "factory.jhb");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("dispatches by sets on a trip created in the dialog; the note shows sets, trip, plate and driver", async () => {
    const watch = watchPage(page, server.url);
    await page.goto(`/factory/batches/${batchId}`);
    await page.getByRole("button", { name: zh("factory:dispatch.action"), exact: true }).click();
    const dialog = page.getByTestId("dispatch-dialog");
    const sets = dialog.getByTestId("dispatch-sets");
    await sets.fill(String(SETS));
    const batch = await factoryApi.batches.get.query({ id: batchId });
    const [first, second] = batch.kit;
    if (!first || !second) throw new Error("the product has fewer than two components");
    const firstQty = dialog.getByTestId(`dispatch-qty-${first.componentCode}`);
    expect(await firstQty.inputValue()).toBe(String(SETS * first.qtyPerUnit));
    // One line adjusted by hand: the dialog warns that the lines no longer make whole sets.
    await firstQty.fill(String(SETS * first.qtyPerUnit + 3));
    await dialog.getByTestId("dispatch-not-whole").waitFor();
    await screenshot(page, "sets-dispatch-not-whole", "desktop");
    await firstQty.fill(String(SETS * first.qtyPerUnit));
    await dialog.getByTestId("dispatch-whole").waitFor();
    await dialog.getByTestId("dispatch-trip").selectOption("new");
    await dialog.getByTestId("dispatch-trip-plate").fill(PLATE);
    await dialog.getByTestId("dispatch-trip-driver").fill(DRIVER);
    await screenshot(page, "sets-dispatch-dialog", "desktop");
    await dialog.getByRole("button", { name: zh("factory:dispatch.submit") }).click();
    await page.getByTestId("dispatch-done").waitFor();

    const after = await factoryApi.batches.get.query({ id: batchId });
    const [out] = after.shipments;
    if (!out) throw new Error("no shipment");
    expect(out.lines.map((l) => [l.componentCode, l.qty])).toEqual(
      after.kit.map((k) => [k.componentCode, SETS * k.qtyPerUnit]),
    );
    expect(out.trip).toMatchObject({ vehiclePlate: PLATE, driverName: DRIVER, status: "planned" });
    expect(await page.getByTestId(`shipment-phase-${out.number}`).textContent()).toContain(
      zh("common:shipmentStatus.awaiting_departure"),
    );

    await page.goto(`/factory/shipments/${out.id}/note`);
    const note = page.getByTestId("delivery-note");
    await note.waitFor();
    expect(await note.getByTestId("delivery-note-sets").textContent()).toContain(
      zh("factory:note.wholeSets", { sets: SETS }),
    );
    expect(await note.getByTestId("delivery-note-trip").textContent()).toBe(out.trip?.number);
    expect(await note.getByTestId("delivery-note-plate").textContent()).toBe(PLATE);
    expect(await note.getByTestId("delivery-note-driver").textContent()).toBe(DRIVER);
    // A partial note says what it carries, not the batch's order.
    expect(await note.textContent()).not.toContain(`× ${after.quantity}`);
    await settle(page, watch);
    await screenshot(page, "sets-delivery-note", "desktop");
    expect([...watch.take(), ...(await pageProblems(page, KEYS))]).toEqual([]);
  });

  it("answers the lead's replacement request from the overview; the batch counts it apart", async () => {
    const watch = watchPage(page, server.url);
    const batch = await factoryApi.batches.get.query({ id: batchId });
    const [out] = batch.shipments;
    const component = batch.kit[1];
    if (!out || !component) throw new Error("no shipment");
    await leadApi.shipments.confirmReceipt.mutate({
      shipmentId: out.id,
      lines: out.lines.map((l) => ({
        componentCode: l.componentCode,
        qtyReceived: l.componentCode === component.componentCode ? l.qty - 2 : l.qty,
      })),
      note: "压坏 2 个",
      idempotencyKey: "e2e-sets-receipt",
    });
    const request = await leadApi.shipments.requestReplacement.mutate({
      batchId,
      shipmentId: out.id,
      lines: [{ componentCode: component.componentCode, qty: 2 }],
      reason: "压坏 2 个，请补发",
      idempotencyKey: "e2e-sets-request",
    });

    await page.goto("/factory");
    const listed = page.getByTestId("overview-replacement-requests");
    await listed.getByText(request.number).waitFor();
    await screenshot(page, "sets-overview-requests", "desktop");
    await listed.getByRole("link", { name: batch.number }).click();
    await page.getByTestId(`answer-request-${request.number}`).click();
    const dialog = page.getByTestId("dispatch-dialog");
    await dialog.getByTestId("dispatch-for-request").waitFor();
    expect(await dialog.getByTestId(`dispatch-qty-${component.componentCode}`).inputValue()).toBe("2");
    await screenshot(page, "sets-replacement-dialog", "desktop");
    await dialog.getByRole("button", { name: zh("factory:dispatch.submitReplacement") }).click();
    await page.getByTestId("dispatch-done").waitFor();
    await page.getByTestId(`balance-replaced-${component.componentCode}`).getByText("2", { exact: true }).waitFor();
    expect(await page.getByTestId(`balance-kit-${component.componentCode}`).textContent()).toBe(
      String(SETS * component.qtyPerUnit),
    );
    const seen = await factoryApi.batches.get.query({ id: batchId });
    expect(seen.replacementRequests.map((r) => r.status)).toEqual(["answered"]);
    expect(seen.balances.find((b) => b.componentCode === component.componentCode)?.replaced).toBe(2);
    // The ledger names the replacement in the person's words.
    const history = (await page.getByTestId("ledger-history").textContent()) ?? "";
    expect(history).toContain(zh("factory:history.kinds.replacement"));
    expect(history).not.toContain("replacement");
    await settle(page, watch);
    await screenshot(page, "sets-batch-replacement", "desktop");
    expect([...watch.take(), ...(await pageProblems(page, KEYS))]).toEqual([]);
  });
});
