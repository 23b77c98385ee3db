import { statementsSent } from "@kitflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { shanghaiDay } from "../support/shanghai-calendar";
import { STORE_KINDS } from "../support/stores";

/**
 * The performance target is at most 8 SQL statements per operation of the batch cycle over HTTP, where one more
 * statement checks the session before the procedure runs. So each procedure gets 7 at most here; the budgets
 * below are what each sends today (BEGIN and COMMIT included), so a change that adds a statement is seen.
 */
const BUDGET = { create: 5, dispatch: 6, confirmReceipt: 6, createReturn: 6, inspectReturn: 5 };
/**
 * Piecework is booked outside the cycle and reads more (the batch's cap: its kit, movements and entries). Its
 * workers' rows are locked by statements it sends anyway (the team read, the entry re-read under the batch lock),
 * so one worker's day stays exact under concurrent writers at no extra statement.
 */
const PIECEWORK_BUDGET = { enterPiecework: 10, correctPiecework: 11 };

/** Statements one call sends, BEGIN and COMMIT included (the caller skips the HTTP session check). */
async function counted<T>(call: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = statementsSent();
  const result = await call();
  return { result, statements: statementsSent() - before };
}

describe.each(STORE_KINDS)("statements per operation on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  it("each step of the cycle stays within its statement budget", async () => {
    const factory = app.as("factory.jhb");
    const lead = app.as("lead.xianghu");
    const [product] = await factory.catalog.listProducts();
    if (!product) throw new Error("no product");
    const figures: Record<string, number> = {};
    const create = await counted(() =>
      factory.batches.create({
        workshopId: app.orgs.xianghu,
        productId: product.id,
        quantity: 100,
        allowancePct: 2,
        idempotencyKey: "budget-create",
      }),
    );
    figures.create = create.statements;
    const batch = create.result;
    const dispatch = await counted(() =>
      factory.shipments.dispatch({
        batchId: batch.id,
        lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
        idempotencyKey: "budget-dispatch",
      }),
    );
    figures.dispatch = dispatch.statements;
    const confirm = await counted(() =>
      lead.shipments.confirmReceipt({
        shipmentId: dispatch.result.id,
        lines: dispatch.result.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
        idempotencyKey: "budget-confirm",
      }),
    );
    figures.confirmReceipt = confirm.statements;
    const unused = batch.kit
      .map((k) => ({ componentCode: k.componentCode, qty: k.kitQty - k.qtyPerUnit * 100 }))
      .filter((u) => u.qty > 0);
    const back = await counted(() =>
      lead.shipments.createReturn({
        batchId: batch.id,
        goodQty: 98,
        defectiveQty: 2,
        unused,
        scrap: [],
        idempotencyKey: "budget-return",
      }),
    );
    figures.createReturn = back.statements;
    const inspect = await counted(() =>
      factory.shipments.inspectReturn({
        shipmentId: back.result.id,
        acceptedQty: 98,
        rejectedQty: 2,
        unusedReceived: unused,
        idempotencyKey: "budget-inspect",
      }),
    );
    figures.inspectReturn = inspect.statements;
    for (const [step, budget] of Object.entries(BUDGET)) {
      expect(figures[step], step).toBeGreaterThan(0);
      expect(figures[step], step).toBeLessThanOrEqual(budget);
    }
  });

  it("piecework entries and corrections stay within their statement budget", async () => {
    const lead = app.as("lead.xianghu");
    const batch = (await lead.workforce.pieceworkBatches()).find((b) => b.headroom >= 4);
    const team = (await lead.workforce.roster()).slice(0, 3);
    if (!batch || team.length < 3) throw new Error("the demo has no batch in production or no team");
    const day = shanghaiDay(-1);
    const figures: Record<string, number> = {};
    const enter = await counted(() =>
      lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: day,
        entries: team.map((w) => ({ workerId: w.id, qty: 1 })),
        idempotencyKey: "budget-piecework",
      }),
    );
    figures.enterPiecework = enter.statements;
    const [entry] = enter.result.entries;
    const correct = await counted(() =>
      lead.workforce.correctPiecework({
        entryId: entry?.id ?? 0,
        replacementQty: 2,
        reason: "数错了",
        idempotencyKey: "budget-correct",
      }),
    );
    figures.correctPiecework = correct.statements;
    for (const [operation, budget] of Object.entries(PIECEWORK_BUDGET)) {
      expect(figures[operation], operation).toBeGreaterThan(0);
      expect(figures[operation], operation).toBeLessThanOrEqual(budget);
    }
  });
});
