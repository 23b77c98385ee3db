import { createTRPCClient, httpLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { classifyFailure } from "../lib/errors";
import { MAX_TRANSIENT_ATTEMPTS, type OfflinePath, OfflineQueue, type QueueDeps, retryDelayMs } from "./queue";
import { localStorageStorage, memoryStorage, type QueueStorage } from "./storage";

const LEAD = "user-lead";

/** The shape @trpc/client gives an error the server answered with (data.code set). */
function serverError(code: string, message = code) {
  return Object.assign(new Error(message), { data: { code, httpStatus: 409 } });
}

/** What fetch throws when the phone has no connection: no tRPC data at all. */
function networkError() {
  return new TypeError("Failed to fetch");
}

interface Harness {
  queue: OfflineQueue;
  storage: QueueStorage;
  sent: { path: OfflinePath; input: unknown }[];
  clock: { now: number };
}

function harness(
  respond: (path: OfflinePath, input: unknown, call: number) => Promise<unknown> = async () => ({ ok: true }),
  overrides: Partial<QueueDeps> = {},
): Harness {
  const sent: Harness["sent"] = [];
  const clock = { now: 1_000 };
  const storage = overrides.storage ?? memoryStorage();
  const queue = new OfflineQueue({
    storage,
    classify: classifyFailure,
    now: () => clock.now,
    send: (path, input) => {
      sent.push({ path, input });
      return respond(path, input, sent.length);
    },
    ...overrides,
  });
  return { queue, storage, sent, clock };
}

function receipt(key: string, qty = 10, userId = LEAD) {
  return {
    key,
    path: "shipments.confirmReceipt" as const,
    input: { shipmentId: "s1", lines: [{ componentCode: "C1", qtyReceived: qty }], idempotencyKey: key },
    userId,
    summary: { number: "FH-1" },
  };
}

describe("enqueue", () => {
  it("stores the mutation with its key, path and input, pending", async () => {
    const { queue, storage } = harness();
    await queue.enqueue(receipt("key-00000001"));
    const stored = await storage.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      key: "key-00000001",
      path: "shipments.confirmReceipt",
      state: "pending",
      attempts: 0,
      input: { idempotencyKey: "key-00000001" },
    });
    expect(queue.snapshot().entries.map((e) => e.key)).toEqual(["key-00000001"]);
  });

  it("keeps only the first copy of a key, whatever the second carries", async () => {
    const { queue, storage } = harness();
    await queue.enqueue(receipt("key-00000001", 10));
    await queue.enqueue(receipt("key-00000001", 7));
    const stored = await storage.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.input).toMatchObject({ lines: [{ qtyReceived: 10 }] });
  });

  it("survives a reload: a new queue on the same storage sees the entries", async () => {
    const backing = new Map<string, string>();
    const store = {
      getItem: (k: string) => backing.get(k) ?? null,
      setItem: (k: string, v: string) => backing.set(k, v),
    };
    const first = harness(undefined, { storage: localStorageStorage(store) });
    await first.queue.enqueue(receipt("key-00000001"));
    const second = harness(undefined, { storage: localStorageStorage(store) });
    await second.queue.load();
    expect(second.queue.snapshot().entries.map((e) => e.key)).toEqual(["key-00000001"]);
    await second.queue.flush(LEAD);
    expect(second.sent).toHaveLength(1);
    expect(backing.get("kitflow.offline-queue.v1")).toBe("[]");
  });
});

describe("flush", () => {
  it("sends oldest first and removes what the server accepted", async () => {
    const { queue, storage, sent, clock } = harness();
    clock.now = 2_000;
    await queue.enqueue(receipt("key-bbbbbbbb"));
    clock.now = 1_500;
    await queue.enqueue(receipt("key-aaaaaaaa"));
    clock.now = 3_000;
    const report = await queue.flush(LEAD);
    expect(sent.map((s) => (s.input as { idempotencyKey: string }).idempotencyKey)).toEqual([
      "key-aaaaaaaa",
      "key-bbbbbbbb",
    ]);
    expect(report.sent).toEqual(["key-aaaaaaaa", "key-bbbbbbbb"]);
    expect(await storage.list()).toEqual([]);
    expect(queue.snapshot().entries).toEqual([]);
  });

  it("sends exactly the stored input, idempotency key included", async () => {
    const { queue, sent } = harness();
    const item = receipt("key-00000001", 9);
    await queue.enqueue(item);
    await queue.flush(LEAD);
    expect(sent).toEqual([{ path: "shipments.confirmReceipt", input: item.input }]);
  });

  it("stops at a network failure, keeps the entry and backs off", async () => {
    const { queue, sent, clock, storage } = harness(async (_p, _i, call) => {
      if (call === 1) throw networkError();
      return { ok: true };
    });
    await queue.enqueue(receipt("key-aaaaaaaa"));
    clock.now += 1;
    await queue.enqueue(receipt("key-bbbbbbbb"));
    const report = await queue.flush(LEAD);
    expect(report.stopped).toBe("network");
    expect(sent).toHaveLength(1);
    const [first] = await storage.list().then((l) => l.sort((a, b) => a.queuedAt - b.queuedAt));
    expect(first).toMatchObject({ key: "key-aaaaaaaa", state: "pending", attempts: 1 });
    expect(first?.nextAttemptAt).toBe(clock.now + retryDelayMs(1));

    // Before the backoff runs out nothing is sent, not even the younger entry (order is kept);
    // the 'online' event forces a send.
    expect((await queue.flush(LEAD)).stopped).toBe("waiting");
    expect(sent).toHaveLength(1);
    const forced = await queue.flush(LEAD, { force: true });
    expect(forced.sent).toEqual(["key-aaaaaaaa", "key-bbbbbbbb"]);
    expect(await storage.list()).toEqual([]);
  });

  it("sends again once the backoff has passed", async () => {
    let online = false;
    const { queue, sent, clock } = harness(async () => {
      if (!online) throw networkError();
      return { ok: true };
    });
    await queue.enqueue(receipt("key-00000001"));
    await queue.flush(LEAD);
    expect(queue.nextDueAt(LEAD)).toBe(clock.now + retryDelayMs(1));
    online = true;
    clock.now += retryDelayMs(1);
    const report = await queue.flush(LEAD);
    expect(report.sent).toEqual(["key-00000001"]);
    expect(sent).toHaveLength(2);
    expect(queue.nextDueAt(LEAD)).toBeNull();
  });

  it("keeps a CONFLICT for review, goes on with the rest and never resends it", async () => {
    const rejected: string[] = [];
    const delivered: unknown[] = [];
    const { queue, sent, storage } = harness(
      async (_p, input) => {
        if ((input as { idempotencyKey: string }).idempotencyKey === "key-aaaaaaaa") {
          throw serverError("CONFLICT", "shipment FH-1 was already confirmed");
        }
        return { ok: true };
      },
      { onRejected: (e) => rejected.push(e.key), onSent: (_e, result) => delivered.push(result) },
    );
    await queue.enqueue(receipt("key-aaaaaaaa"));
    await queue.enqueue({ ...receipt("key-bbbbbbbb"), path: "shipments.createReturn" });
    const report = await queue.flush(LEAD, { force: true });
    expect(report).toEqual({ sent: ["key-bbbbbbbb"], failed: ["key-aaaaaaaa"] });
    const kept = await storage.list();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      key: "key-aaaaaaaa",
      state: "failed",
      error: { code: "CONFLICT", message: "shipment FH-1 was already confirmed" },
    });
    await queue.flush(LEAD, { force: true });
    expect(sent).toHaveLength(2);
    expect(rejected).toEqual(["key-aaaaaaaa"]);
    expect(delivered).toEqual([{ ok: true }]);
  });

  it("treats invalid input and broken conservation as final too", async () => {
    for (const code of ["BAD_REQUEST", "PRECONDITION_FAILED", "NOT_FOUND", "FORBIDDEN"]) {
      const { queue, sent } = harness(async () => {
        throw serverError(code);
      });
      await queue.enqueue(receipt("key-00000001"));
      const report = await queue.flush(LEAD, { force: true });
      expect(report.failed, code).toEqual(["key-00000001"]);
      await queue.flush(LEAD, { force: true });
      expect(sent, code).toHaveLength(1);
    }
  });

  it("retries a transient server error a few times, then keeps it for review", async () => {
    const { queue, sent, clock } = harness(async () => {
      throw serverError("INTERNAL_SERVER_ERROR");
    });
    await queue.enqueue(receipt("key-00000001"));
    for (let i = 0; i < MAX_TRANSIENT_ATTEMPTS + 3; i++) {
      clock.now += retryDelayMs(MAX_TRANSIENT_ATTEMPTS);
      await queue.flush(LEAD);
    }
    expect(sent).toHaveLength(MAX_TRANSIENT_ATTEMPTS);
    expect(queue.snapshot().entries[0]).toMatchObject({ state: "failed", error: { code: "INTERNAL_SERVER_ERROR" } });
  });

  it("pauses without counting an attempt when the session expired", async () => {
    const { queue, sent } = harness(async () => {
      throw serverError("UNAUTHORIZED");
    });
    await queue.enqueue(receipt("key-aaaaaaaa"));
    await queue.enqueue(receipt("key-bbbbbbbb"));
    const report = await queue.flush(LEAD, { force: true });
    expect(report.stopped).toBe("paused");
    expect(sent).toHaveLength(1);
    expect(queue.snapshot().entries.every((e) => e.state === "pending" && e.attempts === 0)).toBe(true);
  });

  it("sends only the signed-in user's entries", async () => {
    const { queue, sent } = harness();
    await queue.enqueue(receipt("key-mine0001"));
    await queue.enqueue(receipt("key-other001", 10, "user-other"));
    await queue.flush(LEAD);
    expect(sent.map((s) => (s.input as { idempotencyKey: string }).idempotencyKey)).toEqual(["key-mine0001"]);
    expect(queue.snapshot().entries.map((e) => e.key)).toEqual(["key-other001"]);
  });

  it("a failed entry sent again on request, or discarded", async () => {
    let refuse = true;
    const { queue, sent } = harness(async () => {
      if (refuse) throw serverError("CONFLICT");
      return { ok: true };
    });
    await queue.enqueue(receipt("key-aaaaaaaa"));
    await queue.enqueue(receipt("key-bbbbbbbb"));
    await queue.flush(LEAD);
    refuse = false;
    await queue.retry("key-aaaaaaaa");
    await queue.flush(LEAD);
    await queue.discard("key-bbbbbbbb");
    expect(sent).toHaveLength(3);
    expect(queue.snapshot().entries).toEqual([]);
  });
});

describe("exactly once per key", () => {
  it("overlapping flushes never send a key twice", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { queue, sent } = harness(async () => {
      await gate;
      return { ok: true };
    });
    await queue.enqueue(receipt("key-aaaaaaaa"));
    await queue.enqueue(receipt("key-bbbbbbbb"));
    const flushes = [queue.flush(LEAD), queue.flush(LEAD, { force: true }), queue.flush(LEAD)];
    await queue.enqueue(receipt("key-aaaaaaaa"));
    release();
    await Promise.all(flushes);
    const keys = sent.map((s) => (s.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys.sort()).toEqual(["key-aaaaaaaa", "key-bbbbbbbb"]);
  });

  it("two tabs sharing storage and a lock send each key once", async () => {
    const storage = memoryStorage();
    let tail = Promise.resolve();
    const withLock = <T>(work: () => Promise<T>): Promise<T> => {
      const run = tail.then(work);
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    };
    const delivered: string[] = [];
    const tab = () =>
      harness(
        async (_p, input) => {
          await new Promise((r) => setTimeout(r, 5));
          delivered.push((input as { idempotencyKey: string }).idempotencyKey);
        },
        { storage, withLock },
      );
    const a = tab();
    const b = tab();
    await a.queue.enqueue(receipt("key-aaaaaaaa"));
    await b.queue.load();
    await b.queue.enqueue(receipt("key-bbbbbbbb"));
    await Promise.all([a.queue.flush(LEAD), b.queue.flush(LEAD), a.queue.flush(LEAD)]);
    expect(delivered.sort()).toEqual(["key-aaaaaaaa", "key-bbbbbbbb"]);
    expect(await storage.list()).toEqual([]);
  });
});

describe("classifyFailure with the real tRPC client", () => {
  function clientAnswering(fetchImpl: typeof fetch) {
    return createTRPCClient<AnyTRPCRouter>({
      links: [httpLink({ url: "http://kitflow.test/trpc", fetch: fetchImpl })],
    });
  }

  async function failureOf(fetchImpl: typeof fetch) {
    const client = clientAnswering(fetchImpl) as unknown as {
      shipments: { confirmReceipt: { mutate: (input: unknown) => Promise<unknown> } };
    };
    try {
      await client.shipments.confirmReceipt.mutate({});
    } catch (error) {
      return classifyFailure(error);
    }
    throw new Error("expected the call to fail");
  }

  it("no connection is a network failure", async () => {
    const failure = await failureOf(async () => {
      throw networkError();
    });
    expect(failure.kind).toBe("network");
  });

  it("a proxy's HTML error page is a network failure too", async () => {
    const failure = await failureOf(async () => new Response("<html>502 Bad Gateway</html>", { status: 502 }));
    expect(failure.kind).toBe("network");
  });

  it("a tRPC CONFLICT answer is a rejection with its code and message", async () => {
    const body = {
      error: {
        message: "shipment FH-1 was already confirmed",
        code: -32009,
        data: { code: "CONFLICT", httpStatus: 409 },
      },
    };
    const failure = await failureOf(
      async () => new Response(JSON.stringify(body), { status: 409, headers: { "content-type": "application/json" } }),
    );
    expect(failure).toEqual({ kind: "rejected", code: "CONFLICT", message: "shipment FH-1 was already confirmed" });
  });

  it("UNAUTHORIZED pauses, INTERNAL_SERVER_ERROR is transient", async () => {
    const answer = (code: string, status: number) => async () =>
      new Response(JSON.stringify({ error: { message: code, code: -32000, data: { code, httpStatus: status } } }), {
        status,
        headers: { "content-type": "application/json" },
      });
    expect((await failureOf(answer("UNAUTHORIZED", 401))).kind).toBe("paused");
    expect((await failureOf(answer("INTERNAL_SERVER_ERROR", 500))).kind).toBe("transient");
  });
});

describe("retryDelayMs", () => {
  it("doubles from 5 s and stops at 5 minutes", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30)).toBe(300_000);
  });
});
