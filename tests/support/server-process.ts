import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = join(ROOT, "apps/server");
/** The built server `npm start` runs: plain JavaScript, no TypeScript loader. */
export const BUILT_MAIN = join(SERVER, "dist/main.js");
/** The node flags `npm start` runs it with (apps/server/node-flags: memory limits, WebAssembly tiering). */
export const SERVER_NODE_FLAGS = readFileSync(join(SERVER, "node-flags"), "utf8").trim().split(/\s+/);

/* ------------------------------ plain JSON tRPC ------------------------------- */

export type TrpcReply<T = unknown> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string };

/**
 * One tRPC call as any HTTP client makes it, with no tRPC client library: a mutation is a POST of
 * the input as JSON, a query a GET with ?input=<JSON>; superjson is off, so bodies are plain JSON.
 */
export async function trpc<T = unknown>(
  baseUrl: string,
  path: string,
  input: unknown,
  options: { token?: string; query?: boolean } = {},
): Promise<TrpcReply<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const url = new URL(`/trpc/${path}`, baseUrl);
  let response: Response;
  if (options.query) {
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    response = await fetch(url, { headers });
  } else {
    headers["content-type"] = "application/json";
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify(input ?? {}) });
  }
  const body = (await response.json()) as {
    result?: { data: T };
    error?: { message: string; data?: { code?: string } };
  };
  if (body.result) return { ok: true, status: response.status, data: body.result.data };
  return {
    ok: false,
    status: response.status,
    code: body.error?.data?.code ?? "UNKNOWN",
    message: body.error?.message ?? "",
  };
}

/** The value of a call that must succeed; a refusal fails with its code and message. */
export function dataOf<T>(reply: TrpcReply<T>, what: string): T {
  if (!reply.ok) throw new Error(`${what} failed: ${reply.status} ${reply.code} ${reply.message}`);
  return reply.data;
}

export async function signIn(baseUrl: string, username: string, password = "kitflow-demo"): Promise<string> {
  const reply = await trpc<{ token: string }>(baseUrl, "auth.signIn", { username, password });
  return dataOf(reply, `sign-in as ${username}`).token;
}

/* ------------------------------- server process ------------------------------- */

/**
 * Builds the server as `npm start` does (turbo: skipped when its inputs are unchanged, otherwise the esbuild
 * bundle and the PGlite template, several seconds of CPU), so a process test runs exactly what `npm start` runs
 * and never a stale build.
 */
export async function buildServer(): Promise<void> {
  await promisify(execFile)(
    join(ROOT, "node_modules/.bin/turbo"),
    ["run", "build", "--filter=@kitflow/server", "--output-logs=errors-only"],
    { cwd: ROOT },
  );
}

export interface ServerProcess {
  /** The node process running the built server. */
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Exit code and signal of the spawned process. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the whole process group, if still alive. */
  kill(): void;
}

/**
 * Starts the real server exactly as `npm start` ends up doing (`node <node-flags> apps/server/dist/main.js`, built by
 * `buildServer`) on a PGlite data directory (or on PostgreSQL with `databaseUrl`), in its own process group so
 * clean-up reaches anything it starts.
 */
export function spawnServer(options: {
  dataDir: string;
  port: number;
  /** postgres://… runs the server on that PostgreSQL database instead of PGlite in dataDir. */
  databaseUrl?: string;
  /** Further variables for the server's environment. */
  env?: Record<string, string>;
}): ServerProcess {
  // The child needs no PATH; the environment is exactly what is listed.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUILT_MAIN], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${options.port}`,
      SIGNIN_RATE_LIMIT: "1000/60",
      NODE_ENV: "production",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  return {
    child,
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    exited,
    kill() {
      if (child.pid === undefined) return;
      try {
        // The group id is the server's pid.
        process.kill(-child.pid, "SIGKILL");
      } catch {
        if (!done) child.kill("SIGKILL");
      }
    },
  };
}

/** Polls /healthz until the server answers, or fails with what the process printed. */
export async function waitHealthy(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${server.output()}`);
    try {
      const response = await fetch(new URL("/healthz", server.url));
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

/** The pid recorded in the data directory's lock file: the process that really runs the server. */
export function lockHolder(dataDir: string): number | undefined {
  const lock = join(dataDir, "kitflow.lock");
  if (!existsSync(lock)) return undefined;
  const pid = Number.parseInt(readFileSync(lock, "utf8"), 10);
  return Number.isInteger(pid) ? pid : undefined;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, "kitflow.lock");
}
