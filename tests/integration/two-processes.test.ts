/**
 * Two built server processes on one PostgreSQL database, as behind a reverse proxy: whichever process
 * answers, the answers are the same, a session made on one works on the other, an idempotency key
 * used on one replays on the other, sign-in limits count attempts made on both, and an account
 * disabled or reset through one is refused by the other at once, although it had just verified that
 * session itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../e2e/support/server";
import { type ServerProcess, spawnServer, waitHealthy } from "../support/server-process";
import { postgresDatabase, TEST_DATABASE_URL } from "../support/stores";

const TITLE = TEST_DATABASE_URL
  ? "two server processes on one PostgreSQL"
  : "two server processes on one PostgreSQL — SKIPPED: set TEST_DATABASE_URL=postgres://… to run";
if (!TEST_DATABASE_URL) console.warn(`[two-processes.test] ${TITLE}`);

const PASSWORD = "kitflow-demo";
const ADDRESS_LIMIT = 4;
const ACCOUNT_LIMIT = 3;

interface Reply {
  status: number;
  data?: unknown;
  error?: { message: string; data?: { code?: string; reason?: string } };
}

/** One tRPC call over HTTP, as the proxy forwards it: `from` is the client address it appends. */
async function call(
  server: ServerProcess,
  path: string,
  input: unknown,
  options: { token?: string; query?: boolean; from?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.from) headers["x-forwarded-for"] = options.from;
  const url = new URL(`/trpc/${path}`, server.url);
  let response: Response;
  if (options.query) {
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    response = await fetch(url, { headers });
  } else {
    headers["content-type"] = "application/json";
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify(input ?? {}) });
  }
  const body = (await response.json()) as { result?: { data: unknown }; error?: Reply["error"] };
  return { status: response.status, data: body.result?.data, error: body.error };
}

const outcome = (r: Reply) => (r.error ? `${r.error.data?.code} ${r.error.data?.reason ?? ""}`.trim() : "OK");

describe.skipIf(!TEST_DATABASE_URL)(TITLE, () => {
  let database: Awaited<ReturnType<typeof postgresDatabase>>;
  const dirs: string[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let address = 0;
  const nextAddress = () => `203.0.113.${++address}`;

  async function signIn(server: ServerProcess, username: string, password = PASSWORD, from = nextAddress()) {
    return call(server, "auth.signIn", { username, password }, { from });
  }
  async function tokenOf(server: ServerProcess, username: string, password = PASSWORD): Promise<string> {
    const reply = await signIn(server, username, password);
    const token = (reply.data as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`sign-in as ${username} failed: ${outcome(reply)}`);
    return token;
  }
  const me = async (server: ServerProcess, token: string) => call(server, "auth.me", undefined, { token, query: true });

  beforeAll(async () => {
    database = await postgresDatabase();
    const start = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "kitflow-two-"));
      dirs.push(dataDir);
      const server = spawnServer({
        dataDir,
        port: await freePort(),
        databaseUrl: database.url,
        env: {
          // The one secret both processes sign sessions with, as a deployment sets it.
          AUTH_SECRET: "two-processes-secret-two-processes-secret",
          SIGNIN_RATE_LIMIT: `${ADDRESS_LIMIT}/60`,
          SIGNIN_ACCOUNT_LIMIT: `${ACCOUNT_LIMIT}/900`,
          // The test plays the reverse proxy in front of both.
          TRUSTED_PROXIES: "127.0.0.1,::1",
        },
      });
      await waitHealthy(server, 180_000);
      return server;
    };
    // The first one migrates and seeds the empty database; the second finds it ready.
    a = await start();
    b = await start();
  }, 400_000);

  afterAll(async () => {
    for (const server of [a, b]) {
      server?.kill();
      await server?.exited;
    }
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("gives the same answers and shares sessions and idempotency keys", async () => {
    const token = await tokenOf(a, "factory.jhb");
    const [onA, onB] = await Promise.all([me(a, token), me(b, token)]);
    expect(outcome(onB)).toBe("OK");
    expect(onB.data).toEqual(onA.data);
    const [listA, listB] = await Promise.all([
      call(a, "batches.list", { limit: 50 }, { token, query: true }),
      call(b, "batches.list", { limit: 50 }, { token, query: true }),
    ]);
    expect(outcome(listA)).toBe("OK");
    expect(listB.data).toEqual(listA.data);

    const admin = await tokenOf(b, "admin");
    const input = {
      kind: "workshop",
      name: "两进程车间",
      shortName: "两进程",
      workshopMode: "premises",
      regionCode: "360781100",
      idempotencyKey: "two-processes-org-1",
    };
    const first = await call(a, "admin.createOrganisation", input, { token: admin });
    expect(outcome(first)).toBe("OK");
    const replay = await call(b, "admin.createOrganisation", input, { token: admin });
    expect(replay.data).toEqual(first.data);
    const reused = await call(b, "admin.createOrganisation", { ...input, shortName: "别的" }, { token: admin });
    expect(outcome(reused)).toBe("CONFLICT keyReused");
    const orgs = (await call(a, "admin.listOrganisations", undefined, { token: admin, query: true })).data as {
      name: string;
    }[];
    expect(orgs.filter((o) => o.name === "两进程车间")).toHaveLength(1);
  });

  it("ends a disabled account's sessions on both processes at once and refuses its sign-in on either", async () => {
    const admin = await tokenOf(a, "admin");
    const users = (await call(a, "admin.listUsers", undefined, { token: admin, query: true })).data as {
      id: string;
      username: string;
    }[];
    const lead = users.find((u) => u.username === "lead.huangbai");
    if (!lead) throw new Error("no lead.huangbai");
    const token = await tokenOf(b, "lead.huangbai");
    // Both processes verify the session now and keep it in their short cache.
    expect(outcome(await me(a, token))).toBe("OK");
    expect(outcome(await me(b, token))).toBe("OK");

    const disabled = await call(
      a,
      "admin.setUserDisabled",
      {
        userId: lead.id,
        disabled: true,
        idempotencyKey: "two-processes-disable",
      },
      { token: admin },
    );
    expect(outcome(disabled)).toBe("OK");
    expect(outcome(await me(b, token))).toBe("UNAUTHORIZED signInFirst");
    expect(outcome(await me(a, token))).toBe("UNAUTHORIZED signInFirst");
    expect(outcome(await signIn(b, "lead.huangbai"))).toBe("FORBIDDEN accountDisabled");

    const enabled = await call(
      b,
      "admin.setUserDisabled",
      {
        userId: lead.id,
        disabled: false,
        idempotencyKey: "two-processes-enable",
      },
      { token: admin },
    );
    expect(outcome(enabled)).toBe("OK");
    const again = await tokenOf(a, "lead.huangbai");
    expect(outcome(await me(b, again))).toBe("OK");

    // A password reset through one process ends the session the other has just verified.
    const reset = await call(
      b,
      "admin.resetPassword",
      {
        userId: lead.id,
        password: "two-processes-new-password",
        idempotencyKey: "two-processes-reset",
      },
      { token: admin },
    );
    expect(outcome(reset)).toBe("OK");
    expect(outcome(await me(a, again))).toBe("UNAUTHORIZED signInFirst");
    expect(outcome(await signIn(a, "lead.huangbai"))).toBe("UNAUTHORIZED wrongCredentials");
    expect(outcome(await signIn(b, "lead.huangbai", "two-processes-new-password"))).toBe("OK");
  });

  it("counts an account's attempts on both processes, from any address", async () => {
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const server = i % 2 === 0 ? a : b;
      expect(outcome(await signIn(server, "lead.yeping", `wrong-${i}-password`))).toBe("UNAUTHORIZED wrongCredentials");
    }
    expect(outcome(await signIn(a, "lead.yeping"))).toBe("TOO_MANY_REQUESTS tooManySignIns");
    expect(outcome(await signIn(b, "lead.yeping"))).toBe("TOO_MANY_REQUESTS tooManySignIns");
  });

  it("counts an address's attempts on both processes, whichever accounts they name", async () => {
    const crowded = nextAddress();
    const names = ["lead.jiubao", "lead.xianghu", "factory.yuanye", "nobody.here"];
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      const server = i % 2 === 0 ? b : a;
      expect(outcome(await signIn(server, names[i] ?? "x", "wrong-password", crowded))).toBe(
        "UNAUTHORIZED wrongCredentials",
      );
    }
    expect(outcome(await signIn(a, "official.ruijin", PASSWORD, crowded))).toBe("TOO_MANY_REQUESTS tooManySignIns");
    // The proxy says the next request comes from elsewhere: that address has its own count.
    expect(outcome(await signIn(b, "official.ruijin", PASSWORD, nextAddress()))).toBe("OK");
  });
});
