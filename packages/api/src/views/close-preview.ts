import { type Batch, batchShipmentFacts, type Executor, pieceworkEnteredForBatch } from "@kitflow/db";
import { type CloseChoice, planClosePreview, type WriteOffChoice } from "@kitflow/domain";
import { batchBalances, batchKit } from "./batch-view";

/**
 * What closing the batch would do, read in the caller's transaction: `batches.closePreview` returns it
 * and `batches.close` books it, so what the manager was shown is what is booked.
 */
export async function closePreviewOf(
  db: Executor,
  batch: Batch,
  choices?: readonly { componentCode: string; choice: CloseChoice }[],
  missingUnitsChoice?: WriteOffChoice,
) {
  const kit = await batchKit(db, batch.id);
  const [balances, facts, pieceworkEntered] = await Promise.all([
    batchBalances(db, batch.id, kit),
    batchShipmentFacts(db, batch),
    pieceworkEnteredForBatch(db, batch.id),
  ]);
  const preview = planClosePreview({
    ordered: batch.quantity,
    finished: facts.finished,
    balances,
    kit,
    pieceRateFen: batch.pieceRateFen,
    rejectDeductionFen: batch.rejectDeductionFen,
    pieceworkEntered,
    choices,
    missingUnitsChoice,
  });
  return { preview, balances, kit };
}
