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
      window = { from, to, cpuMs: (cpuSeconds(server.serverPid) - cpuBefore) * 1000, calls: 0 };
      // The probe's own warm-up cycles and its counter reads are in the window too; calls counts the cycle's.
      window.calls = (CYCLES + 2) * costs.size;
    } finally {
      // The profile is written when the server exits.
      await server.stop();
    }
    const shares = profileShares(readProfile(profileDir), window.from, window.to);
    ctx.report(
      `profiled: ${window.calls} calls at 1 client; server CPU (/proc) ${fixed(window.cpuMs)} ms (${fixed(window.cpuMs / window.calls, 2)} ms/call), profiler samples busy ${fixed(shares.busyMs)} ms, inside socket writes ${fixed(shares.socketWriteMs)} ms (waiting on the woken peer, not computing)`,
    );
    // Each share of the CPU /proc counted per call (the probe's two counter reads per call included).
    const cpuPerCall = window.cpuMs / window.calls;
    for (const s of shares.shares.slice(0, 10)) {
      const share = s.ms / shares.busyMs;
      ctx.report(
        `  ${fixed(100 * share, 1).padStart(5)} %  ${fixed(share * cpuPerCall, 2).padStart(5)} ms/call  ${s.where}`,
      );
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    await db.drop();
  }
}
