/** Piece pay in integer fen: quantity × the batch's piece rate, never a float. */

export interface PieceLine {
  batchId: string;
  workDate: string;
  /** Negative on a reversing entry. */
  qty: number;
  pieceRateFen: number;
}

export interface BatchPay {
  batchId: string;
  qty: number;
  pieceRateFen: number;
  amountFen: number;
}

export interface PayStatement {
  byBatch: BatchPay[];
  /** Days with a positive net quantity: a day fully reversed was not worked. */
  daysWorked: number;
  totalQty: number;
  totalFen: number;
}

export function pieceAmountFen(qty: number, pieceRateFen: number): number {
  if (!Number.isInteger(qty) || !Number.isInteger(pieceRateFen)) throw new RangeError("qty and rate must be integers");
  return qty * pieceRateFen;
}

export function payStatement(lines: readonly PieceLine[]): PayStatement {
  const byBatch = new Map<string, BatchPay>();
  const byDay = new Map<string, number>();
  for (const line of lines) {
    const key = `${line.batchId}:${line.pieceRateFen}`;
    const pay = byBatch.get(key) ?? { batchId: line.batchId, qty: 0, pieceRateFen: line.pieceRateFen, amountFen: 0 };
    pay.qty += line.qty;
    pay.amountFen += pieceAmountFen(line.qty, line.pieceRateFen);
    byBatch.set(key, pay);
    byDay.set(line.workDate, (byDay.get(line.workDate) ?? 0) + line.qty);
  }
  const batches = [...byBatch.values()].filter((b) => b.qty !== 0);
  return {
    byBatch: batches,
    daysWorked: [...byDay.values()].filter((q) => q > 0).length,
    totalQty: batches.reduce((s, b) => s + b.qty, 0),
    totalFen: batches.reduce((s, b) => s + b.amountFen, 0),
  };
}
