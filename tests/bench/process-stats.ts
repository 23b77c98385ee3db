import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Memory and CPU of the process that actually serves HTTP. `tsx` and `npm start` run the server
 * as a grandchild, so the launcher's own pid would measure the wrong process; the server is found
 * as the descendant holding the listening socket (Linux /proc).
 */

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) =>
    readOr(`/proc/${pid}/task/${tid}/children`, "").split(/\s+/).filter(Boolean).map(Number),
  );
}

export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of childrenOf(next)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Socket inodes listening on the port, from /proc/net/tcp and tcp6 (state 0A = LISTEN). */
function listeningInodes(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readOr(table, "").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (local?.endsWith(`:${hexPort}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match?.[1] !== undefined && inodes.has(match[1]);
    } catch {
      return false;
    }
  });
}

/** The pid among rootPid and its descendants that listens on the port, if any. */
export function listeningPid(rootPid: number, port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  return [rootPid, ...descendantsOf(rootPid)].find((pid) => holdsSocket(pid, inodes));
}

/** A field of /proc/<pid>/status in kB (VmRSS = now, VmHWM = peak since the process started). */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readOr(`/proc/${pid}/status`, ""));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Linux reports utime/stime in USER_HZ ticks, which is 100 on every mainstream build. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`, "");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS_PER_SECOND;
}

export interface MemoryFigures {
  /** VmRSS when sampling started (the server idle after start-up and seeding). */
  startMb: number;
  /** Highest VmRSS seen while sampling. */
  sampledPeakMb: number;
  /** The kernel's own high-water mark for the process's whole life (start-up and seeding included). */
  lifetimePeakMb: number;
}

/** Samples VmRSS every intervalMs until stop(), which also reads VmHWM while the process still lives. */
export function sampleMemory(pid: number, intervalMs = 200): { stop(): MemoryFigures } {
  const startKb = statusKb(pid, "VmRSS") ?? 0;
  let peakKb = startKb;
  let figures: MemoryFigures | undefined;
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, statusKb(pid, "VmRSS") ?? 0);
  }, intervalMs);
  return {
    stop() {
      if (figures) return figures;
      clearInterval(timer);
      peakKb = Math.max(peakKb, statusKb(pid, "VmRSS") ?? 0);
      // VmHWM is updated lazily and can trail the last VmRSS sample by a few pages.
      const hwmKb = Math.max(peakKb, statusKb(pid, "VmHWM") ?? 0);
      figures = { startMb: startKb / 1024, sampledPeakMb: peakKb / 1024, lifetimePeakMb: hwmKb / 1024 };
      return figures;
    },
  };
}
