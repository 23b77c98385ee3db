import type { PersistedClient, Persister } from "@tanstack/query-persist-client-core";

/**
 * The phone's copy of the lead's (and a worker's) server data, so a reload with no signal still shows
 * what the app last knew. One copy per signed-in user; another user's copy is never restored, and
 * signing out deletes it. Pure logic: the key-value store is passed in (IndexedDB in the browser).
 */

/** Roles whose pages work at the truck, on a phone; other roles' data never stays on the device. */
export const PHONE_ROLES: ReadonlySet<string> = new Set(["workshop_lead", "worker"]);

/** A persisted copy older than this is not shown: two weeks covers a long stretch without signal. */
export const CACHE_MAX_AGE_MS = 14 * 24 * 3600_000;

/** Bumped when a change to the API's answers would make an older copy mislead a page. */
export const CACHE_VERSION = "1";

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export const CURRENT_USER_KEY = "kitflow.cache.user";
export const cacheKeyOf = (userId: string) => `kitflow.cache.${userId}`;

export interface CachedUser {
  userId: string;
  role: string;
}

/** The signed-in user recorded in the cache itself, as auth.me answered (tRPC key [["auth","me"], …]). */
export function userInCache(client: PersistedClient): CachedUser | null {
  for (const query of client.clientState.queries) {
    const [path] = query.queryKey as [unknown, ...unknown[]];
    if (!Array.isArray(path) || path.join(".") !== "auth.me") continue;
    const data = query.state.data as { userId?: unknown; role?: unknown } | null | undefined;
    if (data && typeof data.userId === "string" && typeof data.role === "string") {
      return { userId: data.userId, role: data.role };
    }
  }
  return null;
}

export interface UserCachePersister extends Persister {
  /** Writes what is waiting now instead of at the end of the throttle window (before a reload). */
  flush(): Promise<void>;
  /** The user whose copy was last restored or written, if any. */
  currentUser(): Promise<string | null>;
}

/**
 * Writes at most once per `throttleMs` (every query change calls persistClient), always the latest
 * state. A copy without a phone-role user (signed out, or a factory manager) removes what is stored.
 */
export function userCachePersister(
  store: KeyValueStore,
  options: { throttleMs?: number; schedule?: (run: () => void, ms: number) => void } = {},
): UserCachePersister {
  const throttleMs = options.throttleMs ?? 1_000;
  const schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
  let latest: PersistedClient | null = null;
  let scheduled = false;
  let writing: Promise<void> = Promise.resolve();

  const currentUser = async (): Promise<string | null> => {
    const id = await store.get(CURRENT_USER_KEY);
    return typeof id === "string" ? id : null;
  };

  const removeAll = async () => {
    const previous = await currentUser();
    if (previous) await store.del(cacheKeyOf(previous));
    await store.del(CURRENT_USER_KEY);
  };

  const write = async (client: PersistedClient) => {
    const user = userInCache(client);
    if (!user || !PHONE_ROLES.has(user.role)) {
      await removeAll();
      return;
    }
    const previous = await currentUser();
    if (previous && previous !== user.userId) await store.del(cacheKeyOf(previous));
    await store.set(cacheKeyOf(user.userId), client);
    await store.set(CURRENT_USER_KEY, user.userId);
  };

  const flush = () => {
    scheduled = false;
    const client = latest;
    latest = null;
    if (client) writing = writing.then(() => write(client)).catch(() => undefined);
    return writing;
  };

  return {
    persistClient(client) {
      latest = client;
      if (scheduled) return;
      scheduled = true;
      schedule(() => void flush(), throttleMs);
    },
    async restoreClient() {
      const userId = await currentUser();
      if (!userId) return undefined;
      const client = (await store.get(cacheKeyOf(userId))) as PersistedClient | undefined;
      // A copy must belong to the user it is filed under; anything else is dropped, never shown.
      if (!client || userInCache(client)?.userId !== userId) return undefined;
      return client;
    },
    async removeClient() {
      latest = null;
      writing = writing.then(removeAll).catch(() => undefined);
      await writing;
    },
    flush,
    currentUser,
  };
}
