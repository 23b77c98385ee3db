import type { LoadResult } from "./batch-cycle-load";
import { fixed } from "./latency";
import type { MemoryFigures } from "./process-stats";

/** Target lines from issue 3 item 8, printed next to the figures (never asserted). */
export const TARGETS = { ratio: 0.5, p99Ms: 50, rssMb: 300, startupSeconds: 15 };

const mark = (ok: boolean) => (ok ? "ok" : "MISSED");

export function headline(label: string, r: LoadResult): string {
  return `${label.padEnd(8)} ${String(r.clients).padStart(2)} clients  ops/s ${fixed(r.opsPerSecond).padStart(7)}  p50 ${fixed(r.overall.p50).padStart(6)} ms  p99 ${fixed(r.overall.p99).padStart(6)} ms (target < ${TARGETS.p99Ms} ms: ${mark(r.overall.p99 < TARGETS.p99Ms)})`;
}

/** One line per procedure of the cycle, so a slow step stands out. */
export function perStepLines(r: LoadResult): string[] {
  const lines = [...r.perStep].map(
    ([step, s]) =>
      `  ${step.padEnd(26)} n ${String(s.count).padStart(6)}  p50 ${fixed(s.p50).padStart(6)} ms  p99 ${fixed(s.p99).padStart(6)} ms  mean ${fixed(s.mean).padStart(6)} ms  max ${fixed(s.max).padStart(7)} ms`,
  );
  lines.push(
    `  ${"cycles completed".padEnd(26)} ${String(r.cyclesCompleted).padStart(8)}  (${fixed(r.cyclesCompleted / r.seconds)}/s)  errors ${r.errors}`,
  );
  lines.push(
    `  ${"server CPU".padEnd(26)} ${fixed(r.serverCpuMsPerOp, 2).padStart(8)} ms/op  (${fixed(r.serverCores, 2)} cores busy)  machine load avg ${fixed(r.loadAverage[0], 2)} → ${fixed(r.loadAverage[1], 2)}`,
  );
  for (const sample of r.errorSamples) lines.push(`  error: ${sample}`);
  return lines;
}

export function memoryLine(label: string, m: MemoryFigures): string {
  return `${label.padEnd(8)} server RSS peak under load ${fixed(m.sampledPeakMb).padStart(6)} MB (target < ${TARGETS.rssMb} MB: ${mark(m.sampledPeakMb < TARGETS.rssMb)})  idle before load ${fixed(m.startMb)} MB  lifetime VmHWM ${fixed(m.lifetimePeakMb)} MB`;
}
