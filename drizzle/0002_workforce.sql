CREATE TABLE "monitoring_rules" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "piecework_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workshop_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"qty" integer NOT NULL,
	"piece_rate_fen" integer NOT NULL,
	"reverses_entry_id" bigint,
	"reason" text,
	"idempotency_key" varchar(128) NOT NULL,
	"actor_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_months" (
	"worker_id" uuid NOT NULL,
	"month" date NOT NULL,
	"workshop_id" uuid NOT NULL,
	"qty" integer NOT NULL,
	"earnings_fen" bigint NOT NULL,
	"days_worked" integer NOT NULL,
	CONSTRAINT "worker_months_worker_id_month_pk" PRIMARY KEY("worker_id","month")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" varchar(20),
	"village_code" varchar(12) NOT NULL,
	"poor_household" boolean DEFAULT false NOT NULL,
	"monitored" boolean DEFAULT false NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"returnee" boolean DEFAULT false NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"id_number_digest" varchar(64),
	"id_number_last4" varchar(4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_insurance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"insurer" text NOT NULL,
	"policy_number" varchar(64) NOT NULL,
	"covers_from" date NOT NULL,
	"covers_to" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_rules" ADD CONSTRAINT "monitoring_rules_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_entries" ADD CONSTRAINT "piecework_entries_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_entries" ADD CONSTRAINT "piecework_entries_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_entries" ADD CONSTRAINT "piecework_entries_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_entries" ADD CONSTRAINT "piecework_entries_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_months" ADD CONSTRAINT "worker_months_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_months" ADD CONSTRAINT "worker_months_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workers" ADD CONSTRAINT "workers_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workers" ADD CONSTRAINT "workers_village_code_regions_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_insurance" ADD CONSTRAINT "workshop_insurance_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_insurance" ADD CONSTRAINT "workshop_insurance_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "piecework_batch_idx" ON "piecework_entries" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "piecework_worker_day_idx" ON "piecework_entries" USING btree ("worker_id","work_date");--> statement-breakpoint
CREATE INDEX "piecework_workshop_day_idx" ON "piecework_entries" USING btree ("workshop_id","work_date");--> statement-breakpoint
CREATE INDEX "piecework_day_idx" ON "piecework_entries" USING btree ("work_date");--> statement-breakpoint
CREATE UNIQUE INDEX "piecework_reverses_idx" ON "piecework_entries" USING btree ("reverses_entry_id");--> statement-breakpoint
CREATE INDEX "worker_months_month_idx" ON "worker_months" USING btree ("month","worker_id");--> statement-breakpoint
CREATE INDEX "worker_months_workshop_idx" ON "worker_months" USING btree ("workshop_id","month");--> statement-breakpoint
CREATE INDEX "workers_workshop_idx" ON "workers" USING btree ("workshop_id","name");--> statement-breakpoint
CREATE INDEX "workers_village_idx" ON "workers" USING btree ("village_code");--> statement-breakpoint
CREATE UNIQUE INDEX "workers_workshop_identity_idx" ON "workers" USING btree ("workshop_id","id_number_digest");--> statement-breakpoint
CREATE INDEX "workshop_insurance_ws_idx" ON "workshop_insurance" USING btree ("workshop_id","covers_to");