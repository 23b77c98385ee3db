import type { CycleStep, LoadResult, OperationCost } from "./batch-cycle-load";
import type { TargetRow } from "./context";
import { fixed } from "./latency";
import type { MemoryFigures } from "./process-stats";

/** Performance targets, printed next to the figures (never asserted). */
export const TARGETS = {
  ratio: 0.5,
  p99Ms: 50,
  rssMbPostgres: 200,
  rssMbPglite: 250,
  startupSeconds: 5,
  statementsPerOp: 8,
  cpuMsPerOp: 1.5,
};

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

export function memoryLine(label: string, m: MemoryFigures, targetMb: number): string {
  return `${label.padEnd(8)} server RSS peak under load ${fixed(m.sampledPeakMb).padStart(6)} MB (target < ${targetMb} MB: ${mark(m.sampledPeakMb < targetMb)})  idle before load ${fixed(m.startMb)} MB  lifetime VmHWM ${fixed(m.lifetimePeakMb)} MB`;
}

/** Statements and server CPU per business operation, each against its budget. */
export function operationCostRows(costs: Map<CycleStep, OperationCost>): TargetRow[] {
  return [...costs].flatMap(([step, c]) => [
    {
      what: `${step}: SQL statements per call`,
      figure: fixed(c.statements, 1),
      target: `≤ ${TARGETS.statementsPerOp}`,
      met: c.statements <= TARGETS.statementsPerOp,
    },
    {
      what: `${step}: server CPU per call (1 client)`,
      figure: `${fixed(c.cpuMs, 2)} ms`,
      target: `≤ ${TARGETS.cpuMsPerOp} ms`,
      met: c.cpuMs <= TARGETS.cpuMsPerOp,
    },
  ]);
}
