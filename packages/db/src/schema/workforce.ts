import type { MonitoringRules } from "@kitflow/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { batches } from "./batches";
import { organisations } from "./organisations";
import { regions } from "./regions";

/**
 * A workshop's roster (花名册). The identity number is never stored: only a keyed HMAC digest
 * (to find duplicates) and its last four digits (to tell people apart on paper).
 */
export const workers = pgTable(
  "workers",
  {
    id: uuid().primaryKey().defaultRandom(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    phone: varchar({ length: 20 }),
    villageCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    /** 脱贫人口: from a formerly poor household. */
    poorHousehold: boolean().notNull().default(false),
    /** 监测对象: a household monitored against falling back into poverty. */
    monitored: boolean().notNull().default(false),
    /** 残疾. */
    disabled: boolean().notNull().default(false),
    /** 返乡: came home from migrant work. */
    returnee: boolean().notNull().default(false),
    joinedOn: date({ mode: "string" }).notNull(),
    leftOn: date({ mode: "string" }),
    idNumberDigest: varchar({ length: 64 }),
    idNumberLast4: varchar({ length: 4 }),
    /** The worker's own account (role worker), made when the lead first issues a sign-in code. */
    userId: text()
      .unique()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("workers_workshop_idx").on(t.workshopId, t.name),
    index("workers_village_idx").on(t.villageCode),
    uniqueIndex("workers_workshop_identity_idx").on(t.workshopId, t.idNumberDigest),
  ],
);

/**
 * What each worker assembled, per batch and day. Append-only like the ledger: a correction is a
 * new entry with the opposite quantity that names the entry it reverses.
 */
export const pieceworkEntries = pgTable(
  "piecework_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    workerId: uuid()
      .notNull()
      .references(() => workers.id),
    batchId: uuid()
      .notNull()
      .references(() => batches.id),
    workDate: date({ mode: "string" }).notNull(),
    /** Negative only on a reversing entry. */
    qty: integer().notNull(),
    /** The batch's piece rate, copied so pay never depends on a later join. */
    pieceRateFen: integer().notNull(),
    reversesEntryId: bigint({ mode: "number" }),
    reason: text(),
    idempotencyKey: varchar({ length: 128 }).notNull(),
    actorUserId: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("piecework_batch_idx").on(t.batchId),
    index("piecework_worker_day_idx").on(t.workerId, t.workDate),
    index("piecework_workshop_day_idx").on(t.workshopId, t.workDate),
    index("piecework_day_idx").on(t.workDate),
    /** An entry is reversed at most once. */
    uniqueIndex("piecework_reverses_idx").on(t.reversesEntryId),
  ],
);

/**
 * Per worker and month, kept in step with piecework by the very statement that inserts it, so
 * employment figures for a county and quarter read a few thousand rows instead of a million
 * entries. A row is the worker's presence in the month (people are counted from these, never
 * summed from monthly counts) with the additive figures of that month. The worker's village is
 * copied so a county or a prefecture reads only its own rows; a move to another village moves the
 * rows in the same transaction.
 */
export const workerMonths = pgTable(
  "worker_months",
  {
    workerId: uuid()
      .notNull()
      .references(() => workers.id),
    /** First day of the month. */
    month: date({ mode: "string" }).notNull(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** The worker's village (workers.village_code), 12 digits: its first six are the county. */
    villageCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    qty: integer().notNull(),
    earningsFen: bigint({ mode: "number" }).notNull(),
    /** Days with a positive net quantity. */
    daysWorked: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workerId, t.month] }),
    index("worker_months_month_idx").on(t.month, t.workerId),
    index("worker_months_workshop_idx").on(t.workshopId, t.month),
    /**
     * A county's or a prefecture's months read from the index alone (an index-only scan): the
     * months are listed (one descent each), the county is a value or a range, and the columns the
     * figures read are keys too (drizzle has no INCLUDE).
     */
    index("worker_months_county_month_idx").on(
      t.month,
      sql`left(${t.villageCode}, 6)`,
      t.villageCode,
      t.workerId,
      t.qty,
      t.earningsFen,
      t.daysWorked,
    ),
  ],
);

/**
 * Per worker and quarter, kept in step with worker_months by the same statement: a quarter's people
 * are its rows with a month worked, one row each, so an official's quarter counts people without
 * gathering their months. Only the months with a positive net quantity count, as in the figures:
 * their earnings, their days and which of the quarter's three months they are (bit 0 the first).
 * The worker's roster fields the figures count by (workshop, village, 脱贫, 监测, joining day) are
 * copied and follow every change of the worker in the same transaction, so the figures read no roster.
 */
export const workerQuarters = pgTable(
  "worker_quarters",
  {
    workerId: uuid()
      .notNull()
      .references(() => workers.id),
    /** First day of the quarter. */
    quarter: date({ mode: "string" }).notNull(),
    /** As worker_months.village_code; moves with the worker. */
    villageCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    earningsFen: bigint({ mode: "number" }).notNull(),
    daysWorked: integer().notNull(),
    /** Bit i set: the quarter's i-th month (0–2) has a positive net quantity; 0 when none has. */
    monthsWorked: smallint().notNull(),
    /** The worker's roster fields (workers.workshop_id, poor_household, monitored, joined_on), as they are now. */
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    poorHousehold: boolean().notNull(),
    monitored: boolean().notNull(),
    joinedOn: date({ mode: "string" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workerId, t.quarter] }),
    /** A county's or a prefecture's quarter read from the index alone, as worker_months_county_month_idx. */
    index("worker_quarters_county_idx").on(
      t.quarter,
      sql`left(${t.villageCode}, 6)`,
      t.villageCode,
      t.workerId,
      t.monthsWorked,
      t.earningsFen,
      t.daysWorked,
      t.workshopId,
      t.poorHousehold,
      t.monitored,
      t.joinedOn,
    ),
  ],
);

/** Accident insurance (意外伤害保险) on file for a workshop; required for 就业帮扶车间 status. */
export const workshopInsurance = pgTable(
  "workshop_insurance",
  {
    id: uuid().primaryKey().defaultRandom(),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    insurer: text().notNull(),
    policyNumber: varchar({ length: 64 }).notNull(),
    coversFrom: date({ mode: "string" }).notNull(),
    coversTo: date({ mode: "string" }).notNull(),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("workshop_insurance_ws_idx").on(t.workshopId, t.coversTo)],
);

/**
 * Monitoring thresholds per county, versioned by the quarter they take effect (validated by
 * monitoringRulesSchema in @kitflow/domain). Append-only: a change is a new version, so every past
 * quarter is still judged by the rules that were in force then.
 */
export const monitoringRuleVersions = pgTable(
  "monitoring_rule_versions",
  {
    /** Saved order: the later of two versions for one quarter is the one in force. */
    id: bigserial({ mode: "number" }).primaryKey(),
    regionCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    /** The first day of the first quarter these rules govern. */
    effectiveFrom: date({ mode: "string" }).notNull(),
    rules: jsonb().$type<Partial<MonitoringRules>>().notNull(),
    /** Null for the rules the system was installed with. */
    createdBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("monitoring_rule_versions_region_idx").on(t.regionCode, t.effectiveFrom)],
);
