CREATE TABLE "worker_quarters" (
	"worker_id" uuid NOT NULL,
	"quarter" date NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"earnings_fen" bigint NOT NULL,
	"days_worked" integer NOT NULL,
	"months_worked" smallint NOT NULL,
	"workshop_id" uuid NOT NULL,
	"poor_household" boolean NOT NULL,
	"monitored" boolean NOT NULL,
	"joined_on" date NOT NULL,
	CONSTRAINT "worker_quarters_worker_id_quarter_pk" PRIMARY KEY("worker_id","quarter")
);
--> statement-breakpoint
DROP INDEX "worker_months_county_month_idx";--> statement-breakpoint
ALTER TABLE "worker_quarters" ADD CONSTRAINT "worker_quarters_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_quarters" ADD CONSTRAINT "worker_quarters_village_code_regions_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_quarters" ADD CONSTRAINT "worker_quarters_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worker_quarters_county_idx" ON "worker_quarters" USING btree ("quarter",left("village_code", 6),"village_code","worker_id","months_worked","earnings_fen","days_worked","workshop_id","poor_household","monitored","joined_on");--> statement-breakpoint
CREATE INDEX "worker_months_county_month_idx" ON "worker_months" USING btree ("month",left("village_code", 6),"village_code","worker_id","qty","earnings_fen","days_worked");--> statement-breakpoint
-- The quarters start equal to the months they gather (0013 made the months equal to the entries):
-- only months with a positive net quantity count, each setting its bit of the quarter; the roster
-- fields are the worker's.
INSERT INTO "worker_quarters" ("worker_id", "quarter", "village_code", "earnings_fen", "days_worked", "months_worked",
    "workshop_id", "poor_household", "monitored", "joined_on")
  SELECT m."worker_id", date_trunc('quarter', m."month")::date, m."village_code",
    coalesce(sum(m."earnings_fen") FILTER (WHERE m."qty" > 0), 0)::bigint,
    coalesce(sum(m."days_worked") FILTER (WHERE m."qty" > 0), 0)::int,
    coalesce(sum(1 << ((extract(month FROM m."month")::int - 1) % 3)) FILTER (WHERE m."qty" > 0), 0)::smallint,
    w."workshop_id", w."poor_household", w."monitored", w."joined_on"
  FROM "worker_months" m JOIN "workers" w ON w."id" = m."worker_id"
  GROUP BY m."worker_id", date_trunc('quarter', m."month"), m."village_code",
    w."workshop_id", w."poor_household", w."monitored", w."joined_on";
