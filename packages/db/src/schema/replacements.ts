import { REPLACEMENT_REQUEST_STATUSES } from "@kitflow/domain";
import { index, jsonb, pgEnum, pgSequence, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { batches } from "./batches";
import { shipments } from "./shipments";

export const replacementRequestStatus = pgEnum("replacement_request_status", REPLACEMENT_REQUEST_STATUSES);
export const replacementRequestNumberSeq = pgSequence("replacement_request_number_seq", { startWith: 1 });

/**
 * A workshop's request for a replacement (补料): components lost or broken that it needs to finish the
 * batch, with the reason. It stays open until the factory sends a replacement that answers it.
 */
export const replacementRequests = pgTable(
  "replacement_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: varchar({ length: 32 }).notNull().unique(),
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    /** The delivery or return the lead raised it from. */
    shipmentId: uuid().references(() => shipments.id),
    lines: jsonb().$type<{ componentCode: string; qty: number }[]>().notNull(),
    reason: text().notNull(),
    status: replacementRequestStatus().notNull().default("open"),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The replacement dispatch that answered it. */
    answeredByShipmentId: uuid().references(() => shipments.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("replacement_requests_batch_idx").on(t.batchId, t.status)],
);
