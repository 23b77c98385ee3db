import { type Database, purgeApplicationsBefore } from "@kitflow/db";
import { applicationPurgeCutoff } from "@kitflow/domain";

export interface PurgeSchedule {
  /** The clock the 90 days are measured on; tests pass their own. */
  now?: () => Date;
  /** How often the purge runs; every hour by default. */
  everyMs?: number;
  log?: (line: string) => void;
}

/** Deletes the job applications that were not hired and are older than the retention period, once. */
export async function purgeExpiredApplications(db: Database, now: Date): Promise<number> {
  return purgeApplicationsBefore(db, applicationPurgeCutoff(now));
}

/**
 * Runs the purge inside the server: once at start, then on a timer. A failed run (the database away for
 * a moment) is logged and the next run tries again. Returns the function that stops it, waiting for a run
 * in progress.
 */
export function scheduleApplicationPurge(db: Database, schedule: PurgeSchedule = {}): () => Promise<void> {
  const now = schedule.now ?? (() => new Date());
  const log = schedule.log ?? ((line: string) => console.log(line));
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = purgeExpiredApplications(db, now()).then(
      (deleted) => {
        if (deleted > 0) log(`job applications: deleted ${deleted} not hired after 90 days`);
      },
      (error: unknown) => log(`job applications: purge failed (${(error as Error).message}); retrying later`),
    );
  };
  run();
  const timer = setInterval(run, schedule.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
