import { pieceworkHeadroom } from "@kitflow/domain";
import { type QueuedMutation, waitingToSend } from "../offline/queue";

/** The figures of a batch the quick entry shows, as pieceworkBatches returns them. */
export interface PieceworkBatchFigures {
  id: string;
  /** Most piecework the components received allow. */
  ceiling: number;
  /** Piecework the server has booked (net of corrections). */
  entered: number;
}

/** Units of piecework per batch still waiting on this phone to be sent (failed ones are not counted: the server refused them). */
export function queuedPiecework(entries: readonly QueuedMutation[], userId: string): Map<string, number> {
  const byBatch = new Map<string, number>();
  for (const { input } of waitingToSend<{ batchId: string; entries: { qty: number }[] }>(
    entries,
    userId,
    "workforce.enterPiecework",
  )) {
    const units = input.entries.reduce((s, l) => s + l.qty, 0);
    byBatch.set(input.batchId, (byBatch.get(input.batchId) ?? 0) + units);
  }
  return byBatch;
}

export interface PieceworkPreview {
  /** What may still be entered, with what waits on the phone counted as entered. */
  headroom: number;
  /** The day being typed would pass the ceiling: the server would refuse it. */
  over: boolean;
}

/** The same cap the server enforces (domain pieceworkHeadroom), previewed before sending. */
export function previewPiecework(batch: PieceworkBatchFigures, queued: number, typing: number): PieceworkPreview {
  const headroom = pieceworkHeadroom(batch.ceiling, batch.entered + queued);
  return { headroom, over: typing > headroom };
}
