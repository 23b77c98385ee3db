import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { user } from "./auth";

/** A replayed mutation returns `response`; the same key with another request is a conflict. */
export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    userId: text()
      .notNull()
      .references(() => user.id),
    key: varchar({ length: 128 }).notNull(),
    procedure: varchar({ length: 64 }).notNull(),
    requestHash: varchar({ length: 64 }).notNull(),
    response: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Who did what, when: one row per successful mutation, written in the same transaction. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: text().references(() => user.id),
    organisationId: uuid(),
    action: varchar({ length: 64 }).notNull(),
    entityType: varchar({ length: 32 }).notNull(),
    entityId: text().notNull(),
    idempotencyKey: varchar({ length: 128 }),
    detail: jsonb(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId), index("audit_actor_idx").on(t.actorUserId, t.at)],
);
