import {
  doublePrecision,
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
import { regions } from "./regions";

export const organisationKind = pgEnum("organisation_kind", ["factory", "workshop", "authority"]);
/** 厂房式 (premises) or 居家式 (home-based outwork) workshop. */
export const workshopMode = pgEnum("workshop_mode", ["premises", "home_based"]);
export const siteKind = pgEnum("site_kind", ["factory", "workshop", "service_point"]);

export const organisations = pgTable("organisations", {
  id: uuid().primaryKey().defaultRandom(),
  kind: organisationKind().notNull(),
  name: text().notNull(),
  shortName: text().notNull(),
  /** Workshops only. */
  workshopMode: workshopMode(),
  /** Workshops only: finished units a day the workshop can assemble. */
  dailyCapacity: integer(),
  /** Authorities oversee this region; others are located in it. */
  regionCode: varchar({ length: 12 }).references(() => regions.code),
  contactName: text(),
  contactPhone: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const sites = pgTable(
  "sites",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    kind: siteKind().notNull(),
    name: text().notNull(),
    address: text(),
    regionCode: varchar({ length: 12 }).references(() => regions.code),
    /** WGS-84. */
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
  },
  (t) => [index("sites_org_idx").on(t.organisationId), index("sites_region_idx").on(t.regionCode)],
);

/** Which workshops a factory sends work to. */
export const partnerships = pgTable(
  "partnerships",
  {
    factoryId: uuid()
      .notNull()
      .references(() => organisations.id),
    workshopId: uuid()
      .notNull()
      .references(() => organisations.id),
    since: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("partnerships_pair_idx").on(t.factoryId, t.workshopId),
    index("partnerships_ws_idx").on(t.workshopId),
  ],
);
