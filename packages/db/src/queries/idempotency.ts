import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { idempotencyRecords } from "../schema/index";
import type { AuditEntry } from "./audit";

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

/** Whether the caller has already used this key, whatever became of the request. */
export async function idempotencyKeyUsed(db: Executor, userId: string, key: string): Promise<boolean> {
  const [row] = await db
    .select({ key: idempotencyRecords.key })
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.userId, userId), eq(idempotencyRecords.key, key)));
  return row !== undefined;
}

/**
 * Ends a mutation in one statement: stores the response under the claimed key and writes the audit row.
 * (The two separately cost a round trip more on every mutation.)
 */
export async function storeResponseAndAudit(
  tx: Executor,
  record: { userId: string; key: string; responseJson: string },
  entry: AuditEntry,
): Promise<void> {
  const detail = entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail);
  await tx.execute(sql`with stored as (
      update idempotency_records set response = ${record.responseJson}::jsonb
      where user_id = ${record.userId} and key = ${record.key}
      returning 1)
    insert into audit_events (actor_user_id, organisation_id, action, entity_type, entity_id, idempotency_key, detail)
    values (${entry.actorUserId}, ${entry.organisationId}::uuid, ${entry.action}, ${entry.entityType}, ${entry.entityId},
      ${entry.idempotencyKey ?? null}, ${detail}::jsonb)`);
}
