import postgres from "postgres";
import type { OperationCost } from "./batch-cycle-load";
import { childEnv } from "./context";
import { freePort } from "./free-port";
import { keepAliveAgent, TrpcHttpClient } from "./http-client";
import { fixed } from "./latency";
import { TARGETS } from "./load-report";
import { cpuSeconds } from "./process-stats";
import { SERVER_NODE_FLAGS, startServer } from "./server-process";

/**
 * What the stack itself costs before kitflow does anything, on this machine, one client at a time:
 * a request to node:http that answers a constant, a tRPC query that returns a constant (no context, no
 * session, no database), and one postgres.js statement round trip. A call of n statements cannot cost less
 * than tRPC + n statements, so these put the CPU-per-operation budget in proportion.
 */
export interface StackFloors {
  httpCpuMs: number;
  trpcCpuMs: number;
  /** Client-side CPU of one `select 1` round trip over postgres.js (prepared, one connection). */
  statementCpuMs: number;
}

async function serverCpuPerRequest(mode: "http" | "trpc", seconds: number): Promise<number> {
  const port = await freePort();
  const server = await startServer({
    command: process.execPath,
    args: ["--import", "tsx", ...SERVER_NODE_FLAGS, "tests/bench/floor-server.ts", mode, String(port)],
    port,
    env: childEnv({}),
  });
  const agent = keepAliveAgent(1);
  try {
    const client = new TrpcHttpClient(server.url, agent);
    for (let i = 0; i < 500; i++) await client.query("ping");
    const cpuStart = cpuSeconds(server.serverPid);
    const until = performance.now() + seconds * 1000;
    let requests = 0;
    while (performance.now() < until) {
      await client.query("ping");
      requests++;
    }
    return ((cpuSeconds(server.serverPid) - cpuStart) * 1000) / requests;
  } finally {
    agent.destroy();
    await server.stop();
  }
}

async function statementCpu(databaseUrl: string, seconds: number): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    for (let i = 0; i < 500; i++) await sql`select 1`;
    const start = process.cpuUsage();
    const until = performance.now() + seconds * 1000;
    let statements = 0;
    while (performance.now() < until) {
      await sql`select 1`;
      statements++;
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / statements;
  } finally {
    await sql.end();
  }
}

export async function measureStackFloors(options: { databaseUrl: string; seconds: number }): Promise<StackFloors> {
  return {
    httpCpuMs: await serverCpuPerRequest("http", options.seconds),
    trpcCpuMs: await serverCpuPerRequest("trpc", options.seconds),
    statementCpuMs: await statementCpu(options.databaseUrl, options.seconds),
  };
}

export function floorLines(f: StackFloors, costs: Map<string, OperationCost>): string[] {
  const lines = [
    `stack floors (1 client, CPU per call): node:http ${fixed(f.httpCpuMs, 3)} ms · tRPC query without context or database ${fixed(f.trpcCpuMs, 3)} ms · postgres.js statement ${fixed(f.statementCpuMs, 3)} ms`,
  ];
  for (const [step, c] of costs) {
    const floor = f.trpcCpuMs + c.statements * f.statementCpuMs;
    lines.push(
      `  ${step.padEnd(26)} floor tRPC + ${fixed(c.statements, 0)} statements = ${fixed(floor, 2)} ms  measured ${fixed(c.cpuMs, 2)} ms (${fixed(c.cpuMs / floor, 1)}× the floor; budget ${TARGETS.cpuMsPerOp} ms)`,
    );
  }
  return lines;
}
