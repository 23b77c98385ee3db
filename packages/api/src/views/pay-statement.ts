import { batchesForPiecework, type Executor, getOrganisation, pieceLines } from "@kitflow/db";
import { monthEnd, payStatement } from "@kitflow/domain";

/**
 * One worker's month as the printed statement shows it: quantity × piece rate per batch, days
 * worked, total. The lead's statement and the worker's own pay page are this one query.
 */
export async function monthStatement(db: Executor, workshopId: string, workerId: string, month: string) {
  const from = `${month}-01`;
  const lines = await pieceLines(db, workshopId, { from, to: monthEnd(from) }, workerId);
  const statement = payStatement(lines);
  const [batchRows, workshop] = await Promise.all([
    batchesForPiecework(
      db,
      workshopId,
      statement.byBatch.map((b) => b.batchId),
    ),
    getOrganisation(db, workshopId),
  ]);
  const batchOf = new Map(batchRows.map((b) => [b.id, b]));
  return {
    month,
    workshop: { id: workshopId, name: workshop?.name ?? "", shortName: workshop?.shortName ?? "" },
    lines: statement.byBatch.map((b) => ({
      ...b,
      batchNumber: batchOf.get(b.batchId)?.number ?? "",
      productName: batchOf.get(b.batchId)?.productName ?? "",
    })),
    daysWorked: statement.daysWorked,
    totalQty: statement.totalQty,
    totalFen: statement.totalFen,
  };
}
