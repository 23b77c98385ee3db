import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useSession } from "../app/session";
import { classifyFailure } from "../lib/errors";
import { useTRPCClient } from "../lib/trpc";
import { OfflineQueue, type QueuedMutation, type QueueSnapshot } from "./queue";
import { sendMutation } from "./send";
import { openQueueStorage, type QueueStorage } from "./storage";
import { useOnline } from "./useOnline";

interface OfflineQueueContext {
  queue: OfflineQueue;
  userId: string;
  online: boolean;
  snapshot: QueueSnapshot;
  /** Queued mutations the server accepted during this visit, newest last. */
  delivered: QueuedMutation[];
  clearDelivered(): void;
  flushNow(): void;
}

const Context = createContext<OfflineQueueContext | null>(null);

/** Storage opens asynchronously (IndexedDB); the queue is usable at once and waits for it. */
function deferredStorage(opening: Promise<QueueStorage>): QueueStorage {
  return {
    list: async () => (await opening).list(),
    put: async (entry) => (await opening).put(entry),
    remove: async (key) => (await opening).remove(key),
  };
}

/** Only one tab sends at a time, so two open tabs never race the same key. */
function browserLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("kitflow-offline-flush", work);
  }
  return work();
}

/**
 * Owns the lead's offline queue: sends it on start, when the connection returns, when the page
 * becomes visible again and at each backoff deadline; refreshes the lists after a queued
 * mutation went through.
 */
export function OfflineQueueProvider({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const userId = user?.userId ?? "";
  const online = useOnline();
  const [delivered, setDelivered] = useState<QueuedMutation[]>([]);
  const clientRef = useRef(client);
  clientRef.current = client;

  const [queue] = useState(
    () =>
      new OfflineQueue({
        storage: deferredStorage(openQueueStorage()),
        send: (path, input) => sendMutation(clientRef.current, path, input as never),
        classify: classifyFailure,
        withLock: browserLock,
        onSent: (entry) => {
          setDelivered((list) => [...list, entry]);
          void queryClient.invalidateQueries();
        },
        onRejected: () => void queryClient.invalidateQueries(),
      }),
  );
  const snapshot = useSyncExternalStore(
    (listener) => queue.subscribe(listener),
    () => queue.snapshot(),
  );

  const flushNow = useMemo(
    () => () => {
      if (userId) void queue.flush(userId, { force: true }).catch(() => undefined);
    },
    [queue, userId],
  );

  // Start: read what an earlier visit left and send it.
  useEffect(() => {
    if (!userId) return;
    void queue
      .load()
      .then(() => queue.flush(userId, { force: true }))
      .catch(() => undefined);
  }, [queue, userId]);

  // The connection came back, or the lead returned to the app: send now, ignoring the backoff.
  useEffect(() => {
    if (online) flushNow();
    const onVisible = () => {
      if (document.visibilityState === "visible" && navigator.onLine) flushNow();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [online, flushNow]);

  // Periodic retry: wake at the oldest entry's backoff deadline (navigator.onLine can be true on a dead network).
  useEffect(() => {
    if (!userId || !online || snapshot.sendingKey) return;
    const due = queue.nextDueAt(userId);
    if (due === null) return;
    const timer = window.setTimeout(
      () => void queue.flush(userId).catch(() => undefined),
      Math.max(1_000, due - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [queue, userId, online, snapshot]);

  const value = useMemo(
    () => ({ queue, userId, online, snapshot, delivered, clearDelivered: () => setDelivered([]), flushNow }),
    [queue, userId, online, snapshot, delivered, flushNow],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useOfflineQueue(): OfflineQueueContext {
  const value = useContext(Context);
  if (!value) throw new Error("useOfflineQueue must be used inside <OfflineQueueProvider>");
  return value;
}
