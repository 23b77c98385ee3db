ALTER TYPE "public"."region_level" ADD VALUE 'prefecture' BEFORE 'county';--> statement-breakpoint
ALTER TABLE "worker_months" ADD COLUMN "village_code" varchar(12);--> statement-breakpoint
-- Existing rollup rows take their worker's village, then the rollup is recomputed from the entries
-- in full, so it starts equal to the piecework whatever the earlier refreshes left behind.
DELETE FROM "worker_months";--> statement-breakpoint
INSERT INTO "worker_months" ("worker_id", "month", "workshop_id", "village_code", "qty", "earnings_fen", "days_worked")
  SELECT d."worker_id", date_trunc('month', d."work_date")::date, d."workshop_id", w."village_code", sum(d.q)::int,
    sum(d.e)::bigint, (count(*) FILTER (WHERE d.q > 0))::int
  FROM (SELECT "worker_id", "workshop_id", "work_date", sum("qty") AS q, sum("qty"::bigint * "piece_rate_fen") AS e
        FROM "piecework_entries" GROUP BY "worker_id", "workshop_id", "work_date") d
  JOIN "workers" w ON w."id" = d."worker_id"
  GROUP BY d."worker_id", d."workshop_id", w."village_code", date_trunc('month', d."work_date");--> statement-breakpoint
ALTER TABLE "worker_months" ALTER COLUMN "village_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_months" ADD CONSTRAINT "worker_months_village_code_regions_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worker_months_county_month_idx" ON "worker_months" USING btree (left("village_code", 6),"month");
