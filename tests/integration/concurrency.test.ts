/**
 * Parallel clients against real PostgreSQL (a pool of 12 connections, so requests really overlap):
 * operations on one shipment or batch must serialise, a replayed key must not write twice, and
 * the conservation rule must survive any interleaving.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rowsOf } from "@kitflow/db";
import { type ComponentBalance, conservationBreaches } from "@kitflow/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Kitflow, startKitflow } from "../../apps/server/src/app";
import { readEnv } from "../../apps/server/src/env";
import { seedReference } from "../../apps/server/src/seed/reference";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { settle } from "../support/errors";
import { seededRandom } from "../support/seeded-random";
import { dataOf, signIn, trpc } from "../support/server-process";
import { freshStore, TEST_DATABASE_URL } from "../support/stores";

const TITLE = TEST_DATABASE_URL
  ? "concurrency on real PostgreSQL"
  : "concurrency on real PostgreSQL — SKIPPED: set TEST_DATABASE_URL=postgres://… to run";
if (!TEST_DATABASE_URL) console.warn(`[concurrency.test] ${TITLE}`);

async function query<T>(app: TestApp, statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await app.handle.db.execute(statement));
}

/** Balances summed straight from ledger_entries, independent of the domain's movement code. */
async function ledgerBalances(app: TestApp, batchId: string, codes: string[]): Promise<ComponentBalance[]> {
  const rows = await query<{
    component_code: string;
    kind: string;
    from_location: string;
    to_location: string;
    qty: number;
  }>(
    app,
    sql`select component_code, kind::text, from_location::text, to_location::text, qty from ledger_entries where batch_id = ${batchId}`,
  );
  return codes.map((code) => {
    const mine = rows.filter((r) => r.component_code === code);
    const at = (location: string) =>
      mine.reduce(
        (n, r) => n + (r.to_location === location ? r.qty : 0) - (r.from_location === location ? r.qty : 0),
        0,
      );
    return {
      componentCode: code,
      dispatched: 0 - at("factory"),
      inTransit: at("in_transit"),
      atWorkshop: at("workshop"),
      consumed: at("consumed"),
      scrapped: at("scrapped"),
      lost: at("lost"),
      returnedUnused: at("returned_unused"),
      gained: mine.filter((r) => r.kind === "tolerance_gain").reduce((n, r) => n + r.qty, 0),
      surplus: 0 - at("surplus"),
      replaced: mine.filter((r) => r.kind === "replacement").reduce((n, r) => n + r.qty, 0),
    };
  });
}

async function expectConsistent(app: TestApp, factory: Caller, batchId: string, context: string) {
  const batch = await factory.batches.get({ id: batchId });
  expect(conservationBreaches(batch.balances), context).toEqual([]);
  for (const b of batch.balances) {
    for (const field of ["inTransit", "atWorkshop", "consumed", "scrapped", "lost", "returnedUnused"] as const) {
      expect(b[field], `${context}: ${b.componentCode}.${field}`).toBeGreaterThanOrEqual(0);
    }
  }
  const f = batch.finished;
  expect(f.accepted + f.rejected, context).toBeLessThanOrEqual(f.returnedGood + f.returnedDefective);
  expect(f.returnedGood + f.returnedDefective, context).toBeLessThanOrEqual(f.ordered);
  expect(
    await ledgerBalances(
      app,
      batchId,
      batch.kit.map((k) => k.componentCode),
    ),
    `${context} (raw ledger rows)`,
  ).toEqual(batch.balances);
  return batch;
}

const BOM = [
  { componentCode: "BODY", componentName: "熊身", unit: "个", qtyPerUnit: 1, unitCostFen: 20 },
  { componentCode: "EYE", componentName: "眼睛", unit: "个", qtyPerUnit: 2, unitCostFen: 1 },
];

describe.skipIf(!TEST_DATABASE_URL)(TITLE, () => {
  let app: TestApp;
  let factory: Caller;
  let lead: Caller;
  let productId: string;
  let keys = 0;
  const key = (what: string) => `conc-${what}-${++keys}`;

  beforeAll(async () => {
    app = await createTestApp("postgres", { poolSize: 12 });
    factory = app.as("factory.jhb");
    lead = app.as("lead.xianghu");
    const product = await factory.catalog.createProduct({
      code: "CONC-BEAR",
      name: "并发测试熊",
      pieceRateFen: 100,
      bom: BOM,
    });
    if (!product) throw new Error("product not created");
    productId = product.id;
  });
  afterAll(() => app?.close());

  async function createBatch(quantity: number, options: { tolerancePct?: number } = {}) {
    return factory.batches.create({
      workshopId: app.orgs.xianghu,
      productId,
      quantity,
      allowancePct: 2,
      tolerancePct: options.tolerancePct ?? 1,
      idempotencyKey: key("create"),
    });
  }

  async function dispatchAll(batch: Awaited<ReturnType<typeof createBatch>>) {
    return factory.shipments.dispatch({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: key("dispatch"),
    });
  }

  async function ledgerOfShipment(shipmentId: string) {
    return query<{ component_code: string; kind: string; qty: number; idempotency_key: string }>(
      app,
      sql`select component_code, kind::text, qty, idempotency_key from ledger_entries where shipment_id = ${shipmentId} order by id`,
    );
  }

  it("two simultaneous confirmations of one shipment: one wins, the other is CONFLICT, one receipt", async () => {
    for (let round = 0; round < 5; round++) {
      const batch = await createBatch(20);
      const shipment = await dispatchAll(batch);
      // Different counts, so the ledger shows whose confirmation won.
      const full = shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty }));
      const short = shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty - 1 }));
      const [a, b] = await Promise.all([
        settle(lead.shipments.confirmReceipt({ shipmentId: shipment.id, lines: full, idempotencyKey: key("c-full") })),
        settle(
          lead.shipments.confirmReceipt({
            shipmentId: shipment.id,
            lines: short,
            note: "one of each short",
            idempotencyKey: key("c-short"),
          }),
        ),
      ]);
      const outcomes = [a, b];
      expect(
        outcomes.filter((o) => o.ok),
        `round ${round}: ${JSON.stringify(outcomes)}`,
      ).toHaveLength(1);
      const loser = outcomes.find((o) => !o.ok);
      expect(loser && !loser.ok && loser.code, JSON.stringify(loser)).toBe("CONFLICT");
      const winnerCounts = a.ok ? full : short;
      const rows = await ledgerOfShipment(shipment.id);
      const receipts = rows.filter((r) => r.kind === "receipt" || r.kind === "receipt_shortfall");
      expect(new Set(receipts.map((r) => r.idempotency_key)).size, "one confirmation's movements").toBe(1);
      for (const line of shipment.lines) {
        const received = receipts
          .filter((r) => r.component_code === line.componentCode && r.kind === "receipt")
          .reduce((n, r) => n + r.qty, 0);
        const lost = receipts
          .filter((r) => r.component_code === line.componentCode && r.kind === "receipt_shortfall")
          .reduce((n, r) => n + r.qty, 0);
        expect(received).toBe(winnerCounts.find((c) => c.componentCode === line.componentCode)?.qtyReceived);
        expect(received + lost).toBe(line.qty);
      }
      const after = await expectConsistent(app, factory, batch.id, `round ${round}`);
      expect(after.status).toBe("in_production");
    }
  });

  it("eight simultaneous confirmations with eight keys: exactly one wins", async () => {
    const batch = await createBatch(30);
    const shipment = await dispatchAll(batch);
    const lines = shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty }));
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        settle(lead.shipments.confirmReceipt({ shipmentId: shipment.id, lines, idempotencyKey: key(`c8-${i}`) })),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.code)).toEqual(Array(7).fill("CONFLICT"));
    expect((await ledgerOfShipment(shipment.id)).filter((r) => r.kind === "receipt")).toHaveLength(lines.length);
    await expectConsistent(app, factory, batch.id, "eight confirmations");
  });

  it("the same key sent twice at once: both get the first result, the ledger is written once", async () => {
    for (let round = 0; round < 5; round++) {
      const batch = await createBatch(10);
      const dispatchInput = {
        batchId: batch.id,
        lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
        idempotencyKey: key("same-dispatch"),
      };
      const [d1, d2] = await Promise.all([
        factory.shipments.dispatch(dispatchInput),
        factory.shipments.dispatch(dispatchInput),
      ]);
      expect(d2).toEqual(d1);
      const afterDispatch = await factory.batches.get({ id: batch.id });
      expect(afterDispatch.shipments, "one dispatch created").toHaveLength(1);

      const confirmInput = {
        shipmentId: d1.id,
        lines: d1.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
        idempotencyKey: key("same-confirm"),
      };
      const results = await Promise.all([
        lead.shipments.confirmReceipt(confirmInput),
        lead.shipments.confirmReceipt(confirmInput),
        lead.shipments.confirmReceipt(confirmInput),
      ]);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      const rows = await ledgerOfShipment(d1.id);
      expect(
        rows.filter((r) => r.kind === "dispatch"),
        "one set of dispatch rows",
      ).toHaveLength(d1.lines.length);
      expect(
        rows.filter((r) => r.kind === "receipt"),
        "one set of receipt rows",
      ).toHaveLength(d1.lines.length);
      await expectConsistent(app, factory, batch.id, `same key round ${round}`);
    }
  });

  it("twelve parallel clients hammering one batch keep it conserved", async () => {
    const seed = Date.now() % 1_000_000;
    const rnd = seededRandom(seed);
    const context = `seed ${seed}`;
    const batch = await createBatch(300, { tolerancePct: 1 });
    const codes = batch.kit.map((k) => k.componentCode);
    const dispatchedBySuccess = new Map<string, number>(codes.map((c) => [c, 0]));
    const confirmedShipments: string[] = [];
    const inspectedReturns: string[] = [];
    let accepted = 0;
    const refusals = new Map<string, number>();

    for (let wave = 0; wave < 8; wave++) {
      const snapshot = await factory.batches.get({ id: batch.id });
      const inTransitDispatches = snapshot.shipments.filter((s) => s.kind === "dispatch" && s.status === "in_transit");
      const inTransitReturns = snapshot.shipments.filter((s) => s.kind === "return" && s.status === "in_transit");
      const clients = Array.from({ length: 12 }, (_, client) => {
        const op =
          wave === 0 ? "dispatch" : rnd.pick(["dispatch", "confirm", "confirm", "return", "return", "inspect"]);
        const label = `wave ${wave} client ${client} ${op}`;
        if (op === "dispatch") {
          const lines = codes
            .filter((_, i) => i === 0 || rnd.int(0, 1) === 1)
            .map((code) => ({ componentCode: code, qty: rnd.int(1, 25) }));
          return {
            label,
            run: async () => {
              const s = await factory.shipments.dispatch({
                batchId: batch.id,
                lines,
                idempotencyKey: key("h-dispatch"),
              });
              for (const l of lines)
                dispatchedBySuccess.set(l.componentCode, (dispatchedBySuccess.get(l.componentCode) ?? 0) + l.qty);
              return s;
            },
          };
        }
        if (op === "confirm") {
          const shipment = rnd.pick(inTransitDispatches);
          if (!shipment) return undefined;
          const lines = shipment.lines.map((l) => ({
            componentCode: l.componentCode,
            qtyReceived: Math.max(0, l.qty - rnd.int(0, 1)),
          }));
          return {
            label,
            run: async () => {
              const s = await lead.shipments.confirmReceipt({
                shipmentId: shipment.id,
                lines,
                note: "counted on arrival",
                idempotencyKey: key("h-confirm"),
              });
              confirmedShipments.push(shipment.id);
              return s;
            },
          };
        }
        if (op === "return") {
          const goodQty = rnd.int(0, 3);
          const defectiveQty = rnd.int(0, 1);
          const code = rnd.pick(codes) ?? "BODY";
          const unused = rnd.int(0, 3) === 0 ? [{ componentCode: code, qty: rnd.int(1, 3) }] : [];
          const scrap = rnd.int(0, 5) === 0 ? [{ componentCode: code, qty: 1, reason: "断线" }] : [];
          if (goodQty + defectiveQty + unused.length + scrap.length === 0) return undefined;
          return {
            label,
            run: () =>
              lead.shipments.createReturn({
                batchId: batch.id,
                goodQty,
                defectiveQty,
                unused,
                scrap,
                idempotencyKey: key("h-return"),
              }),
          };
        }
        const back = rnd.pick(inTransitReturns);
        if (!back) return undefined;
        return {
          label,
          run: async () => {
            const s = await factory.shipments.inspectReturn({
              shipmentId: back.id,
              acceptedQty: back.goodQty ?? 0,
              rejectedQty: back.defectiveQty ?? 0,
              unusedReceived: back.lines
                .filter((l) => l.role === "unused")
                .map((l) => ({ componentCode: l.componentCode, qty: l.qty })),
              idempotencyKey: key("h-inspect"),
            });
            inspectedReturns.push(back.id);
            return s;
          },
        };
      }).filter((c) => c !== undefined);

      const outcomes = await Promise.all(clients.map((c) => settle(c.run())));
      outcomes.forEach((o, i) => {
        const label = clients[i]?.label ?? "?";
        if (o.ok) accepted++;
        else {
          // Losing a race or breaking a rule is a refusal; anything else (a 500, a deadlock leaking out) is a bug.
          expect(["CONFLICT", "PRECONDITION_FAILED"], `${context} ${label}: ${o.code} ${o.message}`).toContain(o.code);
          refusals.set(o.code, (refusals.get(o.code) ?? 0) + 1);
        }
      });
      await expectConsistent(app, factory, batch.id, `${context} after wave ${wave}`);
    }

    const final = await expectConsistent(app, factory, batch.id, `${context} at the end`);
    expect(accepted, `${context}: some operations went through`).toBeGreaterThan(20);
    expect(new Set(confirmedShipments).size, `${context}: no shipment confirmed twice`).toBe(confirmedShipments.length);
    expect(new Set(inspectedReturns).size, `${context}: no return inspected twice`).toBe(inspectedReturns.length);
    for (const b of final.balances) {
      expect(b.dispatched - b.gained, `${context}: ${b.componentCode} dispatched = what accepted dispatches sent`).toBe(
        dispatchedBySuccess.get(b.componentCode),
      );
    }
    const stored = await query<{ n: number }>(
      app,
      sql`select count(*)::int as n from shipments where batch_id = ${batch.id} and kind = 'dispatch' and status <> 'in_transit'`,
    );
    expect(Number(stored[0]?.n)).toBe(confirmedShipments.length);
  }, 240_000);

  it("batches.close racing createReturn on one batch: serialised, exactly one wins, consistent", async () => {
    for (let round = 0; round < 6; round++) {
      const batch = await createBatch(10, { tolerancePct: 0 });
      const shipment = await dispatchAll(batch);
      await lead.shipments.confirmReceipt({
        shipmentId: shipment.id,
        lines: shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
        idempotencyKey: key("race-confirm"),
      });
      const first = await lead.shipments.createReturn({
        batchId: batch.id,
        goodQty: 5,
        defectiveQty: 0,
        idempotencyKey: key("race-return"),
      });
      await factory.shipments.inspectReturn({
        shipmentId: first.id,
        acceptedQty: 5,
        rejectedQty: 0,
        idempotencyKey: key("race-inspect"),
      });
      const before = await factory.batches.get({ id: batch.id });
      const writeOffs = before.balances
        .filter((b) => b.atWorkshop > 0)
        .map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop, reason: "结单报损" }));
      const closeCall = () => factory.batches.close({ id: batch.id, writeOffs, idempotencyKey: key("race-close") });
      const returnCall = () =>
        lead.shipments.createReturn({
          batchId: batch.id,
          goodQty: 1,
          defectiveQty: 0,
          idempotencyKey: key("race-ret2"),
        });
      // Alternate who is sent first, so both orders of arrival are exercised.
      const [closed, returned] =
        round % 2 === 0
          ? await Promise.all([settle(closeCall()), settle(returnCall())])
          : await Promise.all([settle(returnCall()), settle(closeCall())]).then(([r, c]) => [c, r] as const);
      const context = `round ${round}: close ${JSON.stringify(closed)} return ${JSON.stringify(returned)}`;
      expect([closed.ok, returned.ok].filter(Boolean), context).toHaveLength(1);
      const after = await expectConsistent(app, factory, batch.id, context);
      const returns = after.shipments.filter((s) => s.kind === "return");
      if (closed.ok) {
        expect(!returned.ok && returned.code, context).toBe("CONFLICT");
        expect(after.status).toBe("closed");
        expect(returns, "no return slipped in after the close").toHaveLength(1);
        expect(
          after.balances.every((b) => b.atWorkshop === 0 && b.inTransit === 0),
          context,
        ).toBe(true);
      } else {
        expect(!closed.ok && closed.code, context).toBe("PRECONDITION_FAILED");
        expect(after.status).toBe("partially_returned");
        expect(returns).toHaveLength(2);
        expect(after.settlement).toBeNull();
      }
    }
  });

  it("parallel piecework entries on one batch never pass its ceiling together", async () => {
    const worker = await lead.workforce.createWorker({
      name: "并发计件",
      villageCode: "360781100200",
      poorHousehold: false,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2025-01-01",
      idempotencyKey: key("hire"),
    });
    for (let round = 0; round < 3; round++) {
      // 20 units with a 2% allowance: 21 bodies and 41 eyes received, 20 units' worth (two eyes a unit).
      const batch = await createBatch(20);
      const shipment = await dispatchAll(batch);
      await lead.shipments.confirmReceipt({
        shipmentId: shipment.id,
        lines: shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
        idempotencyKey: key("pw-confirm"),
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          settle(
            lead.workforce.enterPiecework({
              batchId: batch.id,
              workDate: "2026-06-01",
              entries: [{ workerId: worker.id, qty: 3 }],
              idempotencyKey: key("pw"),
            }),
          ),
        ),
      );
      const context = `round ${round}: ${JSON.stringify(results.map((r) => (r.ok ? "ok" : r.code)))}`;
      // 6 × 3 = 18 fit under 20; a seventh would make 21.
      expect(
        results.filter((r) => r.ok),
        context,
      ).toHaveLength(6);
      expect(
        results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "PRECONDITION_FAILED"),
        context,
      ).toBe(true);
      const [booked] = await query<{ qty: number }>(
        app,
        sql`select coalesce(sum(qty), 0)::int as qty from piecework_entries where batch_id = ${batch.id}`,
      );
      expect(Number(booked?.qty), context).toBe(18);
      expect((await lead.batches.get({ id: batch.id })).piecework).toMatchObject({ ceiling: 20, entered: 18 });
    }
  });

  it("parallel document numbers are unique", async () => {
    const yuanye = app.as("factory.yuanye");
    const bag = await yuanye.catalog.createProduct({
      code: "CONC-BAG",
      name: "环保袋",
      pieceRateFen: 8,
      bom: [{ componentCode: "CLOTH", componentName: "布", unit: "片", qtyPerUnit: 1 }],
    });
    if (!bag) throw new Error("product not created");
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 2
          ? yuanye.batches.create({
              workshopId: app.orgs.jiubao,
              productId: bag.id,
              quantity: 5,
              idempotencyKey: key("num"),
            })
          : factory.batches.create({
              workshopId: app.orgs.xianghu,
              productId,
              quantity: 5,
              idempotencyKey: key("num"),
            }),
      ),
    );
    const numbers = created.map((b) => b.number);
    expect(new Set(numbers).size, numbers.join(", ")).toBe(24);
    for (const n of numbers) expect(n).toMatch(/^WF\d{6}-\d{5}$/);

    const mine = created.filter((b) => b.factoryId !== undefined && b.productId === productId);
    const notes = await Promise.all(mine.map((b) => dispatchAll(b)));
    const noteNumbers = notes.map((n) => n.deliveryNoteNumber);
    expect(new Set(noteNumbers).size, noteNumbers.join(", ")).toBe(mine.length);
  });

  describe("over HTTP against the real server", () => {
    let kitflow: Kitflow;
    let store: Awaited<ReturnType<typeof freshStore>>;
    let dataDir: string;

    beforeAll(async () => {
      store = await freshStore("postgres");
      if (!store.url) throw new Error("fresh store has no url");
      // Accounts exist already, so the server skips the demo seed and starts fast.
      await seedReference(store.db);
      dataDir = mkdtempSync(join(tmpdir(), "kitflow-conc-"));
      kitflow = await startKitflow(
        readEnv({
          DATABASE_URL: store.url,
          PORT: "0",
          HOST: "127.0.0.1",
          DATA_DIR: dataDir,
          AUTH_SECRET: "concurrency-test-secret-0123456789abcdef",
          SIGNIN_RATE_LIMIT: "100/60",
        }),
      );
    });
    afterAll(async () => {
      await kitflow?.close();
      await store?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it("parallel confirmations over plain JSON tRPC: one 200, the rest 409 CONFLICT", async () => {
      const url = kitflow.url;
      const [factoryToken, leadToken] = await Promise.all([signIn(url, "factory.jhb"), signIn(url, "lead.xianghu")]);
      const product = dataOf(
        await trpc<{ id: string }>(
          url,
          "catalog.createProduct",
          { code: "HTTP-BEAR", name: "HTTP 熊", pieceRateFen: 90, bom: BOM },
          { token: factoryToken },
        ),
        "catalog.createProduct",
      );
      const partners = dataOf(
        await trpc<{ id: string; name: string }[]>(url, "partners.list", undefined, {
          token: factoryToken,
          query: true,
        }),
        "partners.list",
      );
      const workshop = partners.find((p) => p.name === "象湖合作点");
      if (!workshop) throw new Error("象湖 is not a partner");
      const batch = dataOf(
        await trpc<{ id: string; kit: { componentCode: string; kitQty: number }[] }>(
          url,
          "batches.create",
          { workshopId: workshop.id, productId: product.id, quantity: 40, idempotencyKey: "http-conc-create" },
          { token: factoryToken },
        ),
        "batches.create",
      );
      const dispatch = async (idempotencyKey: string) =>
        dataOf(
          await trpc<{ id: string; lines: { componentCode: string; qty: number }[] }>(
            url,
            "shipments.dispatch",
            {
              batchId: batch.id,
              lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: Math.floor(k.kitQty / 2) })),
              idempotencyKey,
            },
            { token: factoryToken },
          ),
          "shipments.dispatch",
        );
      const confirmInput = (shipment: Awaited<ReturnType<typeof dispatch>>, idempotencyKey: string) => ({
        shipmentId: shipment.id,
        lines: shipment.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
        idempotencyKey,
      });

      const first = await dispatch("http-conc-dispatch-1");
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          trpc(url, "shipments.confirmReceipt", confirmInput(first, `http-conc-confirm-${i}`), { token: leadToken }),
        ),
      );
      expect(replies.filter((r) => r.ok).map((r) => r.status)).toEqual([200]);
      for (const r of replies.filter((x) => !x.ok))
        expect(r).toMatchObject({ ok: false, status: 409, code: "CONFLICT" });

      // The same key from six connections at once: six identical answers, one set of rows.
      const second = await dispatch("http-conc-dispatch-2");
      const same = await Promise.all(
        Array.from({ length: 6 }, () =>
          trpc(url, "shipments.confirmReceipt", confirmInput(second, "http-conc-same-key"), { token: leadToken }),
        ),
      );
      const firstReply = same[0];
      if (!firstReply?.ok) throw new Error(`same-key confirmation failed: ${JSON.stringify(firstReply)}`);
      for (const r of same) expect(r).toEqual(firstReply);

      const receipts = rowsOf<{ shipment_id: string; n: number }>(
        await store.db.execute(
          sql`select shipment_id::text, count(*)::int as n from ledger_entries where batch_id = ${batch.id} and kind = 'receipt' group by shipment_id`,
        ),
      );
      expect(receipts.map((r) => [r.shipment_id, Number(r.n)]).sort()).toEqual(
        [
          [first.id, first.lines.length],
          [second.id, second.lines.length],
        ].sort(),
      );
      const view = dataOf(
        await trpc<{ balances: ComponentBalance[] }>(
          url,
          "batches.get",
          { id: batch.id },
          { token: factoryToken, query: true },
        ),
        "batches.get",
      );
      expect(conservationBreaches(view.balances)).toEqual([]);
      expect(view.balances.every((b) => b.inTransit === 0 && b.atWorkshop === b.dispatched)).toBe(true);
    });
  });
});
