CREATE TABLE "monitoring_rule_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"effective_from" date NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_rule_versions" ADD CONSTRAINT "monitoring_rule_versions_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_rule_versions" ADD CONSTRAINT "monitoring_rule_versions_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_rule_versions_region_idx" ON "monitoring_rule_versions" USING btree ("region_code","effective_from");--> statement-breakpoint
-- The rules stored so far become each county's first version, in force from 2021 (before any quarter kitflow holds).
INSERT INTO "monitoring_rule_versions" ("region_code", "effective_from", "rules", "created_by", "created_at")
  SELECT "region_code", DATE '2021-01-01', "rules", NULL, "updated_at" FROM "monitoring_rules"
  WHERE char_length("region_code") = 6
  ORDER BY "region_code";
--> statement-breakpoint
DROP TABLE "monitoring_rules" CASCADE;
--> statement-breakpoint
-- Rule versions are history: a change is a new version, never an update or a delete.
CREATE OR REPLACE FUNCTION monitoring_rule_versions_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'monitoring_rule_versions is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER monitoring_rule_versions_append_only
  BEFORE UPDATE OR DELETE ON monitoring_rule_versions
  FOR EACH ROW EXECUTE FUNCTION monitoring_rule_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER monitoring_rule_versions_no_truncate
  BEFORE TRUNCATE ON monitoring_rule_versions
  FOR EACH STATEMENT EXECUTE FUNCTION monitoring_rule_versions_refuse_change();
