/**
 * `npm run bench`: runs every suite in tests/bench/suites in name order (BENCH_ONLY=name for one),
 * then repeats the figures they reported as a summary. Figures are printed, never asserted.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanUpAll } from "./cleanup";
import { type BenchContext, createBenchContext, onlySuites, type TargetRow } from "./context";

type Suite = (ctx: BenchContext) => Promise<void>;

function verdict(met: boolean | undefined): string {
  return met === undefined ? "not measured" : met ? "met" : "NOT MET";
}

/** Every figure with a target, one row each, in a plain-text table. */
function targetTable(rows: (TargetRow & { suite: string })[]): string {
  const cells = [
    ["suite", "what", "figure", "target", "met?"],
    ...rows.map((r) => [r.suite, r.what, r.figure, r.target, verdict(r.met)]),
  ];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((c) => [...(c[i] ?? "")].length))) ?? [];
  const line = (c: string[]) => c.map((v, i) => v + " ".repeat((widths[i] ?? 0) - [...v].length)).join(" | ");
  return [line(cells[0] ?? []), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.slice(1).map(line)].join("\n");
}

const SUITES_DIR = fileURLToPath(new URL("./suites", import.meta.url));

function discoverSuites(): string[] {
  const names = readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => basename(f, ".ts"))
    .sort();
  const only = onlySuites();
  if (!only) return names;
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY names no suite: ${unknown.join(", ")} (have: ${names.join(", ")})`);
  return names.filter((n) => only.includes(n));
}

async function loadSuite(name: string): Promise<Suite> {
  const module = (await import(pathToFileURL(join(SUITES_DIR, `${name}.ts`)).href)) as { default?: unknown };
  if (typeof module.default !== "function") throw new Error(`suite ${name} has no default export function`);
  return module.default as Suite;
}

// Ctrl-C or a kill must still stop the servers and drop the databases this run created.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanUpAll().finally(() => process.exit(130));
  });
}

const summary: string[] = [];
const targets: (TargetRow & { suite: string })[] = [];
let failed = 0;
try {
  const names = discoverSuites();
  for (const name of names) {
    if (interrupted) break;
    const ctx = createBenchContext(
      (line) => {
        console.log(line);
        summary.push(`${name.padEnd(20)} ${line}`);
      },
      (row) => {
        console.log(`target: ${row.what} ${row.figure} (${row.target}) ${verdict(row.met)}`);
        targets.push({ ...row, suite: name });
      },
    );
    console.log(`\n== ${name} (${ctx.clients} clients, ${ctx.seconds} s) ==`);
    const started = performance.now();
    try {
      const run = await loadSuite(name);
      await run(ctx);
    } catch (error) {
      failed++;
      console.error(`suite ${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      summary.push(`${name.padEnd(20)} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      // A suite's own finally blocks come first; this catches anything it left behind.
      await cleanUpAll();
    }
    console.log(`== ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s ==`);
  }
} catch (error) {
  failed++;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await cleanUpAll();
}

if (summary.length > 0) console.log(`\n== summary ==\n${summary.join("\n")}`);
if (targets.length > 0) console.log(`\n== performance targets ==\n${targetTable(targets)}`);
process.exit(failed > 0 ? 1 : 0);
