CREATE TYPE "public"."replacement_request_status" AS ENUM('open', 'answered');--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'replacement' BEFORE 'receipt';--> statement-breakpoint
CREATE SEQUENCE "public"."replacement_request_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "replacement_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"batch_id" uuid NOT NULL,
	"shipment_id" uuid,
	"lines" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" "replacement_request_status" DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_by_shipment_id" uuid,
	"answered_at" timestamp with time zone,
	CONSTRAINT "replacement_requests_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "replacement_reason" text;--> statement-breakpoint
ALTER TABLE "replacement_requests" ADD CONSTRAINT "replacement_requests_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_requests" ADD CONSTRAINT "replacement_requests_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_requests" ADD CONSTRAINT "replacement_requests_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_requests" ADD CONSTRAINT "replacement_requests_answered_by_shipment_id_shipments_id_fk" FOREIGN KEY ("answered_by_shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replacement_requests_batch_idx" ON "replacement_requests" USING btree ("batch_id","status");