import type { QueryClient } from "@tanstack/react-query";

/**
 * Answers the server placed in the page it sent (apps/server/src/lead-page.ts): the signed-in lead's
 * Today, so the first render needs no round trip. Put into the query cache under the keys the tRPC
 * hooks use ([path segments, { input?, type: "query" }]), fresher than any copy the phone held.
 */

interface SeedQuery {
  path: string;
  input?: unknown;
  data: unknown;
}
interface Seed {
  at: number;
  queries: SeedQuery[];
}

const SEED_ELEMENT_ID = "kitflow-seed";

export function readSeed(doc: Pick<Document, "getElementById">): Seed | null {
  const element = doc.getElementById(SEED_ELEMENT_ID);
  if (!element?.textContent) return null;
  try {
    const seed = JSON.parse(element.textContent) as Seed;
    return typeof seed.at === "number" && Array.isArray(seed.queries) ? seed : null;
  } catch {
    return null;
  }
}

export function seedQueryKey(query: Pick<SeedQuery, "path" | "input">): unknown[] {
  return [query.path.split("."), query.input === undefined ? { type: "query" } : { input: query.input, type: "query" }];
}

/** The user the seed was made for (its auth.me answer), to keep another user's phone copy out of the cache. */
export function seedUserId(seed: Seed): string | null {
  const me = seed.queries.find((q) => q.path === "auth.me")?.data as { userId?: unknown } | undefined;
  return typeof me?.userId === "string" ? me.userId : null;
}

export function applySeed(queryClient: QueryClient, seed: Seed): void {
  for (const query of seed.queries) {
    queryClient.setQueryData(seedQueryKey(query), query.data, { updatedAt: seed.at });
  }
}
