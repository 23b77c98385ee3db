import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Api, apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot } from "./support/browser";
import { zh } from "./support/locale";
import { type E2EServer, startE2EServer } from "./support/server";
import { shanghaiMonth, signInUI } from "./support/ui";

async function fen(locator: ReturnType<Page["locator"]>): Promise<number> {
  return Number(await locator.getAttribute("data-fen"));
}

/** "1,234.50" (a CSV cell in yuan) → 123450 fen, without floats. */
function csvFen(cell: string): number {
  const [yuan, cents = "0"] = cell.replace(/,/g, "").split(".");
  const sign = yuan?.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(yuan)) * 100 + Number(cents.padEnd(2, "0")));
}

/**
 * The money between 佳惠宝 and 黄柏 for the month its demo batch closed: the manager records a part
 * payment from the settlement page, prints the 对账单, downloads the CSV, and the lead reads 本月应收 on
 * the phone. Every figure agrees to the fen with the server's settlement.
 */
describeInBrowser("settlement, payments and the 对账单", () => {
  let server: E2EServer;
  let browser: Browser;
  let factoryApi: Api;
  let month: string;
  let huangbai: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    factoryApi = await apiAs(server.url, "factory.jhb");
    const partner = (await factoryApi.partners.list.query()).find((p) => p.shortName === "黄柏");
    if (!partner) throw new Error("demo lacks 黄柏");
    huangbai = partner.id;
    const closed = (await factoryApi.batches.list.query({ status: "closed", workshopId: huangbai, limit: 100 })).items;
    const latest = (await Promise.all(closed.map((b) => factoryApi.batches.get.query({ id: b.id }))))
      .filter((b) => b.closedAt)
      .sort((a, b) => String(b.closedAt).localeCompare(String(a.closedAt)))[0];
    if (!latest?.closedAt) throw new Error("demo has no closed 黄柏 batch");
    month = shanghaiMonth(new Date(latest.closedAt));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("records a part payment, and the settlement, 对账单, CSV and 本月应收 agree to the fen", async () => {
    const context = await newContext(browser, "desktop", server.url);
    const page = await context.newPage();
    await signInUI(page, "factory.jhb", `/factory/settlement?month=${month}&workshop=${huangbai}`);
    const before = await factoryApi.settlements.monthly.query({ month, workshopId: huangbai });
    const group = before.groups[0];
    if (!group) throw new Error("no settlement for 黄柏 that month");
    const partFen = Math.floor(group.balance.unpaidFen / 3);
    expect(partFen).toBeGreaterThan(0);

    await page.getByTestId(`settlement-${huangbai}`).waitFor();
    await page
      .getByRole("button", { name: zh("factory:settlement.recordPayment") })
      .first()
      .click();
    const dialog = page.getByTestId("payment-dialog");
    await dialog
      .getByTestId("payment-amount")
      .fill(`${Math.trunc(partFen / 100)}.${String(partFen % 100).padStart(2, "0")}`);
    await dialog.getByLabel(zh("factory:settlement.method")).selectOption("bank");
    await dialog.getByLabel(zh("factory:settlement.reference")).fill("ICBC 20261201-0001");
    await dialog.getByTestId("payment-submit").click();
    await dialog.waitFor({ state: "hidden" });

    const after = await factoryApi.settlements.monthly.query({ month, workshopId: huangbai });
    const paid = after.groups[0];
    if (!paid) throw new Error("settlement gone");
    expect(paid.balance.unpaidFen).toBe(group.balance.unpaidFen - partFen);
    await page.getByTestId(`settlement-payments`).waitFor();
    await page.waitForFunction(
      ([id, value]) =>
        document.querySelector(`[data-testid="balance-${id}"] .money`)?.getAttribute("data-fen") === value,
      [huangbai, String(paid.balance.unpaidFen)] as const,
    );
    expect(await fen(page.getByTestId(`settlement-net-${huangbai}`).locator(".money"))).toBe(paid.totals.netFen);
    expect(await fen(page.getByTestId(`settlement-unpaid-${huangbai}`).locator(".money"))).toBe(paid.totals.unpaidFen);
    await screenshot(page, "settlement-payments", "desktop");

    // The CSV, built in the browser: the total row agrees with the settlement, formulas neutralised.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: zh("common:action.exportCsv") }).click(),
    ]);
    const csv = (await readFile(await download.path())).toString("utf8").replace(/^\uFEFF/, "");
    const rows = csv.split("\r\n").map((r) => r.split(","));
    const header = rows[0] ?? [];
    const total = rows.find((r) => r[0] === zh("factory:settlement.total")) ?? [];
    const col = (key: string) => total[header.indexOf(zh(key))] ?? "";
    expect(csvFen(col("factory:settlement.netYuan"))).toBe(paid.totals.netFen);
    expect(csvFen(col("factory:settlement.deductionsYuan"))).toBe(paid.totals.deductionFen);
    expect(csvFen(col("factory:settlement.unpaidYuan"))).toBe(paid.totals.unpaidFen);

    // The 对账单, printed: the same batches and net, the payment, and the balance carried forward.
    await page.getByTestId(`statement-${huangbai}`).click();
    await page.getByTestId("statement").waitFor();
    const statement = await factoryApi.settlements.statement.query({ month, workshopId: huangbai });
    expect(statement.totals.netFen).toBe(paid.totals.netFen);
    expect(await fen(page.getByTestId("statement-net").locator(".money"))).toBe(paid.totals.netFen);
    expect(await fen(page.getByTestId("statement-closing").locator(".money"))).toBe(statement.totals.closingFen);
    expect(statement.totals.closingFen).toBe(
      statement.totals.openingFen + statement.totals.netFen - statement.totals.paidFen,
    );
    expect(await page.getByTestId("statement-batches").locator("tbody tr").count()).toBe(paid.batches.length);
    await page.emulateMedia({ media: "print" });
    await screenshot(page, "statement-print", "desktop");
    await page.emulateMedia({ media: "screen" });
    await context.close();
  });

  it("shows the lead on the phone what is owed, deducted, paid and still unpaid, and each payment received", async () => {
    const context = await newContext(browser, "phone", server.url);
    const page = await context.newPage();
    await signInUI(page, "lead.huangbai", "/lead/owed");
    await page.getByTestId("owed-month").selectOption(month);
    const monthly = await (await apiAs(server.url, "lead.huangbai")).settlements.monthly.query({ month });
    await page.waitForFunction(
      (value) =>
        document.querySelector('[data-testid="owed-total"] .owed-net .money')?.getAttribute("data-fen") === value,
      String(monthly.totals.netFen),
    );
    await page.getByTestId("owed-payment").first().waitFor();
    expect(await page.getByTestId("owed-payment").first().textContent()).toContain("ICBC 20261201-0001");
    expect(await fen(page.getByTestId("owed-balance").locator(".owed-net .money"))).toBe(
      (await (await apiAs(server.url, "lead.huangbai")).settlements.balances.query({})).totals.unpaidFen,
    );
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, "lead-owed-payments", "phone");
    await context.close();
  });
});
