import type { QueuedMutation } from "./queue";

/** Where queued mutations survive a closed tab or a flat phone battery. */
export interface QueueStorage {
  list(): Promise<QueuedMutation[]>;
  put(entry: QueuedMutation): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Last resort when the browser offers no persistent storage: the queue then lasts as long as the tab. */
export function memoryStorage(): QueueStorage {
  const entries = new Map<string, QueuedMutation>();
  return {
    list: async () => [...entries.values()].map((e) => structuredClone(e)),
    put: async (entry) => {
      entries.set(entry.key, structuredClone(entry));
    },
    remove: async (key) => {
      entries.delete(key);
    },
  };
}

/** The part of the Web Storage API used here, so tests can pass any key-value store. */
export type KeyValueStore = Pick<Storage, "getItem" | "setItem">;

const LOCAL_KEY = "kitflow.offline-queue.v1";

/** Fallback for browsers where IndexedDB is unavailable (some private modes): one JSON list. */
export function localStorageStorage(store: KeyValueStore, storageKey = LOCAL_KEY): QueueStorage {
  const read = (): QueuedMutation[] => {
    const raw = store.getItem(storageKey);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as QueuedMutation[]) : [];
    } catch {
      // A corrupt entry must not lock the lead out of the app; it is overwritten on the next write.
      return [];
    }
  };
  const write = (entries: QueuedMutation[]) => store.setItem(storageKey, JSON.stringify(entries));
  return {
    list: async () => read(),
    put: async (entry) => write([...read().filter((e) => e.key !== entry.key), entry]),
    remove: async (key) => write(read().filter((e) => e.key !== key)),
  };
}

const DB_NAME = "kitflow-offline";
const STORE = "mutations";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const open = factory.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE, { keyPath: "key" });
  };
  return request(open);
}

/** IndexedDB: survives restarts and is not limited to a few megabytes of strings. */
export async function indexedDbStorage(factory: IDBFactory): Promise<QueueStorage> {
  const db = await openDatabase(factory);
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = db.transaction(STORE, mode);
    // Resolved only once the transaction committed, so a put is durable before the page says "saved".
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await request(work(tx.objectStore(STORE)));
    await committed;
    return result;
  };
  return {
    list: () => run("readonly", (s) => s.getAll() as IDBRequest<QueuedMutation[]>),
    put: async (entry) => {
      await run("readwrite", (s) => s.put(entry));
    },
    remove: async (key) => {
      await run("readwrite", (s) => s.delete(key));
    },
  };
}

/** The best storage this browser offers: IndexedDB, else localStorage, else memory. */
export async function openQueueStorage(): Promise<QueueStorage> {
  if (typeof indexedDB !== "undefined") {
    try {
      return await indexedDbStorage(indexedDB);
    } catch {
      // Fall through: e.g. Firefox private windows refuse IndexedDB.
    }
  }
  try {
    if (typeof localStorage !== "undefined") {
      localStorage.getItem(LOCAL_KEY);
      return localStorageStorage(localStorage);
    }
  } catch {
    // Storage disabled by the browser's privacy settings.
  }
  return memoryStorage();
}
