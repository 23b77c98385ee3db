import { z } from "zod";
import { componentCode, id, idempotencyKey, moneyFen, shortText, uniqueBy } from "./common";

export const bomLineInput = z.object({
  componentCode,
  componentName: shortText(100),
  unit: shortText(10),
  qtyPerUnit: z.number().int("must be a whole number").min(1, "must be at least 1").max(10_000),
  /** What one component costs the workshop when it is written off. */
  unitCostFen: moneyFen.default(0),
});

const productFields = {
  code: shortText(40).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' or '-' only"),
  name: shortText(100),
  pieceRateFen: moneyFen,
  rejectDeductionFen: moneyFen.default(0),
  bom: z
    .array(bomLineInput)
    .min(1, "a product needs at least one component")
    .max(100, "at most 100 components")
    .superRefine(uniqueBy((l) => l.componentCode, "component")),
};

export const createProductInput = z.object({ ...productFields, idempotencyKey: idempotencyKey.optional() });
export type CreateProductInput = z.infer<typeof createProductInput>;

export const updateProductInput = z.object({ id, ...productFields, idempotencyKey });
export type UpdateProductInput = z.infer<typeof updateProductInput>;
