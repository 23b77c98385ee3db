import { rowsOf as dbRowsOf } from "@kitflow/db";

/** The rows of a raw `db.execute` result as plain records, whichever driver (PGlite or postgres.js) ran it. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return dbRowsOf<Record<string, unknown>>(result);
}
