ALTER TYPE "public"."ledger_location" ADD VALUE 'surplus';--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'receipt_surplus' BEFORE 'consumption';