import { rowsOf, WORKER_MONTHS_FROM_ENTRIES, workerQuartersFrom } from "@kitflow/db";
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

export interface WorkerQuarterRow {
  worker_id: string;
  quarter: string;
  village_code: string;
  earnings_fen: string;
  days_worked: number;
  months_worked: number;
  workshop_id: string;
  poor_household: boolean;
  monitored: boolean;
  joined_on: string;
}

const QUARTER_COLUMNS = sql.raw(`worker_id::text, to_char(quarter, 'YYYY-MM-DD') as quarter, village_code,
  earnings_fen::text, days_worked, months_worked, workshop_id::text, poor_household, monitored,
  to_char(joined_on, 'YYYY-MM-DD') as joined_on`);
const QUARTER_ORDER = sql.raw("order by worker_id, quarter");

/** The worker-quarter rollup as stored, row by row. */
export async function storedWorkerQuarters(app: TestApp): Promise<WorkerQuarterRow[]> {
  return rowsOf<WorkerQuarterRow>(
    await app.handle.db.execute(sql`select ${QUARTER_COLUMNS} from worker_quarters ${QUARTER_ORDER}`),
  );
}

/** The quarter rollup recomputed from the entries and the roster: what the stored rows must equal. */
export async function recomputedWorkerQuarters(app: TestApp): Promise<WorkerQuarterRow[]> {
  return rowsOf<WorkerQuarterRow>(
    await app.handle.db.execute(
      sql`select ${QUARTER_COLUMNS} from (${workerQuartersFrom(WORKER_MONTHS_FROM_ENTRIES)}) q ${QUARTER_ORDER}`,
    ),
  );
}
