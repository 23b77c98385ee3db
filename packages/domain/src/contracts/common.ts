import { z } from "zod";
import { text } from "./text";

/** Client-generated; replaying it returns the first result (PRODUCT.md API contract). */
export const idempotencyKey = text({ min: 8, max: 128 });

export const id = z.uuid("must be a valid id");

/** Quantities are whole units; the ceiling keeps arithmetic far from float precision limits. */
export const MAX_QTY = 10_000_000;
export const quantity = z.number().int("must be a whole number").nonnegative("must not be negative").max(MAX_QTY);
/** `params.reason` lets the client word the issue (REASONS in ../errors.ts). */
export const mustBePositive = { message: "must be greater than 0", params: { reason: "mustBePositive" } };
export const positiveQuantity = quantity.refine((n) => n > 0, mustBePositive);

export const componentCode = z
  .string()
  .trim()
  .min(1, "required")
  .max(40, "at most 40 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' or '-' only");

export const shortText = (max: number) => text({ min: 1, max });
export const optionalText = (max: number) => text({ max }).optional();
/** A note typed in a text area: line breaks allowed. */
export const note = (max: number) => text({ max, multiLine: true }).optional();

/** Calendar date as YYYY-MM-DD (Asia/Shanghai day). */
export const isoDate = z.iso.date("must be a date YYYY-MM-DD");

export const moneyFen = z.number().int("must be whole fen").nonnegative("must not be negative").max(1_000_000_000);

export const qtyLine = z.object({ componentCode, qty: positiveQuantity });

/** Lines must name each component at most once so a count can never be split and double-booked. */
export function uniqueBy<T>(key: (item: T) => string, label: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({
          code: "custom",
          message: `${label} ${k} appears twice`,
          path: [i],
          params: { reason: "appearsTwice", value: k },
        });
      }
      seen.add(k);
    });
  };
}

export const qtyLines = (min: number) =>
  z
    .array(qtyLine)
    .min(min, min > 0 ? `at least ${min} line` : undefined)
    .max(200, "at most 200 lines")
    .superRefine(uniqueBy((l) => l.componentCode, "component"));
