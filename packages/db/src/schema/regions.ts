import { boolean, doublePrecision, index, pgEnum, pgTable, text, varchar } from "drizzle-orm/pg-core";

/** A prefecture (地级市) is coded by its four digits (3607), the prefix of its counties' codes. */
export const regionLevel = pgEnum("region_level", ["prefecture", "county", "township", "village"]);

/** Administrative units (GB/T 2260 county codes, 9-digit townships, 12-digit villages). */
export const regions = pgTable(
  "regions",
  {
    code: varchar({ length: 12 }).primaryKey(),
    name: text().notNull(),
    level: regionLevel().notNull(),
    parentCode: varchar({ length: 12 }),
    /** WGS-84; display layers convert to GCJ-02 only when a Gaode base map is shown. */
    lat: doublePrecision(),
    lng: doublePrecision(),
    /** Village points are placed around the township centre, not surveyed. */
    pointApproximate: boolean().notNull().default(false),
    pointSource: text(),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode)],
);
