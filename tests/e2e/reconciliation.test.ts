import { readFile } from "node:fs/promises";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Api, apiAs, DEMO_PASSWORD } from "./support/api";
import { describeInBrowser, launchBrowser, screenshot, VIEWPORTS, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { pageProblems, settle } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { type SignedIn, shanghaiMonth, signedIn } from "./support/ui";

/**
 * One batch reconciled to the fen through the screens (委外核销), the manager at a desk and the workshop
 * lead on a 390 px phone: the batch is dispatched by sets on a trip planned in the dispatch dialog,
 * received with one line above the note and one short (and the shortfall replaced), returned with
 * defects, inspected (正品 / 次品 / 缺数 / 废品), one rejected unit sent for rework — its note's QR opening
 * the lead's rework receipt — and returned, closed with one leftover charged and one written off and the
 * missing unit charged at the cost of a set (缺数扣款), and paid in two parts. The batch page, the settlement page, its CSV, the 对账单 and the lead's 本月应收 must then
 * show the figures worked out here from what was typed and the product's rates.
 */
const KEYS = new Set(translationKeys());

// The product's terms (set up through the API: the product editor is not part of this story).
const RATE_FEN = 150;
const REJECT_FEN = 20;
const BODY = { code: "HX-BODY", name: "熊身", costFen: 30, perUnit: 1 };
const EYE = { code: "HX-EYE", name: "安全眼", costFen: 2, perUnit: 2 };

// What the people type.
const SETS = 10;
const PLATE = "赣B·H2026";
const DRIVER = "钟师傅";
const BODY_COUNTED = SETS * BODY.perUnit + 1;
const EYE_COUNTED = SETS * EYE.perUnit - 2;
const RECEIPT_NOTE = "多一个熊身，少两只眼睛，司机已签字";
const REPLACEMENT_REASON = "少两只眼睛，请补发";
const GOOD = 6;
const DEFECTIVE = 3;
const VERDICT = { accepted: 5, rejected: 2, missing: 1, scrapped: 1 };
const REWORK = 1;
const PAYMENTS = [
  { fen: 300, typed: "3.00", method: "bank", reference: "ICBC 对账-0001" },
  { fen: 250, typed: "2.50", method: "wechat", reference: "微信 对账-0002" },
] as const;

// What follows from it, worked out here rather than read from a page.
const RETURNED_UNITS = GOOD + DEFECTIVE;
const BODY_LEFT = BODY_COUNTED - RETURNED_UNITS * BODY.perUnit;
const EYE_LEFT = EYE_COUNTED + 2 - RETURNED_UNITS * EYE.perUnit;
const ACCEPTED = VERDICT.accepted + REWORK;
const REJECTED = VERDICT.rejected - REWORK;
const GROSS_FEN = ACCEPTED * RATE_FEN;
const REJECT_DEDUCTION_FEN = REJECTED * REJECT_FEN;
const CHARGE_FEN = BODY_LEFT * BODY.costFen;
/** One set of components: what each unit missing from the box (缺数) is charged. */
const SET_COST_FEN = BODY.perUnit * BODY.costFen + EYE.perUnit * EYE.costFen;
const MISSING_FEN = VERDICT.missing * SET_COST_FEN;
const DEDUCTION_FEN = REJECT_DEDUCTION_FEN + MISSING_FEN + CHARGE_FEN;
const NET_FEN = GROSS_FEN - DEDUCTION_FEN;
const PAID_FEN = PAYMENTS[0].fen + PAYMENTS[1].fen;
const UNPAID_FEN = NET_FEN - PAID_FEN;

/** ¥1,234.50, as the pages print money. */
function money(fen: number): string {
  const yuan = Math.trunc(Math.abs(fen) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "−" : ""}¥${yuan}.${String(Math.abs(fen) % 100).padStart(2, "0")}`;
}

/** 1234.50, as the CSV writes it. */
function plainYuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

const REJECT_CAUSE = zh("common:deductionCause.rejected_units");
const MISSING_CAUSE = zh("common:deductionCause.units_missing");
const CHARGE_CAUSE = zh("common:deductionCause.components_charged", { code: BODY.code }).trim();
/** The deductions by cause, as every screen lists them. */
const DEDUCTION_LINES = [
  `${REJECT_CAUSE} ${REJECTED} × ${money(REJECT_FEN)} = ${money(REJECT_DEDUCTION_FEN)}`,
  `${MISSING_CAUSE} ${VERDICT.missing} × ${money(SET_COST_FEN)} = ${money(MISSING_FEN)}`,
  `${CHARGE_CAUSE} ${BODY_LEFT} × ${money(BODY.costFen)} = ${money(CHARGE_FEN)}`,
];
const DEDUCTION_CSV = [
  `${REJECT_CAUSE} ${REJECTED}×${plainYuan(REJECT_FEN)}=${plainYuan(REJECT_DEDUCTION_FEN)}`,
  `${MISSING_CAUSE} ${VERDICT.missing}×${plainYuan(SET_COST_FEN)}=${plainYuan(MISSING_FEN)}`,
  `${CHARGE_CAUSE} ${BODY_LEFT}×${plainYuan(BODY.costFen)}=${plainYuan(CHARGE_FEN)}`,
];

async function fen(locator: Locator): Promise<number> {
  return Number(await locator.getAttribute("data-fen"));
}

async function fens(locator: Locator): Promise<number[]> {
  const all = await locator.locator(".money").all();
  return Promise.all(all.map((m) => fen(m)));
}

/** RFC 4180, as the page writes it: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

/** "1,234.50" (a CSV cell in yuan) → 123450 fen, without floats. */
function csvFen(cell: string | undefined): number {
  const [yuan = "", cents = "0"] = (cell ?? "").replace(/,/g, "").split(".");
  const sign = yuan.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(yuan)) * 100 + Number(cents.padEnd(2, "0")));
}

describeInBrowser("a batch reconciled to the fen through the screens", () => {
  let server: E2EServer;
  let browser: Browser;
  let factoryApi: Api;
  let manager: SignedIn;
  let lead: SignedIn;
  let workshopId = "";
  let batchId = "";
  let batchNumber = "";
  let tripNumber = "";
  let deliveryNumber = "";
  let replacementNumber = "";
  let reworkNumber = "";
  const problems: string[] = [];

  /** A screenshot for people to look at, and what would make the page look broken to its user. */
  async function look(person: SignedIn, name: string, viewport: ViewportName = person.viewport): Promise<void> {
    await settle(person.page);
    await person.page.evaluate(() => document.fonts.ready);
    await screenshot(person.page, name, viewport);
    problems.push(
      ...[...person.watch.take(), ...(await pageProblems(person.page, KEYS))].map((p) => `${name}-${viewport}: ${p}`),
    );
  }

  async function batchNow() {
    return factoryApi.batches.get.query({ id: batchId });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    // A workshop new to 佳惠宝, so its settlement, balance and payments hold this batch alone.
    const admin = (await apiAs(server.url, "admin")).admin;
    const workshop = await admin.createOrganisation.mutate({
      kind: "workshop",
      name: "对账合作点",
      shortName: "对账",
      workshopMode: "premises",
      dailyCapacity: 200,
      regionCode: "360781102",
      idempotencyKey: "e2e-recon-org",
    });
    workshopId = workshop.id;
    factoryApi = await apiAs(server.url, "factory.jhb");
    const factoryId = (await factoryApi.auth.me.query()).organisationId;
    if (!factoryId) throw new Error("factory.jhb has no organisation");
    await admin.linkPartners.mutate({ factoryId, workshopId, idempotencyKey: "e2e-recon-link" });
    await admin.createUser.mutate({
      username: "lead.duizhang",
      name: "赖春梅",
      role: "workshop_lead",
      organisationId: workshopId,
      password: DEMO_PASSWORD,
      idempotencyKey: "e2e-recon-lead",
    });
    await factoryApi.catalog.createProduct.mutate({
      code: "HX-BEAR",
      name: "核销熊",
      pieceRateFen: RATE_FEN,
      rejectDeductionFen: REJECT_FEN,
      bom: [BODY, EYE].map((c) => ({
        componentCode: c.code,
        componentName: c.name,
        unit: "个",
        qtyPerUnit: c.perUnit,
        unitCostFen: c.costFen,
      })),
    });
    [manager, lead] = await Promise.all([
      signedIn(browser, server.url, "factory.jhb", "desktop"),
      signedIn(browser, server.url, "lead.duizhang", "phone"),
    ]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the manager creates the batch and dispatches it by sets on a trip planned in the dialog", async () => {
    const { page } = manager;
    await page.goto("/factory/batches/new");
    const workshop = page.getByLabel(zh("factory:batch.workshop"), { exact: true });
    await workshop.selectOption((await workshop.locator("option", { hasText: "对账" }).getAttribute("value")) ?? "");
    const product = page.getByLabel(zh("factory:batch.product"), { exact: true });
    await product.selectOption((await product.locator("option", { hasText: "HX-BEAR" }).getAttribute("value")) ?? "");
    await page.getByLabel(zh("factory:batch.quantity"), { exact: true }).fill(String(SETS));
    await page.getByLabel(zh("factory:batch.allowancePct"), { exact: true }).fill("0");
    await page.getByRole("button", { name: zh("factory:newBatch.submit") }).click();
    await page.waitForURL(/\/factory\/batches\/[0-9a-f-]{36}$/);
    batchId = new URL(page.url()).pathname.split("/").pop() ?? "";
    batchNumber = (await batchNow()).number;

    await page.getByRole("button", { name: zh("factory:dispatch.action"), exact: true }).click();
    const dialog = page.getByTestId("dispatch-dialog");
    await dialog.getByTestId("dispatch-sets").fill(String(SETS));
    const bodyQty = dialog.getByTestId(`dispatch-qty-${BODY.code}`);
    expect(await bodyQty.inputValue()).toBe(String(SETS * BODY.perUnit));
    expect(await dialog.getByTestId(`dispatch-qty-${EYE.code}`).inputValue()).toBe(String(SETS * EYE.perUnit));
    // One line changed by hand no longer makes whole sets, and the dialog says so.
    await bodyQty.fill(String(SETS * BODY.perUnit + 3));
    await dialog.getByTestId("dispatch-not-whole").waitFor();
    await bodyQty.fill(String(SETS * BODY.perUnit));
    await dialog.getByTestId("dispatch-whole").waitFor();
    await dialog.getByTestId("dispatch-trip").selectOption("new");
    await dialog.getByTestId("dispatch-trip-plate").fill(PLATE);
    await dialog.getByTestId("dispatch-trip-driver").fill(DRIVER);
    await look(manager, "recon-dispatch-dialog");
    await dialog.getByRole("button", { name: zh("factory:dispatch.submit") }).click();
    await page.getByTestId("dispatch-done").waitFor();

    const [out] = (await batchNow()).shipments;
    if (!out?.trip) throw new Error("the dispatch rides on no trip");
    deliveryNumber = out.number;
    tripNumber = out.trip.number;
    expect(out.lines.map((l) => [l.componentCode, l.qty])).toEqual([
      [BODY.code, SETS * BODY.perUnit],
      [EYE.code, SETS * EYE.perUnit],
    ]);
    expect(out.trip).toMatchObject({ vehiclePlate: PLATE, driverName: DRIVER, status: "planned" });
    const phase = page.getByTestId(`shipment-phase-${deliveryNumber}`);
    expect(await phase.textContent()).toContain(zh("common:shipmentStatus.awaiting_departure"));

    // The note that travels with the kit: its sets, never the batch's order, and the truck.
    await page.getByTestId("dispatch-done").getByRole("link").click();
    const note = page.getByTestId("delivery-note");
    await note.waitFor();
    expect(await note.getByTestId("delivery-note-sets").textContent()).toContain(
      zh("factory:note.wholeSets", { sets: SETS }),
    );
    expect(await note.getByTestId("delivery-note-trip").textContent()).toBe(tripNumber);
    expect(await note.getByTestId("delivery-note-plate").textContent()).toBe(PLATE);
    expect(await note.getByTestId("delivery-note-driver").textContent()).toBe(DRIVER);
    expect(new URL((await note.getByTestId("delivery-note-qr").getAttribute("data-url")) ?? "").pathname).toBe(
      `/receive/${out.id}`,
    );
    await look(manager, "recon-delivery-note");

    // The truck leaves: the delivery is on its way.
    await page.getByRole("link", { name: zh("factory:nav.trips"), exact: true }).click();
    await page.getByTestId("trip-list").getByRole("link", { name: tripNumber }).click();
    await page.getByRole("button", { name: zh("factory:trip.markAs.departed") }).click();
    await page.getByTestId("trip-status").getByText(zh("common:tripStatus.departed"), { exact: true }).waitFor();
    await page.goto(`/factory/batches/${batchId}`);
    await expect
      .poll(() => page.getByTestId(`shipment-phase-${deliveryNumber}`).textContent())
      .toBe(zh("common:shipmentStatus.in_transit"));
    await look(manager, "recon-batch-in-transit");
    expect(problems).toEqual([]);
  });

  it("the lead counts one line above the note and one short, explains both, and asks for the missing eyes", async () => {
    const { page } = lead;
    await page.goto("/lead");
    await page.getByRole("link", { name: zh("lead:today.confirmShipment", { number: deliveryNumber }) }).click();
    await page.getByTestId("receive-form").waitFor();
    await page.getByTestId(`count-${BODY.code}`).getByRole("spinbutton").fill(String(BODY_COUNTED));
    await page.getByTestId(`count-${EYE.code}`).getByRole("spinbutton").fill(String(EYE_COUNTED));
    expect(await page.getByTestId(`difference-${BODY.code}`).textContent()).toContain(
      zh("lead:receive.surplus", { count: 1 }),
    );
    expect(await page.getByTestId(`difference-${EYE.code}`).textContent()).toContain(
      zh("lead:receive.short", { count: 2 }),
    );
    // Not without saying why the counts differ from the note.
    await page.getByTestId("confirm-receipt").click();
    await page.getByRole("alert").getByText(zh("lead:receive.noteRequired")).waitFor();
    await page.getByLabel(zh("lead:receive.noteRequiredLabel")).fill(RECEIPT_NOTE);
    await look(lead, "recon-lead-receive");
    await page.getByTestId("confirm-receipt").click();
    await page.getByTestId("receipt-done").waitFor();

    await page.getByTestId("request-replacement-open").click();
    await page.getByTestId(`replacement-qty-${EYE.code}`).getByRole("spinbutton").fill("2");
    await page.getByTestId("replacement-reason").fill(REPLACEMENT_REASON);
    await page.getByTestId("request-replacement-send").click();
    await page.getByTestId("replacement-requested").waitFor();
    await look(lead, "recon-lead-replacement-request");

    const batch = await batchNow();
    const received = batch.shipments.find((s) => s.number === deliveryNumber);
    expect(received?.receiptNote).toBe(RECEIPT_NOTE);
    expect(received?.lines.map((l) => [l.componentCode, l.qtyReceived])).toEqual([
      [BODY.code, BODY_COUNTED],
      [EYE.code, EYE_COUNTED],
    ]);
    replacementNumber = batch.replacementRequests[0]?.number ?? "";
    expect(batch.replacementRequests.map((r) => r.status)).toEqual(["open"]);
    expect(problems).toEqual([]);
  });

  it("the manager sees the surplus and answers the replacement from the overview; the lead receives it", async () => {
    const { page } = manager;
    await page.goto("/factory");
    const listed = page.getByTestId("overview-replacement-requests");
    await listed.getByText(replacementNumber).waitFor();
    await listed.getByRole("link", { name: batchNumber }).click();
    await page.getByTestId(`surplus-${deliveryNumber}`).waitFor();
    await page.getByTestId(`answer-request-${replacementNumber}`).click();
    const dialog = page.getByTestId("dispatch-dialog");
    await dialog.getByTestId("dispatch-for-request").waitFor();
    expect(await dialog.getByTestId(`dispatch-qty-${EYE.code}`).inputValue()).toBe("2");
    await dialog.getByRole("button", { name: zh("factory:dispatch.submitReplacement") }).click();
    await page.getByTestId("dispatch-done").waitFor();
    await page.getByTestId(`balance-replaced-${EYE.code}`).getByText("2", { exact: true }).waitFor();
    // The replacement's note says what it carries — no whole set, never the batch's order — and why.
    await page.getByTestId("dispatch-done").getByRole("link").click();
    const note = page.getByTestId("delivery-note");
    await note.waitFor();
    expect(await note.locator("h1").textContent()).toBe(zh("factory:note.replacementTitle"));
    expect(await note.getByTestId("delivery-note-replacement").textContent()).toBe(REPLACEMENT_REASON);
    expect(await note.getByTestId("delivery-note-sets").textContent()).toContain(
      zh("factory:note.partSets", { sets: 0 }),
    );
    expect(await note.textContent()).not.toContain(`× ${SETS}`);
    await look(manager, "recon-replacement-note");
    await page.getByRole("link", { name: zh("factory:note.backToBatch") }).click();
    expect(await page.getByTestId(`balance-kit-${EYE.code}`).textContent()).toBe(String(SETS * EYE.perUnit));
    // The ledger names the replacement in the person's words.
    const history = (await page.getByTestId("ledger-history").textContent()) ?? "";
    expect(history).toContain(zh("factory:history.kinds.replacement"));
    expect(history).not.toContain("replacement");
    await look(manager, "recon-batch-replacement");

    const replacement = (await batchNow()).shipments.find((s) => s.replacementReason);
    if (!replacement) throw new Error("no replacement shipment");
    await lead.page.goto("/lead");
    await lead.page
      .getByRole("link", { name: zh("lead:today.confirmShipment", { number: replacement.number }) })
      .click();
    await lead.page.getByTestId("confirm-receipt").click();
    await lead.page.getByTestId("receipt-done").waitFor();
    const eyes = (await batchNow()).balances.find((b) => b.componentCode === EYE.code);
    expect(eyes).toMatchObject({ atWorkshop: EYE_COUNTED + 2, lost: 2, replaced: 2 });
    expect(problems).toEqual([]);
  });

  it("the lead returns good units and defects; the manager inspects them as 正品, 次品, 缺数 and 废品", async () => {
    await lead.page.goto("/lead");
    await lead.page
      .locator(`[data-testid="open-batch"][data-batch-id="${batchId}"]`)
      .getByTestId("start-return")
      .click();
    await lead.page.getByTestId("good-qty").getByRole("spinbutton").fill(String(GOOD));
    await lead.page.getByTestId("defective-qty").getByRole("spinbutton").fill(String(DEFECTIVE));
    await look(lead, "recon-lead-return");
    await lead.page.getByTestId("submit-return").click();
    await lead.page.getByTestId("return-done").waitFor();
    const back = (await batchNow()).shipments.find((s) => s.kind === "return");
    if (!back) throw new Error("no return");
    expect([back.goodQty, back.defectiveQty]).toEqual([GOOD, DEFECTIVE]);

    const { page } = manager;
    await page.goto(`/factory/batches/${batchId}`);
    // The four outcomes must fit a phone too.
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByTestId(`inspect-${back.number}`).click();
    const dialog = page.getByTestId("inspect-dialog");
    await dialog.waitFor();
    await look(manager, "recon-inspect-dialog", "phone");
    await page.setViewportSize(VIEWPORTS.desktop);
    await dialog.getByLabel(zh("factory:inspect.accepted")).fill(String(VERDICT.accepted));
    await dialog.getByLabel(zh("factory:inspect.rejected")).fill(String(VERDICT.rejected));
    await dialog.getByLabel(zh("factory:inspect.missing")).fill(String(VERDICT.missing));
    await dialog.getByLabel(zh("factory:inspect.scrapped")).fill(String(VERDICT.scrapped));
    await expect.poll(() => page.getByTestId("verdict-check").getAttribute("class")).toBe("check-ok");
    await look(manager, "recon-inspect-dialog");
    await dialog.getByRole("button", { name: zh("factory:inspect.submit") }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("finished-rejected").textContent()).toBe(String(VERDICT.rejected));
    expect(await page.getByTestId("finished-accepted").textContent()).toBe(String(VERDICT.accepted));
    expect(await page.getByTestId("finished-missing").textContent()).toBe(String(VERDICT.missing));
    expect(await page.getByTestId("finished-scrapped").textContent()).toBe(String(VERDICT.scrapped));
    expect(problems).toEqual([]);
  });

  it("one rejected unit goes back for rework; its note's QR opens the lead's rework receipt", async () => {
    const { page } = manager;
    await page.getByTestId("rework-action").click();
    const rework = page.getByTestId("rework-dialog");
    await rework.getByLabel(zh("factory:rework.qty")).fill(String(REWORK));
    await look(manager, "recon-rework-dialog");
    await rework.getByTestId("rework-submit").click();
    await rework.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("rework-inTransit").textContent()).toBe(String(REWORK));
    expect(await page.getByTestId("rework-available").textContent()).toBe(String(VERDICT.rejected - REWORK));
    const sent = (await batchNow()).shipments.find((s) => s.kind === "rework");
    if (!sent) throw new Error("no rework shipment");
    reworkNumber = sent.number;

    // The rework note, printed to travel with the units: its QR code leads to the rework receipt.
    await page
      .getByTestId("shipment-list")
      .locator("tr", { hasText: reworkNumber })
      .getByRole("link", { name: zh("factory:shipment.deliveryNote") })
      .click();
    const note = page.getByTestId("delivery-note");
    await note.waitFor();
    expect(await note.locator("h1").textContent()).toBe(zh("factory:note.reworkTitle"));
    expect(await note.getByTestId("delivery-note-rework").textContent()).toBe(
      zh("factory:shipment.reworkSent", { qty: REWORK }),
    );
    const qrUrl = (await note.getByTestId("delivery-note-qr").getAttribute("data-url")) ?? "";
    expect(new URL(qrUrl).pathname).toBe(`/lead/rework/${sent.id}`);
    await look(manager, "recon-rework-note");

    // Today shows the rework coming; a note printed with the delivery address still lands on the rework receipt.
    await lead.page.goto("/lead");
    await lead.page.getByTestId("incoming-rework-shipment").waitFor();
    await look(lead, "recon-lead-today-rework");
    await lead.page.goto(`/receive/${sent.id}`);
    await lead.page.waitForURL(`**/lead/rework/${sent.id}`);
    await lead.page.goto(new URL(qrUrl).pathname);
    await lead.page.getByTestId("rework-form").waitFor();
    expect(await lead.page.getByTestId("rework-count").getByRole("spinbutton").inputValue()).toBe(String(REWORK));
    await look(lead, "recon-lead-rework-receive");
    await lead.page.getByTestId("rework-confirm").click();
    await lead.page.getByTestId("rework-received").waitFor();

    await lead.page.goto(`/lead/batches/${batchId}`);
    await expect.poll(() => lead.page.getByTestId("rework-at-workshop").textContent()).toBe(String(REWORK));

    // The batch cannot close while the rework is at the workshop: the dialog says so and will not confirm.
    await page.goto(`/factory/batches/${batchId}`);
    await page.getByRole("button", { name: zh("factory:close.action"), exact: true }).click();
    const waiting = page.getByTestId("close-dialog");
    await waiting.getByTestId("close-rework-out").waitFor();
    expect(await waiting.getByTestId("close-rework-out").textContent()).toBe(
      zh("factory:close.reworkOut", { inTransit: "0", atWorkshop: String(REWORK) }),
    );
    expect(await waiting.getByRole("button", { name: zh("factory:close.submit") }).isDisabled()).toBe(true);
    await look(manager, "recon-close-waits-for-rework");
    await waiting.getByRole("button", { name: zh("common:action.cancel") }).click();
    await waiting.waitFor({ state: "hidden" });

    await lead.page.getByTestId("start-return").click();
    await lead.page.getByTestId("rework-qty").getByRole("spinbutton").fill(String(REWORK));
    await look(lead, "recon-lead-rework-return");
    await lead.page.getByTestId("submit-return").click();
    await lead.page.getByTestId("return-done").waitFor();

    const reworked = (await batchNow()).shipments.find((s) => s.kind === "return" && s.reworkQty === REWORK);
    if (!reworked) throw new Error("no return carrying the rework");
    await page.goto(`/factory/batches/${batchId}`);
    await page.getByTestId(`inspect-${reworked.number}`).click();
    const dialog = page.getByTestId("inspect-dialog");
    await dialog.getByLabel(zh("factory:inspect.accepted")).fill(String(REWORK));
    await dialog.getByLabel(zh("factory:inspect.rejected")).fill("0");
    await dialog.getByRole("button", { name: zh("factory:inspect.submit") }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("finished-accepted").textContent()).toBe(String(ACCEPTED));
    expect(await page.getByTestId("finished-rejected").textContent()).toBe(String(REJECTED));
    expect(await page.getByTestId("rework-returned").textContent()).toBe(String(REWORK));
    expect(problems).toEqual([]);
  });

  it("the manager closes the batch, charging one leftover and the missing unit and writing off the other", async () => {
    const { page } = manager;
    await page.getByRole("button", { name: zh("factory:close.action"), exact: true }).click();
    const close = page.getByTestId("close-dialog");
    const warnings = close.getByTestId("close-warnings");
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain(
      zh("factory:close.unitsNotReturned", {
        count: SETS - RETURNED_UNITS,
        ordered: String(SETS),
        returned: String(RETURNED_UNITS),
      }),
    );
    expect(await close.getByTestId(`write-off-${BODY.code}`).textContent()).toBe(String(BODY_LEFT));
    expect(await close.getByTestId(`write-off-${EYE.code}`).textContent()).toBe(String(EYE_LEFT));
    await close.getByTestId(`close-choice-${BODY.code}`).selectOption("charge");
    await close.getByTestId(`close-choice-${EYE.code}`).selectOption("write_off");
    // The unit missing from the box is charged one set of components unless the factory bears it.
    expect(await close.getByTestId("close-missing-choice").inputValue()).toBe("charge");
    expect(await close.getByTestId("close-missing-units").textContent()).toContain(
      zh("factory:close.missingUnitsCost", {
        qty: String(VERDICT.missing),
        cost: money(SET_COST_FEN),
        amount: money(MISSING_FEN),
      }),
    );
    // The factory bears the eyes; the workshop is charged the bodies at their BOM cost.
    await expect
      .poll(async () => fen(close.getByTestId("close-factory-cost").locator(".money")))
      .toBe(EYE_LEFT * EYE.costFen);
    const deductions = close.getByTestId("close-deductions").locator("tbody tr");
    await expect.poll(() => deductions.count()).toBe(3);
    expect((await deductions.allTextContents()).map((t) => t.replace(/\s+/g, " "))).toEqual([
      expect.stringContaining(REJECT_CAUSE),
      expect.stringContaining(MISSING_CAUSE),
      expect.stringContaining(CHARGE_CAUSE),
    ]);
    expect(await fens(deductions.nth(0).locator("td").last())).toEqual([REJECT_DEDUCTION_FEN]);
    expect(await fens(deductions.nth(1).locator("td").last())).toEqual([MISSING_FEN]);
    expect(await fens(deductions.nth(2).locator("td").last())).toEqual([CHARGE_FEN]);
    expect(await fens(close.getByTestId("close-settlement"))).toEqual([GROSS_FEN, DEDUCTION_FEN, NET_FEN]);
    await look(manager, "recon-close-dialog");
    await close.getByTestId("close-acknowledge").getByRole("checkbox").check();
    await close.getByRole("button", { name: zh("factory:close.submit") }).click();
    await close.waitFor({ state: "hidden" });
    await page.locator('.page-header [data-status="closed"]').waitFor();

    expect(await fens(page.getByTestId("batch-settlement"))).toEqual([GROSS_FEN, DEDUCTION_FEN, NET_FEN]);
    expect(await page.getByTestId("batch-deductions").locator("li").allTextContents()).toEqual(DEDUCTION_LINES);
    expect(await fens(page.getByTestId("batch-paid"))).toEqual([0]);
    expect(await fens(page.getByTestId("batch-unpaid"))).toEqual([NET_FEN]);
    // Each leftover's ledger line says which way it went: charged to the workshop, or borne by the factory.
    const closeLines = await page.getByTestId("ledger-history").locator("tbody tr").allTextContents();
    const lineOf = (code: string) =>
      closeLines.find((l) => l.includes(code) && l.includes(zh("factory:history.kinds.write_off")));
    expect(lineOf(BODY.code)).toContain(zh("factory:close.defaultReasons.charge"));
    expect(lineOf(EYE.code)).toContain(zh("factory:close.defaultReasons.write_off"));
    expect(problems).toEqual([]);
  });

  it("the manager records two part payments", async () => {
    const { page } = manager;
    await page.getByRole("link", { name: zh("factory:nav.settlement"), exact: true }).click();
    await page.getByLabel(zh("factory:batch.workshop"), { exact: true }).selectOption(workshopId);
    await page.getByTestId(`settlement-${workshopId}`).waitFor();
    const balance = page.getByTestId(`balance-${workshopId}`).locator(".money");
    await expect.poll(() => fen(balance)).toBe(NET_FEN);

    let owed = NET_FEN;
    for (const [i, payment] of PAYMENTS.entries()) {
      // Once from the month's card, once from the balance row: both lead to the same dialog.
      if (i === 0)
        await page
          .getByRole("button", { name: zh("factory:settlement.recordPayment") })
          .first()
          .click();
      else await page.getByTestId(`pay-${workshopId}`).click();
      const dialog = page.getByTestId("payment-dialog");
      await dialog.getByTestId("payment-amount").fill(payment.typed);
      await dialog.getByLabel(zh("factory:settlement.method")).selectOption(payment.method);
      await dialog.getByLabel(zh("factory:settlement.reference")).fill(payment.reference);
      if (i === 0) await look(manager, "recon-payment-dialog");
      await dialog.getByTestId("payment-submit").click();
      await dialog.waitFor({ state: "hidden" });
      owed -= payment.fen;
      await expect.poll(() => fen(balance)).toBe(owed);
    }
    expect(owed).toBe(UNPAID_FEN);
    expect(problems).toEqual([]);
  });

  it("the batch page, settlement, CSV, 对账单 and 本月应收 agree to the fen with the figures worked out here", async () => {
    const { page } = manager;
    const month = shanghaiMonth();
    // The server's own record, read as a cross-check of the expectation, not as the expectation.
    const monthly = await factoryApi.settlements.monthly.query({ month, workshopId });
    const recorded = monthly.groups[0]?.batches.find((b) => b.batchId === batchId);
    expect(recorded).toMatchObject({
      grossFen: GROSS_FEN,
      deductionFen: DEDUCTION_FEN,
      netFen: NET_FEN,
      paidFen: PAID_FEN,
      unpaidFen: UNPAID_FEN,
    });

    // The settlement page: the batch's row, its deductions by cause, the workshop's totals and payments.
    const row = page.locator("tbody tr", { has: page.getByRole("link", { name: batchNumber }) });
    const cell = (key: string) => row.locator(`td[data-label="${zh(key)}"] .money`).first();
    expect(await fen(cell("factory:settlement.gross"))).toBe(GROSS_FEN);
    expect(await fen(cell("factory:settlement.deductions"))).toBe(DEDUCTION_FEN);
    expect(await fen(cell("factory:settlement.net"))).toBe(NET_FEN);
    expect(await fen(cell("factory:settlement.paid"))).toBe(PAID_FEN);
    expect(await fen(cell("factory:settlement.unpaid"))).toBe(UNPAID_FEN);
    expect(await page.getByTestId(`deductions-${batchId}`).locator("li").allTextContents()).toEqual(DEDUCTION_LINES);
    expect(await page.getByTestId("settlement-deductions").locator("li").allTextContents()).toEqual(DEDUCTION_LINES);
    expect(await fen(page.getByTestId(`settlement-net-${workshopId}`).locator(".money"))).toBe(NET_FEN);
    expect(await fen(page.getByTestId(`settlement-unpaid-${workshopId}`).locator(".money"))).toBe(UNPAID_FEN);
    expect(await fens(page.getByTestId(`settlement-balance-${workshopId}`))).toEqual([UNPAID_FEN]);
    const paymentRows = page.getByTestId("settlement-payments").locator("tbody tr");
    expect(await paymentRows.count()).toBe(PAYMENTS.length);
    for (const p of PAYMENTS) {
      expect(await fens(paymentRows.filter({ hasText: p.reference }))).toEqual([p.fen]);
    }
    await look(manager, "recon-settlement");

    // The CSV the manager downloads: the batch's row, the total row and one row per cause.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: zh("common:action.exportCsv") }).click(),
    ]);
    const csv = (await readFile(await download.path())).toString("utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const header = rows[0] ?? [];
    const column = (r: string[] | undefined, key: string) => r?.[header.indexOf(zh(key))];
    const batchRow = rows.find((r) => r[1] === batchNumber);
    const totalRow = rows.find((r) => r[0] === zh("factory:settlement.total"));
    for (const r of [batchRow, totalRow]) {
      expect(csvFen(column(r, "factory:settlement.grossYuan"))).toBe(GROSS_FEN);
      expect(csvFen(column(r, "factory:settlement.deductionsYuan"))).toBe(DEDUCTION_FEN);
      expect(column(r, "factory:settlement.deductionDetailCsv")).toBe(DEDUCTION_CSV.join("; "));
      expect(csvFen(column(r, "factory:settlement.netYuan"))).toBe(NET_FEN);
      expect(csvFen(column(r, "factory:settlement.paidYuan"))).toBe(PAID_FEN);
      expect(csvFen(column(r, "factory:settlement.unpaidYuan"))).toBe(UNPAID_FEN);
    }
    expect(Number(column(batchRow, "factory:settlement.accepted"))).toBe(ACCEPTED);
    expect(Number(column(batchRow, "factory:settlement.rejected"))).toBe(REJECTED);
    const causeRows = rows.filter((r) => DEDUCTION_CSV.includes(r[0] ?? ""));
    expect(causeRows.map((r) => [r[0], csvFen(r[8])])).toEqual([
      [DEDUCTION_CSV[0], REJECT_DEDUCTION_FEN],
      [DEDUCTION_CSV[1], MISSING_FEN],
      [DEDUCTION_CSV[2], CHARGE_FEN],
    ]);

    // The 对账单: nothing carried in, the month's net, both payments, and what is left.
    await page.getByTestId(`statement-${workshopId}`).click();
    const statement = page.getByTestId("statement");
    await statement.waitFor();
    expect(await fens(page.getByTestId("statement-summary"))).toEqual([0, NET_FEN, PAID_FEN, UNPAID_FEN]);
    expect(await fen(page.getByTestId("statement-closing").locator(".money"))).toBe(UNPAID_FEN);
    const batchRows = page.getByTestId("statement-batches").locator("tbody tr");
    expect(await batchRows.count()).toBe(1);
    expect(await batchRows.first().textContent()).toContain(batchNumber);
    expect(await fens(batchRows.first())).toEqual([RATE_FEN, GROSS_FEN, DEDUCTION_FEN, NET_FEN]);
    expect(await fen(page.getByTestId("statement-net").locator(".money"))).toBe(NET_FEN);
    const causes = page.getByTestId("statement-deductions").locator("tbody tr");
    expect((await causes.allTextContents()).length).toBe(3);
    expect(await causes.nth(0).locator("td").first().textContent()).toBe(REJECT_CAUSE);
    expect(await causes.nth(1).locator("td").first().textContent()).toBe(MISSING_CAUSE);
    expect(await causes.nth(2).locator("td").first().textContent()).toBe(CHARGE_CAUSE);
    expect([await fens(causes.nth(0)), await fens(causes.nth(1)), await fens(causes.nth(2))]).toEqual([
      [REJECT_DEDUCTION_FEN],
      [MISSING_FEN],
      [CHARGE_FEN],
    ]);
    expect(await fens(page.getByTestId("statement-deductions").locator("tfoot"))).toEqual([DEDUCTION_FEN]);
    const paid = page.getByTestId("statement-payments");
    expect(await paid.locator("tbody tr").count()).toBe(PAYMENTS.length);
    expect(await fens(paid.locator("tfoot"))).toEqual([PAID_FEN]);
    await look(manager, "recon-statement");
    await page.emulateMedia({ media: "print" });
    await screenshot(page, "recon-statement-print", "desktop");
    await page.emulateMedia({ media: "screen" });

    // The batch page says the same.
    await page.goto(`/factory/batches/${batchId}`);
    await page.getByTestId("batch-paid").waitFor();
    expect(await fens(page.getByTestId("batch-settlement"))).toEqual([GROSS_FEN, DEDUCTION_FEN, NET_FEN]);
    expect(await page.getByTestId("batch-deductions").locator("li").allTextContents()).toEqual(DEDUCTION_LINES);
    expect(await fens(page.getByTestId("batch-paid"))).toEqual([PAID_FEN]);
    expect(await fens(page.getByTestId("batch-unpaid"))).toEqual([UNPAID_FEN]);
    await look(manager, "recon-batch-closed");

    // The lead's 本月应收, on the phone.
    const phone = lead.page;
    await phone.goto("/lead");
    await phone.getByRole("link", { name: zh("lead:nav.owed"), exact: true }).click();
    expect(await phone.getByTestId("owed-month").inputValue()).toBe(month);
    const total = phone.getByTestId("owed-total");
    await expect.poll(() => fen(total.locator(".owed-net .money"))).toBe(NET_FEN);
    expect(await fens(total.locator("dl"))).toEqual([GROSS_FEN, DEDUCTION_FEN]);
    expect(await phone.getByTestId("owed-deductions").locator("li").allTextContents()).toEqual(DEDUCTION_LINES);
    const paidLine = `${zh("lead:owed.paid", { paid: money(PAID_FEN) })} · ${zh("lead:owed.unpaid", { unpaid: money(UNPAID_FEN) })}`;
    expect((await phone.getByTestId("owed-paid").textContent())?.trim()).toBe(paidLine);
    const card = phone.locator(`[data-testid="owed-batch"][data-batch-id="${batchId}"]`);
    expect(await fen(card.locator(".money").first())).toBe(NET_FEN);
    for (const line of DEDUCTION_LINES) expect(await card.textContent()).toContain(line);
    expect((await card.getByTestId("owed-batch-paid").textContent())?.trim()).toBe(paidLine);
    expect(await fen(phone.getByTestId("owed-balance").locator(".owed-net .money"))).toBe(UNPAID_FEN);
    const received = phone.getByTestId("owed-payment");
    expect(await received.count()).toBe(PAYMENTS.length);
    for (const p of PAYMENTS) expect(await fens(received.filter({ hasText: p.reference }))).toEqual([p.fen]);
    await look(lead, "recon-lead-owed");
    expect(problems).toEqual([]);
  });
});
