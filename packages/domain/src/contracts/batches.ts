import { z } from "zod";
import { BATCH_STATUSES } from "../batch-status";
import { CLOSE_CHOICES, DEFAULT_CLOSE_CHOICE, WRITE_OFF_CHOICES } from "../close-preview";
import { componentCode, id, idempotencyKey, isoDate, note, qtyLine, shortText, uniqueBy } from "./common";
import { text } from "./text";

export const createBatchInput = z.object({
  workshopId: id,
  productId: id,
  quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000),
  dueDate: isoDate.optional(),
  /** Spare components sent on top of the exact need, in percent. */
  allowancePct: z.number().min(0, "must not be negative").max(50, "at most 50").multipleOf(0.01).default(2),
  /** Shortfall on a return booked as gain rather than refused, in percent of the kit. */
  tolerancePct: z.number().min(0, "must not be negative").max(10, "at most 10").multipleOf(0.01).default(1),
  note: note(500),
  idempotencyKey,
});
export type CreateBatchInput = z.infer<typeof createBatchInput>;

export const listBatchesInput = z
  .object({
    status: z.enum(BATCH_STATUSES).optional(),
    workshopId: id.optional(),
    cursor: text({ max: 200 }).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });

export const getBatchInput = z.object({ id });

/**
 * A component left at the workshop written off at close: at the factory's own cost ("write_off") or
 * charged to the workshop at the component's cost ("charge", the default).
 */
export const writeOff = qtyLine.extend({
  reason: shortText(200),
  choice: z.enum(WRITE_OFF_CHOICES).default(DEFAULT_CLOSE_CHOICE),
});

/**
 * Finished units the workshop lost (缺数, rework lost on the way): charged to the workshop at the cost of
 * one set of components per unit ("charge", the default) or borne by the factory ("write_off").
 */
const missingUnitsChoice = z.enum(WRITE_OFF_CHOICES);

export const closeBatchInput = z.object({
  id,
  writeOffs: z
    .array(writeOff)
    .max(200)
    .superRefine(uniqueBy((l) => l.componentCode, "component"))
    .default([]),
  missingUnitsChoice: missingUnitsChoice.default(DEFAULT_CLOSE_CHOICE),
  idempotencyKey,
});
export type CloseBatchInput = z.infer<typeof closeBatchInput>;

/** The manager's choice per component left at the workshop and for lost units; anything not named is charged. */
export const closePreviewInput = z.object({
  id,
  choices: z
    .array(z.object({ componentCode, choice: z.enum(CLOSE_CHOICES) }))
    .max(200)
    .superRefine(uniqueBy((c) => c.componentCode, "component"))
    .optional(),
  missingUnitsChoice: missingUnitsChoice.optional(),
});

export const cancelBatchInput = z.object({ id, reason: shortText(500), idempotencyKey });
