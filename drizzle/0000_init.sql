CREATE TYPE "public"."region_level" AS ENUM('county', 'township', 'village');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('factory', 'workshop', 'authority');--> statement-breakpoint
CREATE TYPE "public"."site_kind" AS ENUM('factory', 'workshop', 'service_point');--> statement-breakpoint
CREATE TYPE "public"."workshop_mode" AS ENUM('premises', 'home_based');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('factory_manager', 'workshop_lead', 'official', 'admin');--> statement-breakpoint
CREATE TYPE "public"."batch_status" AS ENUM('draft', 'dispatched', 'in_production', 'partially_returned', 'returned', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."trip_status" AS ENUM('planned', 'departed', 'arrived');--> statement-breakpoint
CREATE TYPE "public"."shipment_kind" AS ENUM('dispatch', 'return');--> statement-breakpoint
CREATE TYPE "public"."shipment_line_role" AS ENUM('component', 'unused', 'scrap');--> statement-breakpoint
CREATE TYPE "public"."shipment_status" AS ENUM('in_transit', 'received', 'inspected');--> statement-breakpoint
CREATE TYPE "public"."ledger_location" AS ENUM('factory', 'in_transit', 'workshop', 'consumed', 'scrapped', 'lost', 'returned_unused');--> statement-breakpoint
CREATE TYPE "public"."movement_kind" AS ENUM('dispatch', 'receipt', 'receipt_shortfall', 'consumption', 'scrap', 'return_unused', 'unused_received', 'unused_shortfall', 'tolerance_gain', 'write_off');--> statement-breakpoint
CREATE SEQUENCE "public"."batch_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."trip_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."shipment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" "region_level" NOT NULL,
	"parent_code" varchar(12),
	"lat" double precision,
	"lng" double precision,
	"point_approximate" boolean DEFAULT false NOT NULL,
	"point_source" text
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"workshop_mode" "workshop_mode",
	"daily_capacity" integer,
	"region_code" varchar(12),
	"contact_name" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"factory_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "site_kind" NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"region_code" varchar(12),
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"username" text,
	"display_username" text,
	"role" "user_role" NOT NULL,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email"),
	CONSTRAINT "user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bom_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"component_code" varchar(40) NOT NULL,
	"component_name" text NOT NULL,
	"unit" varchar(10) NOT NULL,
	"qty_per_unit" integer NOT NULL,
	"unit_cost_fen" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"factory_id" uuid NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"piece_rate_fen" integer NOT NULL,
	"reject_deduction_fen" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_kit_lines" (
	"batch_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"component_code" varchar(40) NOT NULL,
	"component_name" text NOT NULL,
	"unit" varchar(10) NOT NULL,
	"qty_per_unit" integer NOT NULL,
	"kit_qty" integer NOT NULL,
	"unit_cost_fen" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"factory_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"product_code" varchar(40) NOT NULL,
	"product_name" text NOT NULL,
	"piece_rate_fen" integer NOT NULL,
	"reject_deduction_fen" integer NOT NULL,
	"quantity" integer NOT NULL,
	"due_date" date,
	"allowance_bp" integer NOT NULL,
	"tolerance_bp" integer NOT NULL,
	"status" "batch_status" DEFAULT 'draft' NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"settlement_gross_fen" integer,
	"settlement_deduction_fen" integer,
	"settlement_net_fen" integer,
	CONSTRAINT "batches_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "trips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"factory_id" uuid NOT NULL,
	"planned_date" date NOT NULL,
	"vehicle_plate" text,
	"driver_name" text,
	"note" text,
	"status" "trip_status" DEFAULT 'planned' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"departed_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	CONSTRAINT "trips_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"shipment_id" uuid NOT NULL,
	"role" "shipment_line_role" NOT NULL,
	"component_code" varchar(40) NOT NULL,
	"qty" integer NOT NULL,
	"qty_received" integer,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"batch_id" uuid NOT NULL,
	"kind" "shipment_kind" NOT NULL,
	"status" "shipment_status" DEFAULT 'in_transit' NOT NULL,
	"trip_id" uuid,
	"good_qty" integer,
	"defective_qty" integer,
	"accepted_qty" integer,
	"rejected_qty" integer,
	"note" text,
	"receipt_note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_by" text,
	"received_at" timestamp with time zone,
	CONSTRAINT "shipments_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"component_code" varchar(40) NOT NULL,
	"kind" "movement_kind" NOT NULL,
	"from_location" "ledger_location" NOT NULL,
	"to_location" "ledger_location" NOT NULL,
	"qty" integer NOT NULL,
	"shipment_id" uuid,
	"reason" text,
	"idempotency_key" varchar(128) NOT NULL,
	"actor_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"organisation_id" uuid,
	"action" varchar(64) NOT NULL,
	"entity_type" varchar(32) NOT NULL,
	"entity_id" text NOT NULL,
	"idempotency_key" varchar(128),
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"user_id" text NOT NULL,
	"key" varchar(128) NOT NULL,
	"procedure" varchar(64) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_records_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_factory_id_organisations_id_fk" FOREIGN KEY ("factory_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user" ADD CONSTRAINT "user_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_lines" ADD CONSTRAINT "bom_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_factory_id_organisations_id_fk" FOREIGN KEY ("factory_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_kit_lines" ADD CONSTRAINT "batch_kit_lines_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_factory_id_organisations_id_fk" FOREIGN KEY ("factory_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trips" ADD CONSTRAINT "trips_factory_id_organisations_id_fk" FOREIGN KEY ("factory_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trips" ADD CONSTRAINT "trips_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_trip_id_trips_id_fk" FOREIGN KEY ("trip_id") REFERENCES "public"."trips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_received_by_user_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "partnerships_pair_idx" ON "partnerships" USING btree ("factory_id","workshop_id");--> statement-breakpoint
CREATE INDEX "partnerships_ws_idx" ON "partnerships" USING btree ("workshop_id");--> statement-breakpoint
CREATE INDEX "sites_org_idx" ON "sites" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "sites_region_idx" ON "sites" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "account_user_idx" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bom_lines_product_component_idx" ON "bom_lines" USING btree ("product_id","component_code");--> statement-breakpoint
CREATE UNIQUE INDEX "products_factory_code_idx" ON "products" USING btree ("factory_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "batch_kit_lines_pk" ON "batch_kit_lines" USING btree ("batch_id","component_code");--> statement-breakpoint
CREATE INDEX "batches_factory_idx" ON "batches" USING btree ("factory_id","created_at");--> statement-breakpoint
CREATE INDEX "batches_workshop_idx" ON "batches" USING btree ("workshop_id","created_at");--> statement-breakpoint
CREATE INDEX "batches_status_idx" ON "batches" USING btree ("status");--> statement-breakpoint
CREATE INDEX "trips_factory_idx" ON "trips" USING btree ("factory_id","planned_date");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_lines_pk" ON "shipment_lines" USING btree ("shipment_id","role","component_code");--> statement-breakpoint
CREATE INDEX "shipments_batch_idx" ON "shipments" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "shipments_trip_idx" ON "shipments" USING btree ("trip_id");--> statement-breakpoint
CREATE INDEX "shipments_status_idx" ON "shipments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ledger_batch_idx" ON "ledger_entries" USING btree ("batch_id","id");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("actor_user_id","at");