import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { organisations } from "./organisations";
import { pieceworkEntries, workers } from "./workforce";

/**
 * The one sign-in code a worker may use, issued by its lead. Only a keyed digest is stored; a new
 * code replaces the old one (one row per worker) and signing in deletes it, so it works once.
 */
export const workerSignInCodes = pgTable("worker_sign_in_codes", {
  workerId: uuid()
    .primaryKey()
    .references(() => workers.id),
  codeDigest: varchar({ length: 64 }).notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  issuedBy: text()
    .notNull()
    .references(() => user.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Failed worker sign-ins per phone and per client address in the current window. Kept in the
 * database, not in memory, so every server process counts the same attempts.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  /** "phone:<11 digits>" or "address:<client ip>". */
  key: varchar({ length: 200 }).primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  failures: integer().notNull(),
});

/** A worker's question about one of its piecework entries, answered by a reply or a correction. */
export const pieceworkDisputes = pgTable(
  "piecework_disputes",
  {
    id: uuid().primaryKey().defaultRandom(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    workerId: uuid()
      .notNull()
      .references(() => workers.id),
    entryId: bigint({ mode: "number" })
      .notNull()
      .references(() => pieceworkEntries.id),
    note: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reply: text(),
    /** The reversing entry that corrected the disputed one, when the answer was a correction. */
    correctionEntryId: bigint({ mode: "number" }).references(() => pieceworkEntries.id),
    answeredAt: timestamp({ withTimezone: true }),
    answeredBy: text().references(() => user.id),
  },
  (t) => [
    index("piecework_disputes_workshop_idx").on(t.workshopId, t.createdAt),
    index("piecework_disputes_worker_idx").on(t.workerId, t.createdAt),
    /** One open question per entry: asking again waits for the answer. */
    uniqueIndex("piecework_disputes_open_idx").on(t.entryId).where(sql`answered_at is null`),
  ],
);

export const wagePaymentMethod = pgEnum("wage_payment_method", ["cash", "bank", "wechat", "alipay"]);

/** Wages the workshop paid a worker for a month (发工资), as the lead records them. */
export const wagePayments = pgTable(
  "wage_payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    workerId: uuid()
      .notNull()
      .references(() => workers.id),
    /** First day of the month the wages are for. */
    month: date({ mode: "string" }).notNull(),
    amountFen: bigint({ mode: "number" }).notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    method: wagePaymentMethod().notNull(),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("wage_payments_worker_idx").on(t.workerId, t.month),
    index("wage_payments_workshop_idx").on(t.workshopId, t.month),
  ],
);
