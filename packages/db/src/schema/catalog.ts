import { integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    factoryId: uuid()
      .notNull()
      .references(() => organisations.id),
    code: varchar({ length: 40 }).notNull(),
    name: text().notNull(),
    /** Piece rate paid to the workshop per accepted unit, in fen. */
    pieceRateFen: integer().notNull(),
    rejectDeductionFen: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("products_factory_code_idx").on(t.factoryId, t.code)],
);

export const bomLines = pgTable(
  "bom_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    componentCode: varchar({ length: 40 }).notNull(),
    componentName: text().notNull(),
    unit: varchar({ length: 10 }).notNull(),
    qtyPerUnit: integer().notNull(),
    unitCostFen: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("bom_lines_product_component_idx").on(t.productId, t.componentCode)],
);
