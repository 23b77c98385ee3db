import { sql } from "drizzle-orm";
import {
  boolean,
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
import { organisations, sites } from "./organisations";
import { regions } from "./regions";
import { workers } from "./workforce";

/** Piece rate (计件), day wage (日结, 零工) or month wage (月薪). */
export const jobPayKind = pgEnum("job_pay_kind", ["piece", "day", "month"]);
export const jobStatus = pgEnum("job_status", ["open", "closed"]);
export const jobApplicationStatus = pgEnum("job_application_status", ["new", "declined", "hired"]);

/**
 * An opening at one of a firm's sites, found by villagers with no account. Posted by the firm's own
 * lead or manager, or by an official of the region for a 就业之家 on the firm's behalf.
 */
export const jobPostings = pgTable(
  "job_postings",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    /** The site's township when posted: figures by township read it without a join. */
    regionCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    title: text().notNull(),
    payKind: jobPayKind().notNull(),
    payMinFen: integer().notNull(),
    payMaxFen: integer().notNull(),
    hours: text().notNull(),
    headcount: integer().notNull(),
    description: text(),
    status: jobStatus().notNull().default("open"),
    postedBy: text()
      .notNull()
      .references(() => user.id),
    /** Posted by an official (就业之家) on the firm's behalf. */
    postedByOfficial: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When hires first reached the headcount. */
    filledAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("job_postings_status_idx").on(t.status, t.createdAt),
    index("job_postings_org_idx").on(t.organisationId, t.createdAt),
    index("job_postings_region_idx").on(t.regionCode, t.createdAt),
  ],
);

/**
 * An application made with no account. Its phone is shown only to the poster and the region's
 * official; one that was not hired is deleted 90 days after it was made.
 */
export const jobApplications = pgTable(
  "job_applications",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Quoted by the applicant when calling. */
    reference: varchar({ length: 16 }).notNull().unique(),
    jobId: uuid()
      .notNull()
      .references(() => jobPostings.id),
    name: text().notNull(),
    phone: varchar({ length: 11 }).notNull(),
    villageCode: varchar({ length: 12 })
      .notNull()
      .references(() => regions.code),
    consentedAt: timestamp({ withTimezone: true }).notNull(),
    status: jobApplicationStatus().notNull().default("new"),
    workerId: uuid().references(() => workers.id),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: text().references(() => user.id),
    /** Keyed digest of the client address, only to limit applications per address. */
    addressDigest: varchar({ length: 64 }).notNull(),
    idempotencyKey: varchar({ length: 128 }).notNull().unique(),
    requestHash: varchar({ length: 64 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_applications_job_phone_idx").on(t.jobId, t.phone),
    index("job_applications_phone_idx").on(t.phone, t.createdAt),
    index("job_applications_address_idx").on(t.addressDigest, t.createdAt),
    index("job_applications_purge_idx").on(t.createdAt).where(sql`status <> 'hired'`),
  ],
);
