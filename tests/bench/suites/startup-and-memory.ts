import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBatchCycleLoad } from "../batch-cycle-load";
import { onCleanup } from "../cleanup";
import { type BenchContext, childEnv } from "../context";
import { freePort } from "../free-port";
import { fixed } from "../latency";
import { headline, memoryLine, perStepLines, TARGETS } from "../load-report";
import { sampleMemory } from "../process-stats";
import { runCommand } from "../run-command";
import { REPO_ROOT, type ServerProcess, startServer } from "../server-process";

function startupLine(what: string, server: ServerProcess): string {
  const seconds = server.healthyAfterMs / 1000;
  const selfTimed = /\((?:PGlite|PostgreSQL)[^)]*, (\d+) ms\)/.exec(server.output())?.[1];
  const verdict = seconds < TARGETS.startupSeconds ? "ok" : "MISSED";
  return `${"startup".padEnd(8)} npm start → healthy ${fixed(seconds, 2).padStart(6)} s (target < ${TARGETS.startupSeconds} s: ${verdict})  ${what}; server's own start ${selfTimed ?? "?"} ms`;
}

/**
 * What a new user meets: `npm start` on an empty data directory (embedded PGlite; migrations and
 * the demo seed included, the turbo build cached) until /healthz answers, then a short load on
 * PGlite to see its throughput and the server's memory; then a restart on the now-filled data
 * directory, the start every later run sees.
 */
export default async function run(ctx: BenchContext): Promise<void> {
  const clients = Math.min(4, ctx.clients);
  const seconds = Math.min(10, ctx.seconds);
  const dataDir = mkdtempSync(join(tmpdir(), "kitflow-bench-"));
  const removeDataDir = onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
  try {
    // The target holds "once built": build first, so the timed start finds turbo's cache warm.
    console.log("npm run build (turbo; cached after the first time)");
    await runCommand("npm", ["run", "build", "--silent"], { env: childEnv({}), cwd: REPO_ROOT });
    const port = await freePort();
    const start = () =>
      startServer({
        command: "npm",
        args: ["start"],
        port,
        env: childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SIGNIN_RATE_LIMIT: "1000/60" }),
        timeoutMs: 300_000,
      });
    const server = await start();
    ctx.report(startupLine("empty data directory (migrate + demo seed)", server));
    ctx.target({
      what: "npm start → healthy, empty data directory, demo included",
      figure: `${fixed(server.healthyAfterMs / 1000, 2)} s (${/start: .*/.exec(server.output())?.[0] ?? "no phases printed"})`,
      target: `< ${TARGETS.startupSeconds} s`,
      met: server.healthyAfterMs / 1000 < TARGETS.startupSeconds,
    });

    const memory = sampleMemory(server.serverPid);
    try {
      console.log(`driving ${clients} clients on PGlite: 2 s warm-up, then ${seconds} s measured`);
      const load = await runBatchCycleLoad({
        baseUrl: server.url,
        serverPid: server.serverPid,
        clients,
        seconds,
        warmupSeconds: 2,
      });
      const rss = memory.stop();
      ctx.report(headline("pglite", load));
      for (const line of perStepLines(load)) ctx.report(line);
      ctx.report(memoryLine("pglite", rss, TARGETS.rssMbPglite));
      ctx.target({
        what: "peak RSS under the bench, embedded store (first start + load)",
        figure: `${fixed(rss.sampledPeakMb)} MB under load (lifetime ${fixed(rss.lifetimePeakMb)} MB)`,
        target: `< ${TARGETS.rssMbPglite} MB`,
        met: rss.lifetimePeakMb < TARGETS.rssMbPglite,
      });
    } finally {
      memory.stop();
      await server.stop();
    }

    // Every start after the first finds the data directory ready: the everyday case.
    const restarted = await start();
    try {
      ctx.report(startupLine("existing data directory", restarted));
      const idle = sampleMemory(restarted.serverPid).stop();
      ctx.report(`${"restart".padEnd(8)} server RSS idle after restart ${fixed(idle.startMb).padStart(6)} MB`);
    } finally {
      await restarted.stop();
    }
  } finally {
    await removeDataDir();
  }
}
