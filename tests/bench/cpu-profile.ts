import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the sampled time inside a window went, by
 * package: each sample is charged to the function it stopped in (self time), and that function to the npm
 * package it was loaded from, to kitflow's own bundle, to Node's core or to the garbage collector.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShares {
  /** Milliseconds sampled running JavaScript, native code or the GC inside the window. */
  busyMs: number;
  /**
   * Milliseconds sampled inside a socket write. Writing to a peer on the same machine runs the kernel's loopback
   * path and wakes the peer (PostgreSQL, the client), which the kernel may run before the write returns: the
   * profiler cannot tell that waiting from the kernel's own work, so these samples are kept apart from the shares.
   */
  socketWriteMs: number;
  /** Busy time by where it was spent, largest first. */
  shares: { where: string; ms: number }[];
}

const IDLE = new Set(["(idle)", "(program)"]);
const SOCKET_WRITES = new Set(["writeBuffer", "writev", "writeUtf8String", "writeLatin1String"]);

function whereOf(frame: ProfileNode["callFrame"]): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg?.[1]) return pkg[1];
  if (frame.url.includes("/apps/server/dist/")) return "kitflow (apps/server/dist)";
  if (frame.url.startsWith("node:")) return "node core (http, streams, fetch Request/Response, timers)";
  if (frame.functionName === "(garbage collector)") return "garbage collector";
  return "native, no script (microtask queue, crypto, buffers)";
}

/** The profile written into `dir` (the only one there). */
export function readProfile(dir: string): Profile {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
}

/** Shares of the samples taken between `fromMicros` and `toMicros` (the monotonic clock, as process.hrtime). */
export function profileShares(profile: Profile, fromMicros: number, toMicros: number): ProfileShares {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byWhere = new Map<string, number>();
  let busy = 0;
  let socketWrites = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const span = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = frames.get(profile.samples[i] ?? -1);
    if (at < fromMicros || at > toMicros || !frame || IDLE.has(frame.functionName)) continue;
    if (SOCKET_WRITES.has(frame.functionName)) {
      socketWrites += span;
      continue;
    }
    busy += span;
    const where = whereOf(frame);
    byWhere.set(where, (byWhere.get(where) ?? 0) + span);
  }
  return {
    busyMs: busy,
    socketWriteMs: socketWrites,
    shares: [...byWhere].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms),
  };
}

export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
