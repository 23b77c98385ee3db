import { SHIPMENT_KINDS, SHIPMENT_STATUSES } from "@kitflow/domain";
import {
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
import { batches } from "./batches";
import { trips } from "./trips";

export const shipmentKind = pgEnum("shipment_kind", SHIPMENT_KINDS);
export const shipmentStatus = pgEnum("shipment_status", SHIPMENT_STATUSES);
/** component: kit sent out; unused: components sent back; scrap: reported, not carried. */
export const shipmentLineRole = pgEnum("shipment_line_role", ["component", "unused", "scrap"]);
export const shipmentNumberSeq = pgSequence("shipment_number_seq", { startWith: 1 });

export const shipments = pgTable(
  "shipments",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Delivery-note number printed on paper and encoded in its QR code. */
    number: varchar({ length: 32 }).notNull().unique(),
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    kind: shipmentKind().notNull(),
    status: shipmentStatus().notNull().default("in_transit"),
    tripId: uuid().references(() => trips.id),
    /** Returns only: finished units reported by the workshop. */
    goodQty: integer(),
    defectiveQty: integer(),
    /** Returns only: the factory's inspection verdict. */
    acceptedQty: integer(),
    rejectedQty: integer(),
    /** Returns only: 缺数 (on the note, not in the box) and 废品 (scrapped in inspection). */
    missingQty: integer(),
    scrappedQty: integer(),
    /** Rework (返工): units sent on a rework shipment, or rework units carried back on a return. */
    reworkQty: integer(),
    /** Rework shipments only: units the workshop counted on arrival; null until then. */
    reworkReceivedQty: integer(),
    note: text(),
    /** Dispatches only: set when the shipment is a replacement (补料) sent apart from the kit, saying why. */
    replacementReason: text(),
    receiptNote: text(),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    receivedBy: text().references(() => user.id),
    receivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("shipments_batch_idx").on(t.batchId),
    index("shipments_trip_idx").on(t.tripId),
    index("shipments_status_idx").on(t.status),
  ],
);

export const shipmentLines = pgTable(
  "shipment_lines",
  {
    shipmentId: uuid()
      .notNull()
      .references(() => shipments.id),
    role: shipmentLineRole().notNull(),
    componentCode: varchar({ length: 40 }).notNull(),
    qty: integer().notNull(),
    /** Counted by the receiver; null until then. */
    qtyReceived: integer(),
    reason: text(),
  },
  (t) => [uniqueIndex("shipment_lines_pk").on(t.shipmentId, t.role, t.componentCode)],
);
