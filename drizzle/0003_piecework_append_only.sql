-- Piecework is append-only like the ledger: corrections are reversing entries, never updates or deletes.
CREATE OR REPLACE FUNCTION piecework_entries_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'piecework_entries is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER piecework_entries_append_only
  BEFORE UPDATE OR DELETE ON piecework_entries
  FOR EACH ROW EXECUTE FUNCTION piecework_entries_refuse_change();
