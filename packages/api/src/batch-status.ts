import type { Batch } from "@kitflow/db";
import {
  type BatchAction,
  type BatchProgress,
  type BatchStatus,
  canPerform,
  openStatus,
  RuleViolation,
  TERMINAL_STATUSES,
} from "@kitflow/domain";

/** Refuses an action the batch's state does not allow (CONFLICT). */
export function requireAction(batch: Batch, action: BatchAction): void {
  if (!canPerform(batch.status, action)) {
    const hint = action === "cancel" ? "; once anything has moved, close it with write-offs instead" : "";
    throw new RuleViolation("state", `batch ${batch.number} is ${batch.status}: cannot ${action}${hint}`, {
      reason: "batchState",
      params: { number: batch.number, status: batch.status, action },
    });
  }
}

/** The status an open batch moves to once its shipments show `progress`; null when it stays where it is. */
export function statusAfter(batch: Batch, progress: BatchProgress): BatchStatus | null {
  if (TERMINAL_STATUSES.has(batch.status)) return null;
  const next = openStatus(progress);
  return next === batch.status ? null : next;
}
