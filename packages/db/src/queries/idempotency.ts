import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { idempotencyRecords } from "../schema/index";

/** Key order must not change the hash: two clients sending the same fields get the same hash. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function requestHash(procedure: string, input: unknown): string {
  return createHash("sha256")
    .update(procedure)
    .update(JSON.stringify(canonical(input)))
    .digest("hex");
}

export type KeyClaim =
  | { kind: "new" }
  | { kind: "replay"; response: unknown }
  | { kind: "conflict"; reason: string; inFlight: boolean };

/**
 * Claims (user, key) inside the caller's transaction. A concurrent request with the same key
 * blocks on the unique index until the first commits, then sees its stored response.
 */
export async function claimIdempotencyKey(
  tx: Executor,
  claim: { userId: string; key: string; procedure: string; hash: string },
): Promise<KeyClaim> {
  const inserted = await tx
    .insert(idempotencyRecords)
    .values({ userId: claim.userId, key: claim.key, procedure: claim.procedure, requestHash: claim.hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyRecords.key });
  if (inserted.length > 0) return { kind: "new" };
  const [existing] = await tx
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.userId, claim.userId), eq(idempotencyRecords.key, claim.key)));
  if (!existing)
    return {
      kind: "conflict",
      reason: "idempotency key is being used by a request that failed; retry",
      inFlight: true,
    };
  if (existing.procedure !== claim.procedure || existing.requestHash !== claim.hash) {
    return { kind: "conflict", reason: "idempotency key was already used for a different request", inFlight: false };
  }
  return { kind: "replay", response: existing.response };
}

export async function storeIdempotentResponse(
  tx: Executor,
  record: { userId: string; key: string; response: unknown },
): Promise<void> {
  await tx
    .update(idempotencyRecords)
    .set({ response: sql`${JSON.stringify(record.response)}::jsonb` })
    .where(and(eq(idempotencyRecords.userId, record.userId), eq(idempotencyRecords.key, record.key)));
}

/** Whether the caller has already used this key, whatever became of the request. */
export async function idempotencyKeyUsed(db: Executor, userId: string, key: string): Promise<boolean> {
  const [row] = await db
    .select({ key: idempotencyRecords.key })
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.userId, userId), eq(idempotencyRecords.key, key)));
  return row !== undefined;
}
