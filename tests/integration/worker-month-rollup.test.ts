import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";
import { recomputedWorkerMonths, storedWorkerMonths } from "../support/worker-months";
import { batchInProduction, hire, JULIN, key, YANGJIAO } from "./workforce-fixtures";

/** 瑞明村 (象湖镇): a third village for workers to move to. */
const RUIMING = "360781100202";
const VILLAGES = [JULIN, YANGJIAO, RUIMING] as const;
/** Two days of one month and one of the next: days, months and their borders all move. */
const DAYS = ["2026-10-30", "2026-10-31", "2026-11-01"] as const;

type Step =
  | { kind: "enter"; day: number; entries: { worker: number; qty: number }[] }
  | { kind: "correct"; pick: number; replacementQty: number | undefined }
  | { kind: "move"; worker: number; village: number };

const WORKERS = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("enter" as const),
    day: fc.nat(DAYS.length - 1),
    entries: fc.uniqueArray(fc.record({ worker: fc.nat(WORKERS - 1), qty: fc.integer({ min: 1, max: 40 }) }), {
      minLength: 1,
      maxLength: WORKERS,
      selector: (e) => e.worker,
    }),
  }),
  fc.record({
    kind: fc.constant("correct" as const),
    pick: fc.nat(),
    replacementQty: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("move" as const), worker: fc.nat(WORKERS - 1), village: fc.nat(VILLAGES.length - 1) }),
);

/**
 * The worker-month rollup is written by the statement that inserts piecework (entries and
 * corrections) and moved with a worker's village; after any sequence of those it must equal a
 * recomputation from the entries, row for row.
 */
describe.each(STORE_KINDS)("worker-month rollup on %s", (kind) => {
  let app: TestApp;
  let lead: Caller;
  let batchId: string;
  const workers: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind);
    lead = app.as("lead.xianghu");
    batchId = (await batchInProduction(app, "xianghu", 1_000_000, 37)).id;
    for (let i = 0; i < WORKERS; i++) workers.push((await hire(lead, { villageCode: VILLAGES[i] })).id);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function apply(s: Step): Promise<void> {
    if (s.kind === "enter") {
      await lead.workforce.enterPiecework({
        batchId,
        workDate: DAYS[s.day] ?? DAYS[0],
        entries: s.entries.map((e) => ({ workerId: workers[e.worker] ?? "", qty: e.qty })),
        idempotencyKey: key("roll-enter"),
      });
    } else if (s.kind === "correct") {
      const open = (await lead.workforce.piecework({ batchId, limit: 1000 })).filter(
        (e) => e.reversesEntryId === null && !e.reversed,
      );
      const entry = open[s.pick % Math.max(open.length, 1)];
      if (!entry) return;
      await lead.workforce.correctPiecework({
        entryId: entry.id,
        replacementQty: s.replacementQty,
        reason: "数错了",
        idempotencyKey: key("roll-correct"),
      });
    } else {
      await lead.workforce.updateWorker({
        id: workers[s.worker] ?? "",
        villageCode: VILLAGES[s.village],
        idempotencyKey: key("roll-move"),
      });
    }
  }

  const rollup = () => storedWorkerMonths(app);
  const recomputed = () => recomputedWorkerMonths(app);

  it("equals a recomputation from the entries after entries, corrections and moves", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const s of steps) await apply(s);
        expect(await rollup()).toEqual(await recomputed());
      }),
      { numRuns: 12 },
    );
    // The property saw days worked, then undone to zero by a correction, and months with rows.
    const rows = await rollup();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => Number(r.days_worked) > 0)).toBe(true);
  });

  it("counts a day once, and not at all once a correction nets it to zero", async () => {
    const [entered] = (
      await lead.workforce.enterPiecework({
        batchId,
        workDate: "2026-09-15",
        entries: [{ workerId: workers[0] ?? "", qty: 5 }],
        idempotencyKey: key("roll-day"),
      })
    ).entries;
    const september = async () => (await rollup()).find((r) => r.worker_id === workers[0] && r.month === "2026-09-01");
    expect(Number((await september())?.days_worked)).toBe(1);
    await lead.workforce.correctPiecework({
      entryId: entered?.id ?? 0,
      reason: "记错人了",
      idempotencyKey: key("roll-undo"),
    });
    expect(await september()).toMatchObject({ qty: 0, days_worked: 0, earnings_fen: "0" });
    expect(await rollup()).toEqual(await recomputed());
  });
});
