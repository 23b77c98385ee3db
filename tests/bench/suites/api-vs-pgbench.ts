import { randomBytes } from "node:crypto";
import { runBatchCycleLoad } from "../batch-cycle-load";
import { type BenchContext, childEnv } from "../context";
import { freePort } from "../free-port";
import { fixed } from "../latency";
import { headline, memoryLine, perStepLines, TARGETS } from "../load-report";
import { runPgbench } from "../pgbench";
import { sampleMemory } from "../process-stats";
import { floorLine, measureRequestFloor } from "../request-floor";
import { runCommand } from "../run-command";
import { REPO_ROOT, startServer } from "../server-process";

/**
 * Issue 3 item 8: kitflow's batch cycle over HTTP tRPC on PostgreSQL against pgbench's TPC-B-like
 * workload on the same server with the same client count and duration.
 */
export default async function run(ctx: BenchContext): Promise<void> {
  const warmupSeconds = Math.min(3, Math.max(1, Math.round(ctx.seconds / 5)));
  const kitflowDb = await ctx.createDatabase();
  const port = await freePort();
  // Production runs the built JavaScript; build it first (turbo skips this when nothing changed).
  await runCommand("npm", ["run", "build", "--silent"], { env: childEnv({}), cwd: REPO_ROOT });
  const server = await startServer({
    command: process.execPath,
    args: ["apps/server/dist/main.js"],
    port,
    env: childEnv({
      DATABASE_URL: kitflowDb.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      SIGNIN_RATE_LIMIT: "1000/60",
      // A fixed secret keeps the server from writing one into ./data.
      AUTH_SECRET: randomBytes(32).toString("hex"),
    }),
  });
  console.log(`server pid ${server.serverPid} healthy on Postgres after ${fixed(server.healthyAfterMs / 1000)} s`);

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
  ctx.report(memoryLine("api", rss));
}
