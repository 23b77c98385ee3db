/**
 * The real server as a process, built and run as `npm start` does (`node <node-flags> apps/server/dist/main.js`), on an
 * embedded PGlite directory: it starts from plain JavaScript and serves, refuses a second process on the same directory, keeps an acknowledged
 * write through kill -9, and shuts down cleanly on SIGTERM.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../e2e/support/server";
import {
  BUILT_MAIN,
  dataOf,
  lockHolder,
  lockPath,
  SERVER_NODE_FLAGS,
  type ServerProcess,
  signIn,
  spawnServer,
  trpc,
  waitHealthy,
} from "../support/server-process";

const START_MS = 90_000;

describe("kitflow server process on PGlite", () => {
  let dataDir: string;
  let port: number;
  const started: ServerProcess[] = [];

  function start(): ServerProcess {
    const server = spawnServer({ dataDir, port });
    started.push(server);
    return server;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kitflow-proc-"));
    port = await freePort();
  }, 300_000);

  afterAll(async () => {
    for (const server of started) server.kill();
    await Promise.all(started.map((s) => s.exited));
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  let first: ServerProcess;
  let batchId: string;
  const createKey = "proc-test-create-batch-1";

  it(
    "becomes healthy on an empty data directory and demo accounts sign in",
    async () => {
      first = start();
      await waitHealthy(first, START_MS);
      const health = await fetch(new URL("/healthz", first.url));
      expect(await health.json()).toEqual({ ok: true });
      const token = await signIn(first.url, "factory.jhb");
      const me = dataOf(
        await trpc<{ username: string; role: string }>(first.url, "auth.me", undefined, { token, query: true }),
        "auth.me",
      );
      expect(me).toMatchObject({ username: "factory.jhb", role: "factory_manager" });
      const wrong = await trpc(first.url, "auth.signIn", { username: "factory.jhb", password: "not-the-password" });
      expect(wrong).toMatchObject({ ok: false, status: 401, code: "UNAUTHORIZED" });
      expect(lockHolder(dataDir), "the data directory is locked by the running server").toBeDefined();
    },
    START_MS + 30_000,
  );

  it("runs the built JavaScript with node alone, no TypeScript loader", () => {
    const serverPid = lockHolder(dataDir);
    if (serverPid === undefined) throw new Error("no lock holder");
    // The process serving is the one that was spawned: nothing in between relays to a child.
    expect(serverPid).toBe(first.child.pid);
    const argv = readFileSync(`/proc/${serverPid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(argv).toEqual([process.execPath, ...SERVER_NODE_FLAGS, BUILT_MAIN]);
    // The flags are node's and V8's tuning only: none loads code before the bundle.
    expect(
      SERVER_NODE_FLAGS.filter((flag) => /^--(import|require|loader|experimental-loader)\b|^-r$/.test(flag)),
    ).toEqual([]);
    const environ = readFileSync(`/proc/${serverPid}/environ`, "utf8");
    expect(environ, "no loader slipped in through NODE_OPTIONS").not.toContain("NODE_OPTIONS");
    // tsx compiles through an esbuild service running as a child process; the built server starts none.
    const children = readdirSync(`/proc/${serverPid}/task`).flatMap((thread) =>
      readFileSync(`/proc/${serverPid}/task/${thread}/children`, "utf8").split(" ").filter(Boolean),
    );
    expect(children).toEqual([]);
  });

  it(
    "refuses a second process on the same data directory with a clear message",
    async () => {
      const second = spawnServer({ dataDir, port: await freePort() });
      started.push(second);
      const { code } = await second.exited;
      expect(code, second.output()).not.toBe(0);
      expect(second.output()).toMatch(/data directory .* is in use by another kitflow process/);
      expect(second.output()).toContain(dataDir);
      // The first server is untouched and still serves.
      expect((await fetch(new URL("/healthz", first.url))).ok).toBe(true);
    },
    START_MS,
  );

  it(
    "keeps an acknowledged write through kill -9 and takes over the stale lock",
    async () => {
      const token = await signIn(first.url, "factory.jhb");
      const products = dataOf(
        await trpc<{ id: string }[]>(first.url, "catalog.listProducts", undefined, { token, query: true }),
        "catalog.listProducts",
      );
      const partners = dataOf(
        await trpc<{ id: string; kind: string }[]>(first.url, "partners.list", undefined, { token, query: true }),
        "partners.list",
      );
      const product = products[0];
      const workshop = partners.find((p) => p.kind === "workshop");
      if (!product || !workshop) throw new Error("demo data has no product or workshop");
      const input = { workshopId: workshop.id, productId: product.id, quantity: 37, idempotencyKey: createKey };
      const created = dataOf(
        await trpc<{ id: string; number: string }>(first.url, "batches.create", input, { token }),
        "batches.create",
      );
      batchId = created.id;

      // The write was acknowledged; now the server dies without any chance to flush or clean up.
      const serverPid = lockHolder(dataDir);
      if (serverPid === undefined) throw new Error("no lock holder");
      process.kill(serverPid, "SIGKILL");
      await first.exited;
      expect(existsSync(lockPath(dataDir)), "a killed server leaves its lock behind").toBe(true);
      expect(lockHolder(dataDir)).toBe(serverPid);

      const restarted = start();
      await waitHealthy(restarted, START_MS);
      expect(lockHolder(dataDir), "the restarted server took the lock over").not.toBe(serverPid);
      const again = await signIn(restarted.url, "factory.jhb");
      const batch = dataOf(
        await trpc<{ id: string; number: string; quantity: number; status: string }>(
          restarted.url,
          "batches.get",
          { id: batchId },
          { token: again, query: true },
        ),
        "batches.get after kill -9",
      );
      expect(batch).toMatchObject({ id: created.id, number: created.number, quantity: 37, status: "draft" });
      // The idempotency record survived too: replaying the key returns the same batch, not a second one.
      const replay = dataOf(
        await trpc<{ id: string }>(restarted.url, "batches.create", input, { token: again }),
        "replayed batches.create",
      );
      expect(replay.id).toBe(created.id);
      first = restarted;
    },
    2 * START_MS,
  );

  it(
    "closes cleanly on SIGTERM: exit code 0 and the lock removed",
    async () => {
      expect(existsSync(lockPath(dataDir))).toBe(true);
      first.child.kill("SIGTERM");
      const { code, signal } = await first.exited;
      expect({ code, signal }, first.output()).toEqual({ code: 0, signal: null });
      expect(first.output()).toContain("SIGTERM: closing");
      expect(existsSync(lockPath(dataDir)), "a clean shutdown releases the data directory").toBe(false);

      // And the directory opens again with everything in it.
      const reopened = start();
      await waitHealthy(reopened, START_MS);
      const token = await signIn(reopened.url, "factory.jhb");
      const batch = await trpc(reopened.url, "batches.get", { id: batchId }, { token, query: true });
      expect(batch.ok).toBe(true);
      reopened.child.kill("SIGTERM");
      expect((await reopened.exited).code).toBe(0);
    },
    2 * START_MS,
  );
});
