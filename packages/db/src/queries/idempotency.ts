import { createHash } from "node:crypto";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { fixedStatement } from "../fixed-statement";
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

export interface KeyClaimRequest {
  userId: string;
  key: string;
  procedure: string;
  hash: string;
}

export type UsedKey = Exclude<KeyClaim, { kind: "new" }>;

/** A key held by a request that then failed and rolled back: the caller retries. */
export const KEY_IN_FLIGHT: UsedKey = {
  kind: "conflict",
  reason: "idempotency key is being used by a request that failed; retry",
  inFlight: true,
};

/** What a key already stored means for a request that presents it again. */
function verdictOn(existing: typeof idempotencyRecords.$inferSelect | undefined, claim: KeyClaimRequest): UsedKey {
  if (!existing) return KEY_IN_FLIGHT;
  if (existing.procedure !== claim.procedure || existing.requestHash !== claim.hash) {
    return { kind: "conflict", reason: "idempotency key was already used for a different request", inFlight: false };
  }
  return { kind: "replay", response: existing.response };
}

function storedKey(db: Executor, claim: KeyClaimRequest) {
  return db
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.userId, claim.userId), eq(idempotencyRecords.key, claim.key)));
}

/**
 * Claims (user, key) inside the caller's transaction. A concurrent request with the same key
 * blocks on the unique index until the first commits, then sees its stored response.
 */
export async function claimIdempotencyKey(tx: Executor, claim: KeyClaimRequest): Promise<KeyClaim> {
  const inserted = await tx
    .insert(idempotencyRecords)
    .values({ userId: claim.userId, key: claim.key, procedure: claim.procedure, requestHash: claim.hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyRecords.key });
  if (inserted.length > 0) return { kind: "new" };
  const [existing] = await storedKey(tx, claim);
  return verdictOn(existing, claim);
}

/**
 * The key claim as a CTE of a mutation's first statement (a lock or read the mutation needs anyway), so
 * claiming costs no statement of its own. `taken` is true in that statement's row when this request took the
 * key; `settle` hands that answer back to the mutation (see runMutation's `claimInFirstStatement`).
 */
export interface FirstStatementClaim {
  cte: ReturnType<typeof keyClaimCte>;
  taken: SQL<boolean>;
  settle(taken: boolean): void;
}

export function keyClaimCte(tx: Executor, claim: KeyClaimRequest) {
  return tx
    .$with("key_claim")
    .as(
      tx
        .insert(idempotencyRecords)
        .values({ userId: claim.userId, key: claim.key, procedure: claim.procedure, requestHash: claim.hash })
        .onConflictDoNothing()
        .returning({ key: idempotencyRecords.key }),
    );
}

/** The column of a first statement that says whether this request took the key. */
export function keyTaken(cte: ReturnType<typeof keyClaimCte>): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${cte})`;
}

/**
 * After a mutation whose first statement found the key taken (or that failed before it knew) has rolled back:
 * a key stored by another request means replay or conflict; no stored key, null.
 */
export async function verdictOnUsedKey(db: Executor, claim: KeyClaimRequest): Promise<UsedKey | null> {
  const [existing] = await storedKey(db, claim);
  return existing ? verdictOn(existing, claim) : null;
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
const responseAndAudit = fixedStatement<{
  userId: string;
  key: string;
  responseJson: string;
  actorUserId: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  idempotencyKey: string | null;
  detail: string | null;
}>(
  () => sql`with stored as (
      update idempotency_records set response = ${sql.placeholder("responseJson")}::jsonb
      where user_id = ${sql.placeholder("userId")} and key = ${sql.placeholder("key")}
      returning 1)
    insert into audit_events (actor_user_id, organisation_id, action, entity_type, entity_id, idempotency_key, detail)
    values (${sql.placeholder("actorUserId")}, ${sql.placeholder("organisationId")}::uuid, ${sql.placeholder("action")},
      ${sql.placeholder("entityType")}, ${sql.placeholder("entityId")}, ${sql.placeholder("idempotencyKey")},
      ${sql.placeholder("detail")}::jsonb)`,
);

export async function storeResponseAndAudit(
  tx: Executor,
  record: { userId: string; key: string; responseJson: string },
  entry: AuditEntry,
): Promise<void> {
  const detail = entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail);
  await responseAndAudit(tx, {
    ...record,
    actorUserId: entry.actorUserId,
    organisationId: entry.organisationId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    idempotencyKey: entry.idempotencyKey ?? null,
    detail,
  });
}
