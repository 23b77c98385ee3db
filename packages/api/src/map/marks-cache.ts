import { mapDataVersion, type mapSiteMarks } from "@kitflow/db";
import type Supercluster from "supercluster";
import { buildClusterIndex, type ClusterProps, type Marked } from "./clusters";

/**
 * A county's marks (20,000 sites) take far longer to read than a viewport may cost, and panning asks
 * for many viewports in a row. So the marks of a scope and filter, with their cluster index per zoom,
 * are kept per database while mapDataVersion is unchanged and for at most MARKS_TTL_MS.
 */
const MARKS_TTL_MS = 10_000;
const MARKS_ENTRIES = 32;

export interface CachedMarks {
  version: string;
  loadedAt: number;
  marks: Marked[];
  indexes: Map<number, Supercluster<{ i: number }, ClusterProps>>;
}

const marksCache = new WeakMap<object, Map<string, CachedMarks>>();

export async function cachedMarks(
  db: Parameters<typeof mapSiteMarks>[0],
  key: string,
  load: () => Promise<Marked[]>,
): Promise<CachedMarks> {
  const [version, now] = [await mapDataVersion(db), Date.now()];
  let perDb = marksCache.get(db);
  if (!perDb) {
    perDb = new Map();
    marksCache.set(db, perDb);
  }
  const hit = perDb.get(key);
  if (hit && hit.version === version && now - hit.loadedAt < MARKS_TTL_MS) return hit;
  // An expired entry can never be a hit again; dropping them all here keeps a county's marks (and their
  // indexes) from being held for good after its viewers have left.
  for (const [k, entry] of perDb) if (now - entry.loadedAt >= MARKS_TTL_MS) perDb.delete(k);
  // The age counts from when the marks are ready: a load slower than the TTL (a busy server) would
  // otherwise store an entry already expired, and every request would load the county again.
  const marks = await load();
  const entry: CachedMarks = { version, loadedAt: Date.now(), marks, indexes: new Map() };
  perDb.delete(key);
  perDb.set(key, entry);
  // Oldest first in insertion order: drop it once the map holds too many scopes.
  if (perDb.size > MARKS_ENTRIES) perDb.delete(perDb.keys().next().value as string);
  return entry;
}

/** The cluster index of the cached marks at one zoom, built on first use. */
export function clusterIndexAt(cached: CachedMarks, zoom: number): Supercluster<{ i: number }, ClusterProps> {
  let index = cached.indexes.get(zoom);
  if (!index) {
    index = buildClusterIndex(cached.marks, zoom);
    cached.indexes.set(zoom, index);
  }
  return index;
}
