import { z } from "zod";
import {
  componentCode,
  id,
  idempotencyKey,
  mustBePositive,
  note,
  positiveQuantity,
  qtyLines,
  quantity,
  shortText,
  uniqueBy,
} from "./common";

/** A replacement (补料): why it is sent, and the workshop's request it answers, if any. */
export const replacementInput = z.object({
  reason: shortText(200),
  requestId: id.optional(),
});

/**
 * A dispatch names its lines, or a number of whole sets (套数) whose lines follow from the BOM; never both.
 * With `replacement` it is a 补料 sent apart from the kit.
 */
export const dispatchInput = z
  .object({
    batchId: id,
    lines: qtyLines(1).optional(),
    sets: positiveQuantity.optional(),
    replacement: replacementInput.optional(),
    tripId: id.optional(),
    idempotencyKey,
  })
  .superRefine((d, ctx) => {
    if ((d.lines === undefined) === (d.sets === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "give either lines or sets, not both",
        path: [d.lines === undefined ? "lines" : "sets"],
        params: { reason: "linesOrSets" },
      });
    }
  });
export type DispatchInput = z.infer<typeof dispatchInput>;

/** The workshop asks for a replacement (补料) of some components, from a receipt or a return, saying why. */
export const requestReplacementInput = z.object({
  batchId: id,
  /** The delivery or return the request was raised from, if any. */
  shipmentId: id.optional(),
  lines: qtyLines(1),
  reason: shortText(500),
  idempotencyKey,
});
export type RequestReplacementInput = z.infer<typeof requestReplacementInput>;

export const REPLACEMENT_REQUEST_STATUSES = ["open", "answered"] as const;
export type ReplacementRequestStatus = (typeof REPLACEMENT_REQUEST_STATUSES)[number];

export const listReplacementRequestsInput = z
  .object({
    batchId: id.optional(),
    status: z.enum(REPLACEMENT_REQUEST_STATUSES).optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50 });

export const confirmReceiptInput = z.object({
  shipmentId: id,
  lines: z
    .array(z.object({ componentCode, qtyReceived: quantity }))
    .max(200)
    .superRefine(uniqueBy((l) => l.componentCode, "component")),
  note: note(1000),
  idempotencyKey,
});
export type ConfirmReceiptInput = z.infer<typeof confirmReceiptInput>;

export const scrapLine = z.object({
  componentCode,
  qty: quantity.refine((n) => n > 0, mustBePositive),
  reason: shortText(200),
});

export const createReturnInput = z
  .object({
    batchId: id,
    goodQty: quantity,
    defectiveQty: quantity,
    /** Reworked units (返工件) coming back, apart from the new units made from the kit (good + defective). */
    reworkQty: quantity.default(0),
    unused: qtyLines(0).default([]),
    scrap: z
      .array(scrapLine)
      .max(200)
      .superRefine(uniqueBy((l) => l.componentCode, "component"))
      .default([]),
    tripId: id.optional(),
    note: note(1000),
    idempotencyKey,
  })
  .refine((r) => r.goodQty + r.defectiveQty + r.reworkQty + r.unused.length + r.scrap.length > 0, {
    message: "a return must carry finished units, unused components or scrap",
    path: ["goodQty"],
    params: { reason: "emptyReturn" },
  });
export type CreateReturnInput = z.infer<typeof createReturnInput>;

/**
 * The factory's verdict on every unit of a return, as 委外 systems record it: 正品 (accepted), 次品
 * (rejected), 缺数 (on the return note but not in the box) and 废品 (scrapped in inspection).
 */
export const inspectReturnInput = z.object({
  shipmentId: id,
  acceptedQty: quantity,
  rejectedQty: quantity,
  missingQty: quantity.default(0),
  scrappedQty: quantity.default(0),
  unusedReceived: qtyLines(0).default([]),
  note: note(1000),
  idempotencyKey,
});
export type InspectReturnInput = z.infer<typeof inspectReturnInput>;

/** Rejected units sent back to the workshop for rework (返工). */
export const dispatchReworkInput = z.object({
  batchId: id,
  qty: positiveQuantity,
  tripId: id.optional(),
  note: note(1000),
  idempotencyKey,
});
export type DispatchReworkInput = z.infer<typeof dispatchReworkInput>;

/** The lead counts the rework units that arrived; fewer than sent needs a note. */
export const receiveReworkInput = z.object({
  shipmentId: id,
  qtyReceived: quantity,
  note: note(1000),
  idempotencyKey,
});
export type ReceiveReworkInput = z.infer<typeof receiveReworkInput>;

export const getShipmentInput = z.object({ id });
export const listShipmentsInput = z
  .object({
    batchId: id.optional(),
    pending: z.boolean().optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50 });

/** rework: rejected finished units going back to the workshop (返工), received like a dispatch. */
export const SHIPMENT_KINDS = ["dispatch", "return", "rework"] as const;
export type ShipmentKind = (typeof SHIPMENT_KINDS)[number];
export const SHIPMENT_STATUSES = ["in_transit", "received", "inspected"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
