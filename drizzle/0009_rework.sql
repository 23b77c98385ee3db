ALTER TYPE "public"."movement_kind" ADD VALUE 'units_missing';--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'rework_lost';--> statement-breakpoint
ALTER TYPE "public"."shipment_kind" ADD VALUE 'rework';--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "missing_qty" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "scrapped_qty" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "rework_qty" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "rework_received_qty" integer;--> statement-breakpoint
-- Returns inspected before 缺数 and 废品 were recorded had none of either.
UPDATE "shipments" SET "missing_qty" = 0, "scrapped_qty" = 0 WHERE "kind" = 'return' AND "accepted_qty" IS NOT NULL;
