/**
 * One worker's day booked from several sides at once against real PostgreSQL (a pool of 12 connections, so the
 * writes really overlap): a team's day on two batches, two phones syncing their queues, a correction racing an
 * entry. A batch's lock serialises only that batch's piecework, so these writers meet at the worker-day; after
 * every round the worker-month rollup must still equal a recomputation from the entries, days worked included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { settle } from "../support/errors";
import { seededRandom } from "../support/seeded-random";
import { TEST_DATABASE_URL } from "../support/stores";
import { recomputedWorkerMonths, storedWorkerMonths } from "../support/worker-months";
import { batchInProduction, hire, key } from "./workforce-fixtures";

const TITLE = TEST_DATABASE_URL
  ? "one worker-day booked concurrently on real PostgreSQL"
  : "one worker-day booked concurrently on real PostgreSQL — SKIPPED: set TEST_DATABASE_URL=postgres://… to run";
if (!TEST_DATABASE_URL) console.warn(`[worker-day-concurrency.test] ${TITLE}`);

const ROUNDS = 20;
/** One batch a writer: writers on one batch would wait for its lock and never meet at the worker-day. */
const BATCHES = 8;
const WORKERS = 3;

/**
 * "open": a fresh day entered from every batch at once (counted once, not once a writer).
 * "close": a day booked on every batch, every entry reversed at once (no longer counted).
 * "mixed": entries, reversals and replacements of one day together.
 */
const ROUND_KINDS = ["open", "close", "mixed"] as const;

/** Round n's day: three days apart, so rounds never share a day and cross month ends. */
function dayOf(round: number): string {
  return new Date(Date.UTC(2026, 0, 5 + round * 3)).toISOString().slice(0, 10);
}

describe.skipIf(!TEST_DATABASE_URL)(TITLE, () => {
  let app: TestApp;
  let lead: Caller;
  const batchIds: string[] = [];
  const workerIds: string[] = [];

  beforeAll(async () => {
    app = await createTestApp("postgres", { poolSize: 12 });
    lead = app.as("lead.xianghu");
    for (let i = 0; i < BATCHES; i++) batchIds.push((await batchInProduction(app, "xianghu", 1_000_000, 37)).id);
    for (let i = 0; i < WORKERS; i++) workerIds.push((await hire(lead)).id);
  });
  afterAll(() => app?.close());

  /** One entry per batch for `workerId` on `day`, booked one after the other: the day the writers then race on. */
  async function bookDay(day: string, batches: readonly string[], workerId: string) {
    const entries = [];
    for (const batchId of batches) {
      const booked = await lead.workforce.enterPiecework({
        batchId,
        workDate: day,
        entries: [{ workerId, qty: 5 }],
        idempotencyKey: key("day-book"),
      });
      entries.push(...booked.entries);
    }
    return entries;
  }

  it("counts each worker-day once however its entries and corrections interleave", async () => {
    const seed = Date.now() % 1_000_000;
    const rnd = seededRandom(seed);
    for (let round = 0; round < ROUNDS; round++) {
      const kind = ROUND_KINDS[round % ROUND_KINDS.length] ?? "mixed";
      const day = dayOf(round);
      const writers = rnd.int(4, BATCHES);
      const target = rnd.pick(workerIds) ?? "";
      const booked = kind === "open" ? 0 : kind === "close" ? writers : rnd.int(1, writers - 1);
      const entries = await bookDay(day, batchIds.slice(0, booked), target);
      const others = workerIds.filter((w) => w !== target);
      const team = () => {
        // The worker alone or with others, either way round, so teams that overlap meet in both orders.
        const members = [target, ...others.slice(0, rnd.int(0, others.length))];
        return rnd.int(0, 1) === 1 ? members.reverse() : members;
      };
      const calls = Array.from({ length: writers }, (_, i): (() => Promise<unknown>) => {
        const entry = entries[i];
        if (entry) {
          const replacementQty = kind === "mixed" && rnd.int(0, 1) === 1 ? rnd.int(1, 9) : undefined;
          return () =>
            lead.workforce.correctPiecework({
              entryId: entry.id,
              replacementQty,
              reason: "数错了",
              idempotencyKey: key("day-correct"),
            });
        }
        const members = team();
        return () =>
          lead.workforce.enterPiecework({
            batchId: batchIds[i] ?? "",
            workDate: day,
            entries: members.map((workerId) => ({ workerId, qty: rnd.int(1, 9) })),
            idempotencyKey: key("day-enter"),
          });
      });
      const results = await Promise.all(calls.map((call) => settle(call)));
      const context = `seed ${seed}, round ${round} (${kind}, ${writers} writers, ${day}): ${JSON.stringify(
        results.map((r) => (r.ok ? "ok" : `${r.code} ${r.message}`)),
      )}`;
      expect(
        results.every((r) => r.ok),
        context,
      ).toBe(true);
      expect(await storedWorkerMonths(app), context).toEqual(await recomputedWorkerMonths(app));
    }
  });
});
