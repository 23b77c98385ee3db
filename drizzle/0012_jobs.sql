CREATE TYPE "public"."job_application_status" AS ENUM('new', 'declined', 'hired');--> statement-breakpoint
CREATE TYPE "public"."job_pay_kind" AS ENUM('piece', 'day', 'month');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "job_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" varchar(16) NOT NULL,
	"job_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" varchar(11) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"status" "job_application_status" DEFAULT 'new' NOT NULL,
	"worker_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"address_digest" varchar(64) NOT NULL,
	"idempotency_key" varchar(128) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_applications_reference_unique" UNIQUE("reference"),
	CONSTRAINT "job_applications_idempotencyKey_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "job_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"title" text NOT NULL,
	"pay_kind" "job_pay_kind" NOT NULL,
	"pay_min_fen" integer NOT NULL,
	"pay_max_fen" integer NOT NULL,
	"hours" text NOT NULL,
	"headcount" integer NOT NULL,
	"description" text,
	"status" "job_status" DEFAULT 'open' NOT NULL,
	"posted_by" text NOT NULL,
	"posted_by_official" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_job_id_job_postings_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."job_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_village_code_regions_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_posted_by_user_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_applications_job_phone_idx" ON "job_applications" USING btree ("job_id","phone");--> statement-breakpoint
CREATE INDEX "job_applications_phone_idx" ON "job_applications" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "job_applications_address_idx" ON "job_applications" USING btree ("address_digest","created_at");--> statement-breakpoint
CREATE INDEX "job_applications_purge_idx" ON "job_applications" USING btree ("created_at") WHERE status <> 'hired';--> statement-breakpoint
CREATE INDEX "job_postings_status_idx" ON "job_postings" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "job_postings_org_idx" ON "job_postings" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "job_postings_region_idx" ON "job_postings" USING btree ("region_code","created_at");