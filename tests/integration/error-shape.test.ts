/**
 * What a client receives when the API refuses, over HTTP as the web app sees it: besides the tRPC code
 * and the English message, a key and parameters to put the refusal in the person's language — for a
 * rule violation, a zod issue (its code, minimum, origin…), a missing record and the sign-in rate limit.
 */
import { appRouter, createContextInner } from "@kitflow/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../apps/server/src/seed/reference";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

/** Sign-in attempts allowed per client address and minute in this file's app. */
const SIGN_IN_MAX = 3;

interface ErrorBody {
  error: {
    message: string;
    data: {
      code: string;
      field?: string;
      reason?: string;
      params?: Record<string, string | number>;
      issues?: { path: string; message: string; code: string; params: Record<string, string | number> }[];
    };
  };
}

describe.each(STORE_KINDS)("error shape on %s", (kind) => {
  let app: TestApp;
  let ip = 0;
  /** better-auth limits per address in one in-memory table per process: each store gets its own range. */
  const nextIp = () => `10.${STORE_KINDS.indexOf(kind) + 40}.0.${++ip}`;

  /** One tRPC request through the fetch adapter, with the router's own error formatter. */
  async function post(path: string, input: unknown, options: { token?: string; clientIp?: string } = {}) {
    const headers = new Headers({ "content-type": "application/json" });
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      router: appRouter,
      req: new Request(`${PUBLIC_URL}/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) }),
      createContext: () =>
        createContextInner({
          db: app.handle.db,
          auth: app.auth,
          publicUrl: PUBLIC_URL,
          headers,
          clientIp: options.clientIp ?? nextIp(),
          setCookies: () => {},
        }),
    });
    return { status: response.status, body: (await response.json()) as ErrorBody & { result?: { data: unknown } } };
  }

  async function tokenOf(username: string): Promise<string> {
    const { body } = await post("auth.signIn", { username, password: DEMO_PASSWORD });
    const token = (body.result?.data as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`could not sign in ${username}`);
    return token;
  }

  beforeAll(async () => {
    app = await createTestApp(kind, { signInMax: SIGN_IN_MAX });
  });
  afterAll(() => app?.close());

  it("a rule violation carries its key, its parameters and the field, next to the English message", async () => {
    const token = await tokenOf("lead.xianghu");
    const worker = await app.as("lead.xianghu").workforce.createWorker({
      name: "错误形状工人",
      villageCode: "360781100001",
      poorHousehold: false,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2026-01-05",
      idempotencyKey: "error-shape-worker",
    });
    const { status, body } = await post(
      "workforce.leave",
      { id: worker.id, leftOn: "2025-12-31", idempotencyKey: "error-shape-leave" },
      { token },
    );
    expect(status).toBe(400);
    expect(body.error.data).toMatchObject({
      code: "BAD_REQUEST",
      field: "leftOn",
      reason: "leftBeforeJoined",
      params: { joinedOn: "2026-01-05" },
    });
    expect(body.error.message).toMatch(/joining date/);
  });

  it("a zod issue carries its code and parameters for each field", async () => {
    const token = await tokenOf("factory.jhb");
    const { status, body } = await post(
      "trips.create",
      { plannedDate: "2026-12-01", note: "x".repeat(10_001), idempotencyKey: "short" },
      { token },
    );
    expect(status).toBe(400);
    const byPath = Object.fromEntries((body.error.data.issues ?? []).map((issue) => [issue.path, issue]));
    expect(byPath.idempotencyKey).toMatchObject({ code: "too_small", params: { origin: "string", minimum: 8 } });
    expect(byPath.note).toMatchObject({ code: "too_big", params: { origin: "string" } });
    expect(typeof byPath.note?.params.maximum).toBe("number");
    expect(body.error.data.field).toBeDefined();
  });

  it("a record of no one's carries notFound and names the thing", async () => {
    const token = await tokenOf("factory.jhb");
    const { status, body } = await post(
      "batches.cancel",
      { id: "00000000-0000-4000-8000-000000000000", reason: "x", idempotencyKey: "error-shape-cancel" },
      { token },
    );
    expect(status).toBe(404);
    expect(body.error.data).toMatchObject({ code: "NOT_FOUND", reason: "notFound", params: { thing: "batch" } });
  });

  it("the sign-in rate limit carries its key and the seconds to wait", async () => {
    const crowded = nextIp();
    for (let i = 0; i < SIGN_IN_MAX; i++) {
      await post("auth.signIn", { username: "lead.yeping", password: `wrong-${i}` }, { clientIp: crowded });
    }
    const { status, body } = await post(
      "auth.signIn",
      { username: "lead.yeping", password: DEMO_PASSWORD },
      { clientIp: crowded },
    );
    expect(status).toBe(429);
    expect(body.error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "tooManySignIns" });
    const seconds = body.error.data.params?.seconds;
    expect(typeof seconds).toBe("number");
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});
