import { startKitflow } from "./app";
import { readEnv } from "./env";
import { guardProcess } from "./process-guards";

const env = readEnv();
guardProcess();
const startedAt = performance.now();
const loadCpu = process.cpuUsage();
const loadCpuMs = (loadCpu.user + loadCpu.system) / 1000;
const app = await startKitflow(env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const store = env.databaseUrl ? "PostgreSQL" : `PGlite in ${env.dataDir}`;
console.log(`kitflow is ready at ${env.publicUrl} (${store}, ${Math.round(performance.now() - startedAt)} ms)`);
// performance.now() counts from the process start, so startedAt is the time spent loading the code.
const steps = [{ name: "load", ms: Math.round(startedAt), cpuMs: Math.round(loadCpuMs) }, ...app.phases];
console.log(`start: ${steps.map((s) => `${s.name} ${s.ms} ms (cpu ${s.cpuMs} ms)`).join(", ")}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  // Closing PGlite cleanly checkpoints it and releases the data-directory lock.
  await app.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
