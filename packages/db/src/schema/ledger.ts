import { LOCATIONS, MOVEMENT_ROUTES, type MovementKind } from "@kitflow/domain";
import { bigserial, index, integer, pgEnum, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { batches } from "./batches";
import { shipments } from "./shipments";

export const ledgerLocation = pgEnum("ledger_location", LOCATIONS);
export const movementKind = pgEnum("movement_kind", Object.keys(MOVEMENT_ROUTES) as [MovementKind, ...MovementKind[]]);

/**
 * Append-only component movements. A trigger in the migrations refuses UPDATE and DELETE;
 * corrections are new entries.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    componentCode: varchar({ length: 40 }).notNull(),
    kind: movementKind().notNull(),
    fromLocation: ledgerLocation().notNull(),
    toLocation: ledgerLocation().notNull(),
    qty: integer().notNull(),
    shipmentId: uuid().references(() => shipments.id),
    reason: text(),
    idempotencyKey: varchar({ length: 128 }).notNull(),
    actorUserId: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_batch_idx").on(t.batchId, t.id)],
);
