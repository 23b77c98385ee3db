import { rowsOf, WORKER_MONTHS_FROM_ENTRIES } from "@kitflow/db";
import { sql } from "drizzle-orm";
import type { TestApp } from "./app";

export interface WorkerMonthRow {
  worker_id: string;
  month: string;
  workshop_id: string;
  village_code: string;
  qty: number;
  earnings_fen: string;
  days_worked: number;
}

const COLUMNS = sql.raw(`worker_id::text, to_char(month, 'YYYY-MM-DD') as month, workshop_id::text, village_code, qty,
  earnings_fen::text, days_worked`);
const ROW_ORDER = sql.raw("order by worker_id, month");

/** The worker-month rollup as stored, row by row. */
export async function storedWorkerMonths(app: TestApp): Promise<WorkerMonthRow[]> {
  return rowsOf<WorkerMonthRow>(await app.handle.db.execute(sql`select ${COLUMNS} from worker_months ${ROW_ORDER}`));
}

/** The rollup recomputed from the piecework entries: what the stored rows must equal. */
export async function recomputedWorkerMonths(app: TestApp): Promise<WorkerMonthRow[]> {
  return rowsOf<WorkerMonthRow>(
    await app.handle.db.execute(sql`select ${COLUMNS} from (${WORKER_MONTHS_FROM_ENTRIES}) r ${ROW_ORDER}`),
  );
}
