/**
 * The real server process on real PostgreSQL while its database connections are cut under load
 * (`pg_terminate_backend`, as a restart, failover or network blip does): a few requests may fail,
 * the process must not, and mutations retried with their idempotency keys must book nothing twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conservationBreaches } from "@kitflow/domain";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../e2e/support/server";
import { dataOf, type ServerProcess, spawnServer, type TrpcReply, trpc, waitHealthy } from "../support/server-process";
import { postgresDatabase, TEST_DATABASE_URL } from "../support/stores";

const TITLE = TEST_DATABASE_URL
  ? "server process survives cut PostgreSQL connections"
  : "server process survives cut PostgreSQL connections — SKIPPED: set TEST_DATABASE_URL=postgres://… to run";
if (!TEST_DATABASE_URL) console.warn(`[connection-loss.test] ${TITLE}`);

const CLIENTS = 4;
const LOAD_MS = 9_000;
const CUTS = 4;
const LEADS = ["lead.xianghu", "lead.huangbai", "lead.yeping"] as const;

interface KitLine {
  componentCode: string;
  kitQty: number;
}

/** Repeats one call with the same input (so the same idempotency key) until it succeeds, as a client retries. */
async function untilDone<T>(
  call: () => Promise<TrpcReply<T>>,
  what: string,
  failures: string[],
  server: ServerProcess,
): Promise<T> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      const reply = await call();
      if (reply.ok) return reply.data;
      failures.push(`${what}: ${reply.status} ${reply.code} ${reply.message}`);
      // Only a server fault is worth retrying; a refusal would be refused again.
      if (reply.status < 500) throw new Error(`${what} refused: ${reply.code} ${reply.message}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes("refused")) throw error;
      failures.push(`${what}: ${String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} never succeeded: ${failures.at(-1)}\n${server.output().slice(-3000)}`);
}

describe.skipIf(!TEST_DATABASE_URL)(TITLE, () => {
  let database: Awaited<ReturnType<typeof postgresDatabase>>;
  let dataDir: string;
  let server: ServerProcess;
  let observer: postgres.Sql;

  beforeAll(async () => {
    database = await postgresDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "kitflow-cut-"));
    server = spawnServer({ dataDir, port: await freePort(), databaseUrl: database.url });
    await waitHealthy(server, 120_000);
    observer = postgres(database.url, { max: 1, onnotice: () => {} });
  }, 150_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited;
    await observer?.end({ timeout: 5 });
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("keeps serving, and retried keys book each movement once", async () => {
    const factory = dataOf(
      await trpc<{ token: string }>(server.url, "auth.signIn", { username: "factory.jhb", password: "kitflow-demo" }),
      "factory sign-in",
    ).token;
    const leads = await Promise.all(
      LEADS.map(async (username) => {
        const reply = await trpc<{ token: string; user: { organisationId: string } }>(server.url, "auth.signIn", {
          username,
          password: "kitflow-demo",
        });
        const { token, user } = dataOf(reply, `${username} sign-in`);
        return { token, workshopId: user.organisationId };
      }),
    );
    const [product] = dataOf(
      await trpc<{ id: string }[]>(server.url, "catalog.listProducts", undefined, { token: factory, query: true }),
      "products",
    );
    if (!product) throw new Error("factory.jhb has no product");

    const failures: string[] = [];
    const batchIds: string[] = [];
    const stopAt = Date.now() + LOAD_MS;
    const client = async (n: number) => {
      const lead = leads[n % leads.length];
      if (!lead) throw new Error("no lead");
      for (let cycle = 0; Date.now() < stopAt; cycle++) {
        const key = (step: string) => `cut-${n}-${cycle}-${step}`;
        const batch = await untilDone(
          () =>
            trpc<{ id: string; kit: KitLine[] }>(
              server.url,
              "batches.create",
              { workshopId: lead.workshopId, productId: product.id, quantity: 20, idempotencyKey: key("create") },
              { token: factory },
            ),
          key("create"),
          failures,
          server,
        );
        batchIds.push(batch.id);
        const dispatch = await untilDone(
          () =>
            trpc<{ id: string; lines: { componentCode: string; qty: number }[] }>(
              server.url,
              "shipments.dispatch",
              {
                batchId: batch.id,
                lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
                idempotencyKey: key("dispatch"),
              },
              { token: factory },
            ),
          key("dispatch"),
          failures,
          server,
        );
        await untilDone(
          () =>
            trpc(
              server.url,
              "shipments.confirmReceipt",
              {
                shipmentId: dispatch.id,
                lines: dispatch.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
                idempotencyKey: key("confirm"),
              },
              { token: lead.token },
            ),
          key("confirm"),
          failures,
          server,
        );
      }
    };
    const cutter = async () => {
      let terminated = 0;
      for (let cut = 0; cut < CUTS; cut++) {
        await new Promise((resolve) => setTimeout(resolve, LOAD_MS / (CUTS + 1)));
        const rows = await observer.unsafe(
          "select pg_terminate_backend(pid) as done from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [database.name],
        );
        terminated += rows.filter((r) => r.done).length;
      }
      return terminated;
    };
    const [terminated] = await Promise.all([cutter(), ...Array.from({ length: CLIENTS }, (_, n) => client(n))]);

    expect(terminated, "connections were really cut").toBeGreaterThan(0);
    expect(server.child.exitCode, server.output()).toBeNull();
    expect(server.output()).not.toMatch(/Cannot read properties of null/);
    // Still answering database-backed calls: a pooled connection cut while idle may fail the first call or two.
    const checks: string[] = [];
    await untilDone(
      () => trpc<unknown[]>(server.url, "batches.list", {}, { token: factory, query: true }),
      "batches.list",
      checks,
      server,
    );
    expect(checks.length, checks.join("\n")).toBeLessThan(5);
    expect(batchIds.length).toBeGreaterThan(0);

    // One ledger set per key: no movement of a component is booked twice under one idempotency key.
    const doubled = await observer`
      select idempotency_key, component_code, kind::text, count(*)::int as n from ledger_entries
      where idempotency_key like 'cut-%'
      group by idempotency_key, component_code, kind having count(*) > 1`;
    expect(doubled).toEqual([]);
    const audits = await observer`
      select idempotency_key, count(*)::int as n from audit_events where idempotency_key like 'cut-%'
      group by idempotency_key having count(*) > 1`;
    expect(audits).toEqual([]);
    const batchesPerKey = await observer`
      select count(*)::int as n from audit_events where idempotency_key like 'cut-%-create'`;
    expect(batchesPerKey[0]?.n).toBe(batchIds.length);

    for (const id of batchIds) {
      const view = await untilDone(
        () =>
          trpc<{ balances: Parameters<typeof conservationBreaches>[0] }>(
            server.url,
            "batches.get",
            { id },
            { token: factory, query: true },
          ),
        "batches.get",
        checks,
        server,
      );
      expect(conservationBreaches(view.balances), id).toEqual([]);
    }
    expect(checks.length, checks.join("\n")).toBeLessThan(5);
    console.info(
      `[connection-loss] ${batchIds.length} cycles, ${terminated} connections cut, ${failures.length} failed calls`,
    );
  }, 120_000);
});
