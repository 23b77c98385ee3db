import { type SQL, sql } from "drizzle-orm";

/**
 * Human-readable document numbers such as WF202611-00042 (外发单), FH… (delivery note),
 * HS… (return note) and CC… (trip), drawn from a sequence so concurrent writers never collide.
 * An SQL expression for the insert itself, so numbering costs no statement of its own; the number
 * reaches the caller in the inserted row.
 */
export function documentNumber(prefix: string, sequence: string, now: Date): SQL<string> {
  const yyyymm = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  // nextval in FROM runs once; numbers past 99999 keep every digit.
  return sql<string>`(select ${`${prefix}${yyyymm}-`} || lpad(n::text, greatest(5, length(n::text)), '0')
    from nextval(${sequence}::regclass) as n)`;
}
