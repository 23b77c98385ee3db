/** Batch (外发单) lifecycle of PRODUCT.md. */
export const BATCH_STATUSES = [
  "draft",
  "dispatched",
  "in_production",
  "partially_returned",
  "returned",
  "closed",
  "cancelled",
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<BatchStatus> = new Set(["closed", "cancelled"]);

/** Facts about a batch that decide its open status; terminal states are set by close/cancel only. */
export interface BatchProgress {
  ordered: number;
  dispatchShipments: number;
  confirmedDispatches: number;
  /** good + defective finished units reported on returns. */
  finishedReturned: number;
}

export function openStatus(progress: BatchProgress): Exclude<BatchStatus, "closed" | "cancelled"> {
  if (progress.dispatchShipments === 0) return "draft";
  if (progress.finishedReturned >= progress.ordered) return "returned";
  if (progress.finishedReturned > 0) return "partially_returned";
  if (progress.confirmedDispatches > 0) return "in_production";
  return "dispatched";
}

export type BatchAction =
  | "dispatch"
  | "confirmReceipt"
  | "createReturn"
  | "inspectReturn"
  | "enterPiecework"
  | "requestReplacement"
  | "dispatchRework"
  | "receiveRework"
  | "close"
  | "cancel";

const ALLOWED: Record<BatchAction, readonly BatchStatus[]> = {
  dispatch: ["draft", "dispatched", "in_production", "partially_returned"],
  confirmReceipt: ["dispatched", "in_production", "partially_returned", "returned"],
  createReturn: ["dispatched", "in_production", "partially_returned", "returned"],
  // A return created while the first delivery is still unconfirmed (tolerance-booked unused parts) must stay inspectable.
  inspectReturn: ["dispatched", "in_production", "partially_returned", "returned"],
  // A day's piecework goes in while the batch is in production, before anything is returned (the cap keeps it
  // within what was received); once closed, only corrections may change it.
  enterPiecework: ["dispatched", "in_production", "partially_returned", "returned"],
  // 补料 is asked for while the workshop still has work to finish; it is sent as a dispatch.
  requestReplacement: ["dispatched", "in_production", "partially_returned"],
  close: ["dispatched", "in_production", "partially_returned", "returned"],
  // Rejected units exist only once something was returned; a batch returned in full may still send some back.
  dispatchRework: ["partially_returned", "returned"],
  receiveRework: ["partially_returned", "returned"],
  // Cancel is only for a batch where nothing has moved yet; later it is closed with write-offs.
  cancel: ["draft"],
};

/** The statuses a batch may have for an action, e.g. to list the batches it applies to. */
export function statusesAllowing(action: BatchAction): readonly BatchStatus[] {
  return ALLOWED[action];
}

export function canPerform(status: BatchStatus, action: BatchAction): boolean {
  return ALLOWED[action].includes(status);
}
