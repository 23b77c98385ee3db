import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { CASING, type Executor } from "./client";

/** The stores' own dialect settings, so SQL built here reads as theirs would. */
const dialect = new PgDialect({ casing: CASING });

/**
 * A statement whose text never changes: built from drizzle's `sql` once, on first use, then run with fresh
 * values on whichever database or transaction is given. drizzle otherwise rebuilds the text from its chunks on
 * every call, which costs more CPU than PostgreSQL's own work for the short statements every request runs (the
 * session check, the idempotency answer). Values go in by name through `sql.placeholder(name)`.
 *
 * The answer is what `db.execute` gives for the same SQL: the store's rows (read them with `rowsOf`).
 */
export function fixedStatement<V extends Record<string, unknown>>(build: () => SQL) {
  let query: ReturnType<PgDialect["sqlToQuery"]> | undefined;
  return (executor: Executor, values: V): Promise<unknown> => {
    query ??= dialect.sqlToQuery(build());
    return executor._.session.prepareQuery(query, undefined, undefined, false).execute(values);
  };
}
