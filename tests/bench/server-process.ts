import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { onCleanup } from "./cleanup";
import { listeningPid } from "./process-stats";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The node flags `npm start` runs the built server with (apps/server/node-flags). */
export const SERVER_NODE_FLAGS = readFileSync(join(REPO_ROOT, "apps/server/node-flags"), "utf8").trim().split(/\s+/);

export interface ServerProcess {
  /** The launched command's pid, leader of its own process group. */
  pid: number;
  /** The descendant that listens on the port (the node process running kitflow). */
  serverPid: number;
  url: string;
  /** Milliseconds from spawn to the first healthy /healthz. */
  healthyAfterMs: number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  /** Stops the whole process group (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

function healthz(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(new URL("/healthz", url), { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function stopGroup(child: ChildProcess, pid: number): Promise<void> {
  killGroup(pid, "SIGTERM");
  // PGlite checkpoints on SIGTERM; give it time before forcing.
  if (!(await waitUntil(() => !groupAlive(pid), 20_000))) {
    killGroup(pid, "SIGKILL");
    await waitUntil(() => !groupAlive(pid), 5_000);
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/**
 * Starts a kitflow server command in its own process group and waits until /healthz answers.
 * Registered for cleanup, so it is stopped even if the caller throws.
 */
export async function startServer(options: {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: REPO_ROOT,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.command}`);
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exitCode: number | null | undefined;
  child.on("exit", (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
  });
  const stop = onCleanup(() => stopGroup(child, pid));

  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    while (!(await healthz(url))) {
      if (exitCode !== undefined) throw new Error(`server exited (${exitCode}) before it was healthy:\n${log}`);
      if (Date.now() > deadline)
        throw new Error(`server not healthy after ${options.timeoutMs ?? 120_000} ms:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const healthyAfterMs = performance.now() - started;
    const serverPid = listeningPid(pid, options.port);
    if (serverPid === undefined) throw new Error(`no process under pid ${pid} listens on port ${options.port}`);
    return { pid, serverPid, url, healthyAfterMs, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
