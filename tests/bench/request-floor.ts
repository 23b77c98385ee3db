import { keepAliveAgent, TrpcHttpClient } from "./http-client";
import { fixed, type LatencySummary, summarise } from "./latency";
import { cpuSeconds } from "./process-stats";

/**
 * The cost every authenticated call pays before any business logic: HTTP, tRPC, and resolving
 * the session behind the bearer token. Measured with `auth.me`, the cheapest signed-in query, so
 * the cycle's per-operation figures can be read against it.
 */
export interface FloorResult {
  opsPerSecond: number;
  latency: LatencySummary;
  serverCpuMsPerOp: number;
}

export async function measureRequestFloor(options: {
  baseUrl: string;
  serverPid: number;
  clients: number;
  seconds: number;
}): Promise<FloorResult> {
  const agent = keepAliveAgent(options.clients + 1);
  try {
    const anonymous = new TrpcHttpClient(options.baseUrl, agent);
    const { token } = await anonymous.mutation<{ token: string }>("auth.signIn", {
      username: "factory.jhb",
      password: "kitflow-demo",
    });
    const client = anonymous.as(token);
    for (let i = 0; i < 50; i++) await client.query("auth.me");
    const samples: number[] = [];
    const cpuStart = cpuSeconds(options.serverPid);
    const started = performance.now();
    const until = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          await client.query("auth.me");
          samples.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(options.serverPid) - cpuStart;
    return {
      opsPerSecond: samples.length / elapsed,
      latency: summarise(samples),
      serverCpuMsPerOp: (cpu * 1000) / samples.length,
    };
  } finally {
    agent.destroy();
  }
}

export function floorLine(label: string, clients: number, f: FloorResult): string {
  return `${label.padEnd(8)} ${String(clients).padStart(2)} clients  auth.me floor: ops/s ${fixed(f.opsPerSecond).padStart(7)}  p50 ${fixed(f.latency.p50).padStart(6)} ms  p99 ${fixed(f.latency.p99).padStart(6)} ms  server CPU ${fixed(f.serverCpuMsPerOp, 2)} ms/request`;
}
