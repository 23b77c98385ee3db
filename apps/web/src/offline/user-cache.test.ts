import type { PersistedClient } from "@tanstack/query-persist-client-core";
import { describe, expect, it } from "vitest";
import { CURRENT_USER_KEY, cacheKeyOf, type KeyValueStore, userCachePersister, userInCache } from "./user-cache";

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
    del: async (key) => {
      data.delete(key);
    },
  };
}

function query(path: string[], data: unknown, input?: unknown) {
  return {
    queryKey: [path, input === undefined ? { type: "query" } : { input, type: "query" }],
    queryHash: JSON.stringify([path, input]),
    state: { data, status: "success" as const, dataUpdatedAt: 1, error: null },
  };
}

function client(user: { userId: string; role: string } | null, extra: unknown[] = []): PersistedClient {
  const queries = [...(user ? [query(["auth", "me"], { ...user, name: "钟丹平" })] : []), ...extra];
  return { timestamp: 1, buster: "1", clientState: { mutations: [], queries } } as unknown as PersistedClient;
}

/** Runs scheduled writes only when the test says so, like a throttle window ending. */
function manualSchedule() {
  const due: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void due.push(run),
    runAll: () => {
      for (const run of due.splice(0)) run();
    },
  };
}

const LEAD = { userId: "u-lead", role: "workshop_lead" };
const TODAY = query(["batches", "list"], { items: [{ id: "b1" }] }, { limit: 100 });

describe("userInCache", () => {
  it("reads the signed-in user from the auth.me answer in the copy", () => {
    expect(userInCache(client(LEAD, [TODAY]))).toEqual(LEAD);
    expect(userInCache(client(null, [TODAY]))).toBeNull();
  });
});

describe("userCachePersister", () => {
  it("files the lead's copy under the lead and restores it", async () => {
    const store = memoryStore();
    const timer = manualSchedule();
    const persister = userCachePersister(store, { schedule: timer.schedule });
    persister.persistClient(client(LEAD, [TODAY]));
    timer.runAll();
    await persister.flush();
    expect(store.data.get(CURRENT_USER_KEY)).toBe("u-lead");
    expect(store.data.has(cacheKeyOf("u-lead"))).toBe(true);
    const restored = await persister.restoreClient();
    expect(restored?.clientState.queries.map((q) => q.queryKey[0])).toEqual([
      ["auth", "me"],
      ["batches", "list"],
    ]);
  });

  it("writes once per throttle window, always the latest state", async () => {
    const store = memoryStore();
    const timer = manualSchedule();
    let writes = 0;
    const counting: KeyValueStore = {
      ...store,
      set: async (key, value) => {
        if (key !== CURRENT_USER_KEY) writes += 1;
        await store.set(key, value);
      },
    };
    const persister = userCachePersister(counting, { schedule: timer.schedule });
    persister.persistClient(client(LEAD));
    persister.persistClient(client(LEAD, [TODAY]));
    timer.runAll();
    await persister.flush();
    expect(writes).toBe(1);
    expect((await persister.restoreClient())?.clientState.queries).toHaveLength(2);
  });

  it("keeps nothing for roles that do not work from a phone", async () => {
    const store = memoryStore();
    const persister = userCachePersister(store, { schedule: (run) => run() });
    persister.persistClient(client({ userId: "u-factory", role: "factory_manager" }, [TODAY]));
    await persister.flush();
    expect(store.data.size).toBe(0);
    expect(await persister.restoreClient()).toBeUndefined();
  });

  it("drops the previous user's copy when another user's is written", async () => {
    const store = memoryStore();
    const persister = userCachePersister(store, { schedule: (run) => run() });
    persister.persistClient(client(LEAD, [TODAY]));
    await persister.flush();
    persister.persistClient(client({ userId: "u-other", role: "workshop_lead" }));
    await persister.flush();
    expect(store.data.has(cacheKeyOf("u-lead"))).toBe(false);
    expect(store.data.get(CURRENT_USER_KEY)).toBe("u-other");
  });

  it("forgets everything on sign-out, and a signed-out cache writes nothing back", async () => {
    const store = memoryStore();
    const persister = userCachePersister(store, { schedule: (run) => run() });
    persister.persistClient(client(LEAD, [TODAY]));
    await persister.flush();
    await persister.removeClient();
    expect(store.data.size).toBe(0);
    persister.persistClient(client(null));
    await persister.flush();
    expect(store.data.size).toBe(0);
    expect(await persister.restoreClient()).toBeUndefined();
  });

  it("never restores a copy filed under a user it does not belong to", async () => {
    const store = memoryStore();
    await store.set(CURRENT_USER_KEY, "u-lead");
    await store.set(cacheKeyOf("u-lead"), client({ userId: "u-other", role: "workshop_lead" }, [TODAY]));
    expect(await userCachePersister(store).restoreClient()).toBeUndefined();
  });
});
