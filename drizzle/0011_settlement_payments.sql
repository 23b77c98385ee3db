CREATE TABLE "batch_deductions" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"cause" varchar(40) NOT NULL,
	"component_code" varchar(40),
	"qty" integer NOT NULL,
	"unit_fen" integer NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"factory_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"method" "wage_payment_method" NOT NULL,
	"reference" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batch_deductions" ADD CONSTRAINT "batch_deductions_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payments" ADD CONSTRAINT "settlement_payments_factory_id_organisations_id_fk" FOREIGN KEY ("factory_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payments" ADD CONSTRAINT "settlement_payments_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payments" ADD CONSTRAINT "settlement_payments_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_deductions_batch_idx" ON "batch_deductions" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "settlement_payments_pair_idx" ON "settlement_payments" USING btree ("factory_id","workshop_id","paid_on");--> statement-breakpoint
CREATE INDEX "settlement_payments_workshop_idx" ON "settlement_payments" USING btree ("workshop_id","paid_on");
--> statement-breakpoint
ALTER TABLE "settlement_payments" ADD CONSTRAINT "settlement_payments_amount_positive" CHECK ("amount_fen" > 0);--> statement-breakpoint
-- Deductions booked at close and payments are records of money: append-only like the ledger.
CREATE OR REPLACE FUNCTION settlement_records_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER batch_deductions_append_only
  BEFORE UPDATE OR DELETE ON batch_deductions
  FOR EACH ROW EXECUTE FUNCTION settlement_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER batch_deductions_no_truncate
  BEFORE TRUNCATE ON batch_deductions
  FOR EACH STATEMENT EXECUTE FUNCTION settlement_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER settlement_payments_append_only
  BEFORE UPDATE OR DELETE ON settlement_payments
  FOR EACH ROW EXECUTE FUNCTION settlement_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER settlement_payments_no_truncate
  BEFORE TRUNCATE ON settlement_payments
  FOR EACH STATEMENT EXECUTE FUNCTION settlement_records_refuse_change();
