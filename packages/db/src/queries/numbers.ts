import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { rowsOf } from "./rows";

/**
 * Human-readable document numbers such as WF202611-00042 (外发单), FH… (delivery note),
 * HS… (return note) and CC… (trip), drawn from a sequence so concurrent writers never collide.
 */
export async function documentNumber(tx: Executor, prefix: string, sequence: string, now: Date): Promise<string> {
  const [row] = rowsOf<{ n: string | number }>(await tx.execute(sql`select nextval(${sequence}::regclass) as n`));
  const yyyymm = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  return `${prefix}${yyyymm}-${String(row?.n ?? 0).padStart(5, "0")}`;
}
