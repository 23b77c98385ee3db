import { TRIP_STATUSES } from "@kitflow/domain";
import { date, index, pgEnum, pgSequence, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { organisations } from "./organisations";

export const tripStatus = pgEnum("trip_status", TRIP_STATUSES);
export const tripNumberSeq = pgSequence("trip_number_seq", { startWith: 1 });

/** One truck run; it may carry kits out and finished goods back for several batches and workshops. */
export const trips = pgTable(
  "trips",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: varchar({ length: 32 }).notNull().unique(),
    factoryId: uuid()
      .notNull()
      .references(() => organisations.id),
    plannedDate: date({ mode: "string" }).notNull(),
    vehiclePlate: text(),
    driverName: text(),
    note: text(),
    status: tripStatus().notNull().default("planned"),
    createdBy: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    departedAt: timestamp({ withTimezone: true }),
    arrivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("trips_factory_idx").on(t.factoryId, t.plannedDate)],
);
