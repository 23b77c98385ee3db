/**
 * Over real HTTP: bad bytes are the sender's fault (BAD_REQUEST naming the field), a server fault is a
 * generic INTERNAL_SERVER_ERROR with an error id, and neither the answer nor the log carries the SQL,
 * its parameters (phone numbers, identity digests) or a stack.
 */
import { createServer, type Server } from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRequestListener } from "../../apps/server/src/http";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { withCheckDigit } from "./workforce-fixtures";

const PHONE = "13907971234";
const ID_NUMBER = withCheckDigit("36078119900101123");

describe("server faults over HTTP", () => {
  let app: TestApp;
  let server: Server;
  let base: string;
  let token: string;

  beforeAll(async () => {
    app = await createTestApp("pglite");
    server = createServer(createRequestListener({ db: app.handle.db, auth: app.auth, publicUrl: PUBLIC_URL }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const signIn = await post("auth.signIn", { username: "lead.xianghu", password: "kitflow-demo" });
    token = (signIn.body as { result: { data: { token: string } } }).result.data.token;
  }, 180_000);

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await app?.close();
  });

  async function post(path: string, input: unknown): Promise<{ status: number; text: string; body: unknown }> {
    const response = await fetch(`${base}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  const worker = (name: string, key: string) => ({
    name,
    phone: PHONE,
    idNumber: ID_NUMBER,
    villageCode: "360781100200",
    poorHousehold: false,
    monitored: false,
    disabled: false,
    returnee: false,
    joinedOn: "2026-01-05",
    idempotencyKey: key,
  });

  it("a NUL byte in a name is BAD_REQUEST naming the field, with nothing of the query in it", async () => {
    const reply = await post("workforce.createWorker", worker("钟\u0000丹平", "fault-nul-1"));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { data: { code: "BAD_REQUEST", field: "name" } } });
    expect(reply.text).not.toContain(PHONE);
  });

  it("a server fault answers with a generic message and an error id; the log names it without the data", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
    });
    // A store that has lost a column, as after a botched manual change: every insert of a worker fails.
    await app.handle.db.execute(sql`alter table workers rename column phone to phone_lost`);
    try {
      const reply = await post("workforce.createWorker", worker("钟丹平", "fault-db-1"));
      expect(reply.status).toBe(500);
      const error = (reply.body as { error: { message: string; data: Record<string, unknown> } }).error;
      expect(error.data.code).toBe("INTERNAL_SERVER_ERROR");
      expect(error.data.stack).toBeUndefined();
      const errorId = /error ([0-9a-f]{12})/.exec(error.message)?.[1];
      expect(errorId, error.message).toBeDefined();
      for (const leak of [PHONE, ID_NUMBER.slice(0, 10), "insert into", "params", "workers"]) {
        expect(reply.text, leak).not.toContain(leak);
      }
      const line = logged.join("\n");
      expect(line).toContain(`error ${errorId}`);
      expect(line).toContain("workforce.createWorker");
      expect(line).toContain("42703");
      for (const leak of [PHONE, ID_NUMBER.slice(0, 10), "insert into", "params:"]) {
        expect(line, leak).not.toContain(leak);
      }
    } finally {
      await app.handle.db.execute(sql`alter table workers rename column phone_lost to phone`);
      spy.mockRestore();
    }
  });
});
