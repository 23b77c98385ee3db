-- TRUNCATE bypasses row triggers; refuse it too, so the append-only tables can only grow.
CREATE TRIGGER ledger_entries_no_truncate
  BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_refuse_change();
--> statement-breakpoint
CREATE TRIGGER piecework_entries_no_truncate
  BEFORE TRUNCATE ON piecework_entries
  FOR EACH STATEMENT EXECUTE FUNCTION piecework_entries_refuse_change();
