import { childEnv } from "./context";
import { runCommand } from "./run-command";

/**
 * pgbench's built-in TPC-B-like workload (five statements per transaction: three updates, a
 * select and an insert) on the same PostgreSQL server: the yardstick the API's throughput is compared against.
 */

export interface PgbenchResult {
  tps: number;
  latencyAverageMs: number | undefined;
}

/** libpq reads these, so the URL's credentials never appear on a command line. */
function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: u.hostname || "127.0.0.1",
    PGPORT: u.port || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, "")),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

function pgbench(url: string, args: string[]): Promise<string> {
  return runCommand("pgbench", args, { env: childEnv(libpqEnv(url)) });
}

/** `pgbench -i -s <scale>` then `pgbench -c <clients> -j 2 -T <seconds> -n` on the given (fresh) database. */
export async function runPgbench(
  url: string,
  options: { clients: number; seconds: number; scale?: number },
): Promise<PgbenchResult> {
  await pgbench(url, ["-i", "-q", "-s", String(options.scale ?? 10)]);
  const threads = Math.min(2, options.clients);
  const output = await pgbench(url, [
    "-c",
    String(options.clients),
    "-j",
    String(threads),
    "-T",
    String(options.seconds),
    "-n",
  ]);
  const tps = /^tps = ([\d.]+)/m.exec(output)?.[1];
  if (tps === undefined) throw new Error(`no "tps = …" in pgbench output:\n${output}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(output)?.[1];
  return { tps: Number(tps), latencyAverageMs: latency === undefined ? undefined : Number(latency) };
}
