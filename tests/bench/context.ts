import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { onCleanup } from "./cleanup";

/** What every suite in tests/bench/suites receives. */
export interface BenchContext {
  /** A PostgreSQL server the bench may create and drop databases on. */
  adminUrl: string;
  /** A new, empty database on that server; drop() removes it (also done automatically at the end of the run). */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  /** Concurrent clients the load suites use (BENCH_CLIENTS, default 8). */
  clients: number;
  /** Measured seconds per load run (BENCH_SECONDS, default 15). */
  seconds: number;
  /** Prints a result line now and repeats it in the summary at the end of the run. */
  report(line: string): void;
  /** A figure with a performance target: printed at the end of the run in one table, never asserted. */
  target(row: TargetRow): void;
}

export interface TargetRow {
  what: string;
  /** The figure as printed, with its unit; "not measured" when the suite could not take it. */
  figure: string;
  target: string;
  /** undefined: not measured. */
  met: boolean | undefined;
}

// The bench reads its own knobs here and nowhere else, next to TEST_DATABASE_URL as tests/support does.
const env = process.env;

function positiveInt(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

/** BENCH_ONLY=name (or a comma-separated list) runs only those suites. */
export function onlySuites(): string[] | undefined {
  const raw = env.BENCH_ONLY?.trim();
  return raw ? raw.split(",").map((s) => s.trim().replace(/\.ts$/, "")) : undefined;
}

/**
 * The environment for a child process (a kitflow server, pgbench): the caller's PATH and the like,
 * without any store settings from the caller's shell, so a child uses exactly the store given here.
 */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, PORT: _port, AUTH_SECRET: _secret, ...rest } = env;
  return { ...rest, ...overrides };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function createDatabaseOn(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kitflow_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const drop = onCleanup(async () => {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
  return { url: withDatabase(adminUrl, name), drop };
}

export function createBenchContext(report: (line: string) => void, target: (row: TargetRow) => void): BenchContext {
  const adminUrl = env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  return {
    adminUrl,
    createDatabase: () => createDatabaseOn(adminUrl),
    clients: positiveInt("BENCH_CLIENTS", 8),
    seconds: positiveInt("BENCH_SECONDS", 15),
    report,
    target,
  };
}
