/**
 * Things a bench run must undo (databases to drop, servers to stop) even when a suite throws or
 * the run is interrupted with Ctrl-C. Each step runs at most once.
 */
type Step = () => Promise<void>;

const pending = new Set<Step>();

/** Registers an undo step; the returned function runs it now (once) and forgets it. */
export function onCleanup(step: Step): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once: Step = () => {
    done ??= step();
    return done;
  };
  pending.add(once);
  return async () => {
    pending.delete(once);
    await once();
  };
}

async function runPending(): Promise<void> {
  const steps = [...pending].reverse();
  pending.clear();
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error("cleanup failed:", error instanceof Error ? error.message : error);
    }
  }
}

let queue: Promise<void> = Promise.resolve();

/**
 * Runs every step still registered, newest first (a server stops before its database is dropped).
 * Calls queue up, so a caller also waits for a clean-up already under way (say, from Ctrl-C)
 * instead of exiting while a database is still being dropped.
 */
export function cleanUpAll(): Promise<void> {
  queue = queue.then(runPending);
  return queue;
}
