import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeOperationCosts } from "../batch-cycle-load";
import type { BenchContext } from "../context";
import { monotonicMicros, profileShares, readProfile } from "../cpu-profile";
import { startBuiltServer } from "../kitflow-server";
import { fixed } from "../latency";
import { cpuSeconds } from "../process-stats";

const WARM_UP_CYCLES = 10;
const CYCLES = 60;

/**
 * Where a batch-cycle call's server CPU goes: the built server runs under V8's sampling profiler while one
 * client runs the cycle (after a warm-up), and the samples taken during those calls are summed by package.
 * Start-up and the demo seed fall outside the window. Printed, never asserted; the share table is what stands
 * between the measured CPU per call and its budget.
 */
export default async function run(ctx: BenchContext): Promise<void> {
  const db = await ctx.createDatabase();
  const profileDir = mkdtempSync(join(tmpdir(), "kitflow-cpu-profile-"));
  try {
    const server = await startBuiltServer(db.url, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
    let window: { from: number; to: number; cpuMs: number; calls: number };
    try {
      await probeOperationCosts({ baseUrl: server.url, cycles: WARM_UP_CYCLES });
      const cpuBefore = cpuSeconds(server.serverPid);
      const from = monotonicMicros();
      const costs = await probeOperationCosts({ baseUrl: server.url, cycles: CYCLES });
      const to = monotonicMicros();
      // The probe's own two warm-up cycles and its counter reads are in the window too; calls counts the cycle's.
      const calls = (CYCLES + 2) * costs.size;
      window = { from, to, cpuMs: (cpuSeconds(server.serverPid) - cpuBefore) * 1000, calls };
    } finally {
      // The profile is written when the server exits.
      await server.stop();
    }
    const shares = profileShares(readProfile(profileDir), window.from, window.to);
    // Per call from the main thread's samples; /proc also counts V8's helper threads and the profiler's own.
    const busyPerCall = shares.busyMs / window.calls;
    ctx.report(
      `profiled: ${window.calls} calls at 1 client (with the probe's two counter reads each); main thread busy ${fixed(busyPerCall, 2)} ms/call; samples inside socket writes ${fixed(shares.socketWriteMs / window.calls, 2)} ms/call, left out (the kernel's loopback work, and waits while it runs the woken peer: the profiler cannot tell them apart); /proc ${fixed(window.cpuMs / window.calls, 2)} ms/call (every thread, the profiler's included)`,
    );
    for (const s of shares.shares.slice(0, 10)) {
      ctx.report(
        `  ${fixed((100 * s.ms) / shares.busyMs, 1).padStart(5)} %  ${fixed(s.ms / window.calls, 2).padStart(5)} ms/call  ${s.where}`,
      );
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    await db.drop();
  }
}
