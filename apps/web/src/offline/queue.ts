/**
 * The offline queue: mutations a workshop lead made while the village network was down, kept with
 * their idempotency key and replayed when it returns. Every kitflow mutation is idempotent by key,
 * so a replay of something the server already applied returns the first answer instead of applying
 * it again. Pure logic: storage, sending, clock and cross-tab locking are injected.
 */

import type { Failure } from "../lib/errors";
import type { QueueStorage } from "./storage";

/** The mutations a lead may make offline. */
export const OFFLINE_PATHS = [
  "shipments.confirmReceipt",
  "shipments.createReturn",
  "shipments.receiveRework",
  "shipments.requestReplacement",
  "workforce.enterPiecework",
] as const;
export type OfflinePath = (typeof OFFLINE_PATHS)[number];

export interface QueuedMutation {
  /** The idempotency key of the attempt; also the queue's primary key. */
  key: string;
  path: OfflinePath;
  /** Exactly what the page would have sent, idempotencyKey included. */
  input: unknown;
  /** Who made it: another user signing in on the same phone must not send it under their name. */
  userId: string;
  /** A few facts to show in the pending list (delivery-note or batch number). */
  summary: Record<string, string | number>;
  queuedAt: number;
  attempts: number;
  /** Not sent again before this time (ms since epoch), unless the connection just came back. */
  nextAttemptAt: number;
  state: "pending" | "failed";
  /** Why the server refused it, for the lead to review. */
  error?: { code?: string; message: string };
}

/**
 * This user's entries of one kind still waiting to be sent, with the input they were queued with: what a page
 * shows as kept on the phone. Entries the server refused are left to the pending list.
 */
export function waitingToSend<I>(
  entries: readonly QueuedMutation[],
  userId: string,
  path: OfflinePath,
): (QueuedMutation & { input: I })[] {
  return entries.filter(
    (e): e is QueuedMutation & { input: I } => e.userId === userId && e.path === path && e.state === "pending",
  );
}

export interface QueueDeps {
  storage: QueueStorage;
  send: (path: OfflinePath, input: unknown) => Promise<unknown>;
  /** How a failed send is treated (lib/errors.ts classifyFailure). */
  classify: (error: unknown) => Failure;
  now?: () => number;
  /** Serialises flushes across browser tabs (navigator.locks); the default runs the work directly. */
  withLock?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Called after the server accepted a queued mutation, e.g. to refresh the lists on screen. */
  onSent?: (entry: QueuedMutation, result: unknown) => void;
  /** Called when the server refused one: what is on screen is probably out of date. */
  onRejected?: (entry: QueuedMutation) => void;
}

export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 5 * 60_000;
/** Transient server errors are retried this many times, then kept for review. */
export const MAX_TRANSIENT_ATTEMPTS = 6;

/** 5 s, 10 s, 20 s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Oldest first: a receipt queued before a return must reach the server first. */
export function sendOrder(a: QueuedMutation, b: QueuedMutation): number {
  return a.queuedAt - b.queuedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export interface FlushReport {
  sent: string[];
  failed: string[];
  /** Why the flush stopped early, if it did: offline, signed out, or the oldest entry is backing off. */
  stopped?: "network" | "paused" | "waiting";
}

export type QueueListener = () => void;

export interface QueueSnapshot {
  entries: readonly QueuedMutation[];
  /** The key being sent right now, if any. */
  sendingKey: string | null;
}

export class OfflineQueue {
  private entries: QueuedMutation[] = [];
  private sendingKey: string | null = null;
  private running: Promise<FlushReport> | null = null;
  private listeners = new Set<QueueListener>();
  private current: QueueSnapshot = { entries: [], sendingKey: null };
  private readonly now: () => number;
  private readonly withLock: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(private readonly deps: QueueDeps) {
    this.now = deps.now ?? Date.now;
    this.withLock = deps.withLock ?? ((work) => work());
  }

  /** Reads what an earlier visit (or another tab) left in storage. */
  async load(): Promise<void> {
    this.entries = (await this.deps.storage.list()).sort(sendOrder);
    this.emit();
  }

  /** Everything queued (oldest first) and what is being sent; a new object only after a change (useSyncExternalStore). */
  snapshot(): QueueSnapshot {
    if (this.current.entries !== this.entries || this.current.sendingKey !== this.sendingKey) {
      this.current = { entries: this.entries, sendingKey: this.sendingKey };
    }
    return this.current;
  }

  /** Whether this key is already queued (pending or kept for review). */
  has(key: string): boolean {
    return this.entries.some((e) => e.key === key);
  }

  /** Whether this user has something waiting to be sent; a new mutation must then queue behind it. */
  hasPending(userId: string): boolean {
    return this.entries.some((e) => e.userId === userId && e.state === "pending");
  }

  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stores a mutation to send later. The same key twice keeps the first: a double tap or a page
   * retrying its attempt never queues a second copy.
   */
  async enqueue(item: Pick<QueuedMutation, "key" | "path" | "input" | "userId" | "summary">): Promise<QueuedMutation> {
    const existing = this.entries.find((e) => e.key === item.key);
    if (existing) return existing;
    const now = this.now();
    const entry: QueuedMutation = { ...item, queuedAt: now, attempts: 0, nextAttemptAt: now, state: "pending" };
    await this.deps.storage.put(entry);
    this.entries = [...this.entries, entry].sort(sendOrder);
    this.emit();
    return entry;
  }

  /** The earliest time a pending entry of this user may be sent, for scheduling the next retry. */
  nextDueAt(userId: string): number | null {
    const due = this.entries.filter((e) => e.userId === userId && e.state === "pending").map((e) => e.nextAttemptAt);
    return due.length ? Math.min(...due) : null;
  }

  /**
   * Sends this user's pending entries one at a time, oldest first, stopping at the first that cannot
   * go yet; only entries the server refused are stepped over. `force` ignores the backoff (the
   * connection just came back). Calls made while a flush runs join it and then run once more,
   * so no key is ever in flight twice.
   */
  flush(userId: string, options: { force?: boolean } = {}): Promise<FlushReport> {
    if (this.running) {
      const current = this.running;
      return current.then(() => this.flush(userId, options));
    }
    const run = this.withLock(() => this.flushOnce(userId, options.force ?? false)).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Sends a failed entry again, e.g. after the lead fixed the cause elsewhere. */
  async retry(key: string): Promise<void> {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry) return;
    const { error: _error, ...rest } = entry;
    await this.replace({ ...rest, state: "pending", attempts: 0, nextAttemptAt: this.now() });
  }

  /** Drops an entry the lead reviewed and does not want sent. */
  async discard(key: string): Promise<void> {
    await this.deps.storage.remove(key);
    this.entries = this.entries.filter((e) => e.key !== key);
    this.emit();
  }

  private async flushOnce(userId: string, force: boolean): Promise<FlushReport> {
    // Storage is the truth: another tab may have sent or queued entries meanwhile.
    this.entries = (await this.deps.storage.list()).sort(sendOrder);
    this.emit();
    const report: FlushReport = { sent: [], failed: [] };
    const pending = this.entries.filter((e) => e.userId === userId && e.state === "pending");
    for (const entry of pending) {
      // Strictly in order: a return queued after a receipt needs that receipt applied first.
      if (!force && entry.nextAttemptAt > this.now()) {
        report.stopped = "waiting";
        break;
      }
      this.sendingKey = entry.key;
      this.emit();
      try {
        const result = await this.deps.send(entry.path, entry.input);
        await this.deps.storage.remove(entry.key);
        this.entries = this.entries.filter((e) => e.key !== entry.key);
        report.sent.push(entry.key);
        this.deps.onSent?.(entry, result);
      } catch (error) {
        const failure = this.deps.classify(error);
        const attempts = entry.attempts + 1;
        if (failure.kind === "paused") {
          report.stopped = "paused";
          break;
        }
        if (failure.kind === "network") {
          await this.replace({ ...entry, attempts, nextAttemptAt: this.now() + retryDelayMs(attempts) });
          report.stopped = "network";
          break;
        }
        if (failure.kind === "transient" && attempts < MAX_TRANSIENT_ATTEMPTS) {
          await this.replace({ ...entry, attempts, nextAttemptAt: this.now() + retryDelayMs(attempts) });
          report.stopped = "waiting";
          break;
        }
        await this.replace({
          ...entry,
          attempts,
          state: "failed",
          error: { code: failure.code, message: failure.message },
        });
        report.failed.push(entry.key);
        this.deps.onRejected?.(entry);
      } finally {
        this.sendingKey = null;
        this.emit();
      }
    }
    return report;
  }

  private async replace(entry: QueuedMutation): Promise<void> {
    await this.deps.storage.put(entry);
    this.entries = this.entries.map((e) => (e.key === entry.key ? entry : e));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
