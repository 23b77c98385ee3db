import { describe, expect, it } from "vitest";
import type { QueuedMutation } from "../offline/queue";
import { previewPiecework, queuedPiecework } from "./piecework-preview";

function queued(key: string, batchId: string, qtys: number[], extra: Partial<QueuedMutation> = {}): QueuedMutation {
  return {
    key,
    path: "workforce.enterPiecework",
    input: { batchId, workDate: "2026-11-30", entries: qtys.map((qty, i) => ({ workerId: `w${i}`, qty })) },
    userId: "lead",
    summary: {},
    queuedAt: 1,
    attempts: 0,
    nextAttemptAt: 0,
    state: "pending",
    ...extra,
  };
}

describe("piecework preview", () => {
  it("counts the days waiting on the phone per batch, only the lead's own and only pending ones", () => {
    const entries = [
      queued("k1", "b1", [30, 20]),
      queued("k2", "b1", [5]),
      queued("k3", "b2", [7]),
      queued("k4", "b1", [100], { state: "failed" }),
      queued("k5", "b1", [100], { userId: "someone else" }),
      { ...queued("k6", "b1", [100]), path: "shipments.createReturn" as const },
    ];
    expect(queuedPiecework(entries, "lead")).toEqual(
      new Map([
        ["b1", 55],
        ["b2", 7],
      ]),
    );
  });

  it("takes what is queued off the headroom and flags a day above it", () => {
    const batch = { id: "b1", ceiling: 800, entered: 480 };
    expect(previewPiecework(batch, 0, 320)).toEqual({ headroom: 320, over: false });
    expect(previewPiecework(batch, 55, 320)).toEqual({ headroom: 265, over: true });
    expect(previewPiecework({ ...batch, entered: 900 }, 0, 1)).toEqual({ headroom: 0, over: true });
  });
});
