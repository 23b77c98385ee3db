import { randomBytes } from "node:crypto";
import { childEnv } from "./context";
import { freePort } from "./free-port";
import { runCommand } from "./run-command";
import { REPO_ROOT, SERVER_NODE_FLAGS, type ServerProcess, startServer } from "./server-process";

/**
 * The built kitflow server on a PostgreSQL database, started as production starts it (node with the flags
 * `npm start` uses, on apps/server/dist), with the bench's counters on. `nodeArgs` go before the script
 * (a profiler, say). Builds first; turbo skips that when nothing changed.
 */
export async function startBuiltServer(databaseUrl: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  await runCommand("npm", ["run", "build", "--silent"], { env: childEnv({}), cwd: REPO_ROOT });
  const port = await freePort();
  return startServer({
    command: process.execPath,
    args: [...SERVER_NODE_FLAGS, ...nodeArgs, "apps/server/dist/main.js"],
    port,
    env: childEnv({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      SIGNIN_RATE_LIMIT: "1000/60",
      // A fixed secret keeps the server from writing one into ./data.
      AUTH_SECRET: randomBytes(32).toString("hex"),
      KITFLOW_BENCH_STATS: "1",
    }),
  });
}
