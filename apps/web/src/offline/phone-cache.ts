import { persistQueryClientRestore, persistQueryClientSubscribe } from "@tanstack/query-persist-client-core";
import type { QueryClient } from "@tanstack/react-query";
import { createStore, del, get, set } from "idb-keyval";
import { CACHE_MAX_AGE_MS, CACHE_VERSION, type KeyValueStore, userCachePersister } from "./user-cache";

function idbStore(): KeyValueStore | null {
  if (typeof indexedDB === "undefined") return null;
  const store = createStore("kitflow-cache", "queries");
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
  };
}

const store = idbStore();
const persister = store ? userCachePersister(store) : null;

/** Longest the first render waits for the phone's copy; a slow disk must not hold the page blank. */
const RESTORE_WAIT_MS = 1_500;

/**
 * Puts the phone's copy of the signed-in user's data into the query cache (before the first render,
 * so a reload with no signal shows the last known Today instead of the sign-in page), then keeps the
 * copy up to date with every successful query.
 */
export async function startPhoneCache(queryClient: QueryClient, options: { signedIn?: string } = {}): Promise<void> {
  if (!persister) return;
  // The page already says who is signed in: another user's copy is deleted, never shown.
  const copyOf = options.signedIn ? await persister.currentUser() : null;
  if (copyOf && copyOf !== options.signedIn) await persister.removeClient();
  const restore = persistQueryClientRestore({
    queryClient,
    persister,
    maxAge: CACHE_MAX_AGE_MS,
    buster: CACHE_VERSION,
  }).catch(() => undefined);
  // Saving starts only once the copy is in: a cache still empty would otherwise overwrite it.
  void restore.then(() => {
    // The copy is shown at once but is never taken as fresh: every page asks the server again when it opens.
    void queryClient.invalidateQueries({ refetchType: "none" });
    persistQueryClientSubscribe({
      queryClient,
      persister,
      buster: CACHE_VERSION,
      dehydrateOptions: {
        shouldDehydrateQuery: (query) => query.state.status === "success",
        // Offline writes go through the offline queue, never through paused React Query mutations.
        shouldDehydrateMutation: () => false,
      },
    });
  });
  await Promise.race([restore, new Promise((resolve) => setTimeout(resolve, RESTORE_WAIT_MS))]);
  // The phone may be put away within the throttle window: write what is waiting before the page goes.
  const flush = () => void persister.flush();
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
}

/** Deletes the phone's copy: on sign-out, or when the server says the session has ended. */
export async function forgetPhoneCache(): Promise<void> {
  await persister?.removeClient();
}
