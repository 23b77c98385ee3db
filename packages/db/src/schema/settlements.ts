import { bigint, date, index, integer, pgTable, serial, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { batches } from "./batches";
import { organisations } from "./organisations";
import { wagePaymentMethod } from "./worker-access";

/**
 * Every deduction a batch's close booked, with its cause (rejected units, components charged to the
 * workshop), so a settlement explains each fen. Written once at close, never changed (append-only).
 */
export const batchDeductions = pgTable(
  "batch_deductions",
  {
    id: serial().primaryKey(),
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    cause: varchar({ length: 40 }).notNull(),
    /** The component charged; null for rejected finished units. */
    componentCode: varchar({ length: 40 }),
    qty: integer().notNull(),
    unitFen: integer().notNull(),
    amountFen: bigint({ mode: "number" }).notNull(),
  },
  (t) => [index("batch_deductions_batch_idx").on(t.batchId)],
);

/** What a factory paid a partner workshop (付款), as its manager records it. Append-only. */
export const settlementPayments = pgTable(
  "settlement_payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    factoryId: uuid()
      .notNull()
      .references(() => organisations.id),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    amountFen: bigint({ mode: "number" }).notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    method: wagePaymentMethod().notNull(),
    reference: text(),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("settlement_payments_pair_idx").on(t.factoryId, t.workshopId, t.paidOn),
    index("settlement_payments_workshop_idx").on(t.workshopId, t.paidOn),
  ],
);
