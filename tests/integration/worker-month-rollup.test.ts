import { employmentByArea, employmentByCounty, monthlyAreaCounts } from "@kitflow/db";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";
import {
  recomputedWorkerMonths,
  recomputedWorkerQuarters,
  storedWorkerMonths,
  storedWorkerQuarters,
} from "../support/worker-months";
import { batchInProduction, hire, JULIN, key, YANGJIAO } from "./workforce-fixtures";

/** 瑞明村 (象湖镇): a third village for workers to move to. */
const RUIMING = "360781100202";
const VILLAGES = [JULIN, YANGJIAO, RUIMING] as const;
/** Two days of one month and one of the next: days, months and their borders all move. */
const DAYS = ["2026-10-30", "2026-10-31", "2026-11-01"] as const;

/** Joining days before the quarter and inside it (never after a day worked): who is new in a quarter moves. */
const JOINED = ["2025-01-01", "2026-10-01", "2026-10-30"] as const;

type Single =
  | { kind: "enter"; batch: number; day: number; entries: { worker: number; qty: number }[] }
  | { kind: "correct"; pick: number; replacementQty: number | undefined }
  | { kind: "move"; worker: number; village: number }
  | { kind: "reflag"; worker: number; poorHousehold: boolean; monitored: boolean; joined: number };
/** Steps sent at once: on PostgreSQL they race (one worker's day from both batches, a move amid entries). */
type Step = Single | { kind: "together"; steps: Single[] };

const WORKERS = 3;
/** Two batches: a batch's lock serialises its own piecework, not one worker's day booked on both. */
const BATCHES = 2;
const single: fc.Arbitrary<Single> = fc.oneof(
  fc.record({
    kind: fc.constant("enter" as const),
    batch: fc.nat(BATCHES - 1),
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
  fc.record({
    kind: fc.constant("reflag" as const),
    worker: fc.nat(WORKERS - 1),
    poorHousehold: fc.boolean(),
    monitored: fc.boolean(),
    joined: fc.nat(JOINED.length - 1),
  }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  single,
  fc.record({ kind: fc.constant("together" as const), steps: fc.array(single, { minLength: 2, maxLength: 4 }) }),
);

/**
 * The worker-month and worker-quarter rollups are written by the statement that inserts piecework
 * (entries and corrections) and follow a worker's village and roster fields; after any sequence of
 * those, some of them sent together, each must equal a recomputation from the entries and the roster,
 * row for row. Steps sent together race
 * on PostgreSQL and queue on PGlite's single connection.
 */
describe.each(STORE_KINDS)("worker-month rollup on %s", (kind) => {
  let app: TestApp;
  let lead: Caller;
  const batchIds: string[] = [];
  const workers: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind, { poolSize: 6 });
    lead = app.as("lead.xianghu");
    for (let i = 0; i < BATCHES; i++) batchIds.push((await batchInProduction(app, "xianghu", 1_000_000, 37)).id);
    for (let i = 0; i < WORKERS; i++) workers.push((await hire(lead, { villageCode: VILLAGES[i] })).id);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The call a step makes; a correction picks its entry now, one no other step of its group picked. */
  async function callFor(s: Single, picked: Set<number>): Promise<(() => Promise<unknown>) | undefined> {
    if (s.kind === "enter") {
      return () =>
        lead.workforce.enterPiecework({
          batchId: batchIds[s.batch] ?? "",
          workDate: DAYS[s.day] ?? DAYS[0],
          entries: s.entries.map((e) => ({ workerId: workers[e.worker] ?? "", qty: e.qty })),
          idempotencyKey: key("roll-enter"),
        });
    }
    if (s.kind === "correct") {
      const open = (await lead.workforce.piecework({ limit: 1000 })).filter(
        (e) => e.reversesEntryId === null && !e.reversed && !picked.has(e.id),
      );
      const entry = open[s.pick % Math.max(open.length, 1)];
      if (!entry) return undefined;
      picked.add(entry.id);
      return () =>
        lead.workforce.correctPiecework({
          entryId: entry.id,
          replacementQty: s.replacementQty,
          reason: "数错了",
          idempotencyKey: key("roll-correct"),
        });
    }
    if (s.kind === "move") {
      return () =>
        lead.workforce.updateWorker({
          id: workers[s.worker] ?? "",
          villageCode: VILLAGES[s.village],
          idempotencyKey: key("roll-move"),
        });
    }
    return () =>
      lead.workforce.updateWorker({
        id: workers[s.worker] ?? "",
        poorHousehold: s.poorHousehold,
        monitored: s.monitored,
        joinedOn: JOINED[s.joined],
        idempotencyKey: key("roll-reflag"),
      });
  }

  async function apply(s: Step): Promise<void> {
    const picked = new Set<number>();
    const calls = [];
    for (const one of s.kind === "together" ? s.steps : [s]) calls.push(await callFor(one, picked));
    await Promise.all(calls.map((call) => call?.()));
  }

  const rollup = () => storedWorkerMonths(app);
  const recomputed = () => recomputedWorkerMonths(app);

  /**
   * A quarter read from the quarter rollup, and the same people read from the months and the entries
   * (to the quarter's last day but one, a day nobody works or joins on here, so its last month is read
   * from the entries): every figure and every month's counts agree.
   */
  async function quarterAgreesWithMonths(quarter: { from: string; to: string }, monthsTo: string): Promise<void> {
    const db = app.handle.db;
    const months = { from: quarter.from, to: monthsTo };
    const county = { regionCode: "360781" };
    const prefecture = { regionCode: "3607" };
    expect(await employmentByArea(db, { ...county, ...quarter })).toEqual(
      await employmentByArea(db, { ...county, ...months }),
    );
    expect(await employmentByCounty(db, { ...prefecture, ...quarter })).toEqual(
      await employmentByCounty(db, { ...prefecture, ...months }),
    );
    for (const [scope, grouping] of [
      [county, "villages"],
      [prefecture, "counties"],
    ] as const) {
      const byKey = (rows: Awaited<ReturnType<typeof monthlyAreaCounts>>) =>
        rows.sort((a, b) => `${a.month}${a.code}`.localeCompare(`${b.month}${b.code}`));
      expect(byKey(await monthlyAreaCounts(db, { ...scope, ...quarter }, grouping))).toEqual(
        byKey(await monthlyAreaCounts(db, { ...scope, ...months }, grouping)),
      );
    }
  }

  it("equals a recomputation from the entries after entries, corrections, moves and roster changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const s of steps) await apply(s);
        expect(await rollup()).toEqual(await recomputed());
        expect(await storedWorkerQuarters(app)).toEqual(await recomputedWorkerQuarters(app));
        await quarterAgreesWithMonths({ from: "2026-10-01", to: "2026-12-31" }, "2026-12-30");
      }),
      { numRuns: 12 },
    );
    // The property saw days worked, then undone to zero by a correction, and months with rows.
    const rows = await rollup();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => Number(r.days_worked) > 0)).toBe(true);
    // October and November are two months of one quarter: its bits were set and cleared.
    expect((await storedWorkerQuarters(app)).some((q) => Number(q.months_worked) > 0)).toBe(true);
    const q4 = await employmentByArea(app.handle.db, { regionCode: "360781", from: "2026-10-01", to: "2026-12-31" });
    expect(q4.find((a) => a.level === "region")?.people).toBeGreaterThan(0);
  });

  it("counts a day once, and not at all once a correction nets it to zero", async () => {
    await lead.workforce.updateWorker({
      id: workers[0] ?? "",
      joinedOn: JOINED[0],
      idempotencyKey: key("roll-rejoin"),
    });
    const [entered] = (
      await lead.workforce.enterPiecework({
        batchId: batchIds[0] ?? "",
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
    const kept = await storedWorkerQuarters(app);
    expect(kept.find((q) => q.worker_id === workers[0] && q.quarter === "2026-07-01")).toMatchObject({
      months_worked: 0,
      days_worked: 0,
      earnings_fen: "0",
    });
    expect(kept).toEqual(await recomputedWorkerQuarters(app));
    // A quarter whose only month was netted to zero has its row, and nobody in it.
    await quarterAgreesWithMonths({ from: "2026-07-01", to: "2026-09-30" }, "2026-09-29");
  });
});
