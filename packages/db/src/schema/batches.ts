import { BATCH_STATUSES } from "@kitflow/domain";
import {
  date,
  index,
  integer,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { products } from "./catalog";
import { organisations } from "./organisations";

export const batchStatus = pgEnum("batch_status", BATCH_STATUSES);

/** Feeds the human-readable 外发单 number. */
export const batchNumberSeq = pgSequence("batch_number_seq", { startWith: 1 });

/** An assembly batch (外发单). Product terms are copied in so editing the product never rewrites it. */
export const batches = pgTable(
  "batches",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: varchar({ length: 32 }).notNull().unique(),
    factoryId: uuid()
      .notNull()
      .references(() => organisations.id),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    productCode: varchar({ length: 40 }).notNull(),
    productName: text().notNull(),
    pieceRateFen: integer().notNull(),
    rejectDeductionFen: integer().notNull(),
    quantity: integer().notNull(),
    dueDate: date({ mode: "string" }),
    /** Percent × 100, so 2.5 % is 250. */
    allowanceBp: integer().notNull(),
    toleranceBp: integer().notNull(),
    status: batchStatus().notNull().default("draft"),
    note: text(),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    settlementGrossFen: integer(),
    settlementDeductionFen: integer(),
    settlementNetFen: integer(),
  },
  (t) => [
    index("batches_factory_idx").on(t.factoryId, t.createdAt),
    index("batches_workshop_idx").on(t.workshopId, t.createdAt),
    index("batches_status_idx").on(t.status),
  ],
);

export const batchKitLines = pgTable(
  "batch_kit_lines",
  {
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    position: integer().notNull(),
    componentCode: varchar({ length: 40 }).notNull(),
    componentName: text().notNull(),
    unit: varchar({ length: 10 }).notNull(),
    qtyPerUnit: integer().notNull(),
    kitQty: integer().notNull(),
    unitCostFen: integer().notNull(),
  },
  (t) => [uniqueIndex("batch_kit_lines_pk").on(t.batchId, t.componentCode)],
);
