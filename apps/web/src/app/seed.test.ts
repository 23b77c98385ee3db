import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applySeed, readSeed, seedQueryKey, seedUserId } from "./seed";

function docWith(text: string | null) {
  return { getElementById: (id: string) => (id === "kitflow-seed" && text !== null ? { textContent: text } : null) };
}

const SEED = {
  at: 1_700_000_000_000,
  queries: [
    { path: "auth.me", data: { userId: "u-lead", role: "workshop_lead" } },
    { path: "batches.list", input: { limit: 100 }, data: { items: [{ id: "b1", note: "</script><b>" }] } },
  ],
};

describe("seed from the page", () => {
  it("reads the seed and files each answer under the tRPC hooks' key", () => {
    const seed = readSeed(docWith(JSON.stringify(SEED)) as unknown as Document);
    expect(seed).not.toBeNull();
    if (!seed) return;
    expect(seedUserId(seed)).toBe("u-lead");
    const client = new QueryClient();
    applySeed(client, seed);
    expect(client.getQueryData([["auth", "me"], { type: "query" }])).toEqual({
      userId: "u-lead",
      role: "workshop_lead",
    });
    const batches = client.getQueryState([["batches", "list"], { input: { limit: 100 }, type: "query" }]);
    expect(batches?.data).toEqual(SEED.queries[1]?.data);
    expect(batches?.dataUpdatedAt).toBe(SEED.at);
  });

  it("ignores a page without a seed or with a broken one", () => {
    expect(readSeed(docWith(null) as unknown as Document)).toBeNull();
    expect(readSeed(docWith("{not json") as unknown as Document)).toBeNull();
    expect(readSeed(docWith('{"queries":[]}') as unknown as Document)).toBeNull();
  });

  it("builds keys without input the way the hooks do", () => {
    expect(seedQueryKey({ path: "auth.me" })).toEqual([["auth", "me"], { type: "query" }]);
  });
});
