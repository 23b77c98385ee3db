CREATE TYPE "public"."wage_payment_method" AS ENUM('cash', 'bank', 'wechat', 'alipay');--> statement-breakpoint
ALTER TYPE "public"."user_role" ADD VALUE 'worker';--> statement-breakpoint
CREATE TABLE "piecework_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"entry_id" bigint NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reply" text,
	"correction_entry_id" bigint,
	"answered_at" timestamp with time zone,
	"answered_by" text
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" varchar(200) PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wage_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"month" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"method" "wage_payment_method" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_sign_in_codes" (
	"worker_id" uuid PRIMARY KEY NOT NULL,
	"code_digest" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "piecework_disputes" ADD CONSTRAINT "piecework_disputes_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_disputes" ADD CONSTRAINT "piecework_disputes_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_disputes" ADD CONSTRAINT "piecework_disputes_entry_id_piecework_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."piecework_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_disputes" ADD CONSTRAINT "piecework_disputes_correction_entry_id_piecework_entries_id_fk" FOREIGN KEY ("correction_entry_id") REFERENCES "public"."piecework_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "piecework_disputes" ADD CONSTRAINT "piecework_disputes_answered_by_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wage_payments" ADD CONSTRAINT "wage_payments_workshop_id_organisations_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wage_payments" ADD CONSTRAINT "wage_payments_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wage_payments" ADD CONSTRAINT "wage_payments_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_sign_in_codes" ADD CONSTRAINT "worker_sign_in_codes_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_sign_in_codes" ADD CONSTRAINT "worker_sign_in_codes_issued_by_user_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "piecework_disputes_workshop_idx" ON "piecework_disputes" USING btree ("workshop_id","created_at");--> statement-breakpoint
CREATE INDEX "piecework_disputes_worker_idx" ON "piecework_disputes" USING btree ("worker_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "piecework_disputes_open_idx" ON "piecework_disputes" USING btree ("entry_id") WHERE answered_at is null;--> statement-breakpoint
CREATE INDEX "wage_payments_worker_idx" ON "wage_payments" USING btree ("worker_id","month");--> statement-breakpoint
CREATE INDEX "wage_payments_workshop_idx" ON "wage_payments" USING btree ("workshop_id","month");--> statement-breakpoint
ALTER TABLE "workers" ADD CONSTRAINT "workers_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workers" ADD CONSTRAINT "workers_userId_unique" UNIQUE("user_id");