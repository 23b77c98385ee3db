import { probeOperationCosts, runBatchCycleLoad } from "../batch-cycle-load";
import type { BenchContext } from "../context";
import { startBuiltServer } from "../kitflow-server";
import { fixed } from "../latency";
import { headline, memoryLine, operationCostRows, perStepLines, TARGETS } from "../load-report";
import { runPgbench } from "../pgbench";
import { sampleMemory } from "../process-stats";
import { floorLine, measureRequestFloor } from "../request-floor";
import { floorLines, measureStackFloors } from "../stack-floors";

/**
 * kitflow's batch cycle over HTTP tRPC on PostgreSQL against pgbench's TPC-B-like
 * workload on the same server with the same client count and duration.
 */
export default async function run(ctx: BenchContext): Promise<void> {
  const warmupSeconds = Math.min(3, Math.max(1, Math.round(ctx.seconds / 5)));
  const kitflowDb = await ctx.createDatabase();
  // Production runs the built JavaScript, with the node flags `npm start` uses, so the memory measured is production's.
  const server = await startBuiltServer(kitflowDb.url);
  console.log(`server pid ${server.serverPid} healthy on Postgres after ${fixed(server.healthyAfterMs / 1000)} s`);
  // One client alone, so every statement and CPU millisecond is the call's own.
  const costs = await probeOperationCosts({ baseUrl: server.url, cycles: 10 });
  for (const [step, c] of costs) {
    ctx.report(
      `  ${step.padEnd(26)} ${fixed(c.statements, 1).padStart(5)} statements  ${fixed(c.cpuMs, 2).padStart(6)} ms server CPU (1 client)`,
    );
  }

  const memory = sampleMemory(server.serverPid);
  let api: Awaited<ReturnType<typeof runBatchCycleLoad>>;
  let rss: ReturnType<typeof memory.stop>;
  let floor: Awaited<ReturnType<typeof measureRequestFloor>>;
  try {
    console.log(`driving ${ctx.clients} clients: ${warmupSeconds} s warm-up, then ${ctx.seconds} s measured`);
    api = await runBatchCycleLoad({
      baseUrl: server.url,
      serverPid: server.serverPid,
      clients: ctx.clients,
      seconds: ctx.seconds,
      warmupSeconds,
    });
    rss = memory.stop();
    floor = await measureRequestFloor({
      baseUrl: server.url,
      serverPid: server.serverPid,
      clients: ctx.clients,
      seconds: Math.min(5, ctx.seconds),
    });
  } finally {
    rss = memory.stop();
    // pgbench gets the machine to itself, as kitflow had.
    await server.stop();
    await kitflowDb.drop();
  }

  // With the machine to itself again, what the stack costs before kitflow's own work.
  const floorsDb = await ctx.createDatabase();
  let floors: Awaited<ReturnType<typeof measureStackFloors>>;
  try {
    floors = await measureStackFloors({ databaseUrl: floorsDb.url, seconds: Math.min(5, ctx.seconds) });
  } finally {
    await floorsDb.drop();
  }
  for (const line of floorLines(floors, costs)) ctx.report(line);

  const pgbenchDb = await ctx.createDatabase();
  let tps: number;
  let pgLatency: number | undefined;
  try {
    console.log(`pgbench -i -s 10, then -c ${ctx.clients} -j 2 -T ${ctx.seconds} -n`);
    ({ tps, latencyAverageMs: pgLatency } = await runPgbench(pgbenchDb.url, {
      clients: ctx.clients,
      seconds: ctx.seconds,
    }));
  } finally {
    await pgbenchDb.drop();
  }

  const ratio = api.opsPerSecond / tps;
  ctx.report(
    `${headline("api", api)}  | pgbench tps ${fixed(tps)} (avg ${fixed(pgLatency ?? Number.NaN, 2)} ms)  ratio ${fixed(ratio, 2)} (target ≥ ${TARGETS.ratio}: ${ratio >= TARGETS.ratio ? "ok" : "MISSED"})`,
  );
  for (const line of perStepLines(api)) ctx.report(line);
  ctx.report(floorLine("api", ctx.clients, floor));
  ctx.report(memoryLine("api", rss, TARGETS.rssMbPostgres));
  ctx.target({
    what: `batch cycle over HTTP on PostgreSQL ÷ pgbench TPS (${ctx.clients} clients)`,
    figure: `${fixed(ratio, 3)} (${fixed(api.opsPerSecond)} ops/s ÷ ${fixed(tps)} tps)`,
    target: `≥ ${TARGETS.ratio}`,
    met: ratio >= TARGETS.ratio,
  });
  ctx.target({
    what: "batch cycle p99 per call",
    figure: `${fixed(api.overall.p99)} ms`,
    target: `< ${TARGETS.p99Ms} ms`,
    met: api.overall.p99 < TARGETS.p99Ms,
  });
  ctx.target({
    what: `server CPU per call under load (${ctx.clients} clients)`,
    figure: `${fixed(api.serverCpuMsPerOp, 2)} ms`,
    target: `≤ ${TARGETS.cpuMsPerOp} ms`,
    met: api.serverCpuMsPerOp <= TARGETS.cpuMsPerOp,
  });
  for (const row of operationCostRows(costs)) ctx.target(row);
  ctx.target({
    what: "peak RSS under the bench, PostgreSQL",
    figure: `${fixed(rss.sampledPeakMb)} MB (lifetime ${fixed(rss.lifetimePeakMb)} MB)`,
    target: `< ${TARGETS.rssMbPostgres} MB`,
    met: rss.lifetimePeakMb < TARGETS.rssMbPostgres,
  });
}
