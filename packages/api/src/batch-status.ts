import { type Batch, batchShipmentFacts, type Executor, setBatchStatus } from "@kitflow/db";
import { type BatchAction, canPerform, openStatus, RuleViolation, TERMINAL_STATUSES } from "@kitflow/domain";

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

/** Moves an open batch to the status its shipments now imply. */
export async function refreshBatchStatus(tx: Executor, batch: Batch): Promise<void> {
  if (TERMINAL_STATUSES.has(batch.status)) return;
  const { progress } = await batchShipmentFacts(tx, batch);
  const next = openStatus(progress);
  if (next !== batch.status) await setBatchStatus(tx, batch.id, next);
}
