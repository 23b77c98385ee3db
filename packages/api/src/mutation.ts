import {
  type AuditEntry,
  claimIdempotencyKey,
  type FirstStatementClaim,
  KEY_IN_FLIGHT,
  type KeyClaimRequest,
  keyClaimCte,
  keyTaken,
  requestHash,
  storeResponseAndAudit,
  type Transaction,
  type UsedKey,
  verdictOnUsedKey,
} from "@kitflow/db";
import type { Actor } from "./actor";
import { ExplainedError } from "./errors";
import type { ContextInner } from "./trpc";

export interface MutationOutcome<T> {
  result: T;
  audit: Pick<AuditEntry, "entityType" | "entityId"> & { detail?: unknown };
}

type MutationContext = ContextInner & { actor: Actor };

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 4;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

function keyRequest(ctx: MutationContext, procedure: string, input: { idempotencyKey: string }): KeyClaimRequest {
  const { idempotencyKey, ...payload } = input;
  return { userId: ctx.actor.userId, key: idempotencyKey, procedure, hash: requestHash(procedure, payload) };
}

/** A key used before: its first response again, or CONFLICT. */
function answerUsedKey<T>(claim: UsedKey): T {
  if (claim.kind === "replay") return claim.response as T;
  // The key's first request failed mid-way (retry) or was another request (never the same key again).
  const reason = claim.inFlight ? "concurrentChange" : "keyReused";
  throw new ExplainedError("CONFLICT", claim.reason, { reason });
}

/** Stores the response under the key and writes the audit row (one statement), and returns the response. */
async function finish<T>(
  tx: Transaction,
  ctx: MutationContext,
  request: KeyClaimRequest,
  outcome: MutationOutcome<T>,
): Promise<T> {
  // Stored and returned as the same plain JSON, so a replay is byte-for-byte the first answer.
  const responseJson = JSON.stringify(outcome.result);
  const response = JSON.parse(responseJson) as T;
  await storeResponseAndAudit(
    tx,
    { userId: request.userId, key: request.key, responseJson },
    {
      actorUserId: ctx.actor.userId,
      organisationId: ctx.actor.organisationId,
      action: request.procedure,
      idempotencyKey: request.key,
      ...outcome.audit,
    },
  );
  return response;
}

async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

/**
 * Runs a mutation in one transaction: claims the idempotency key, does the work, stores the
 * response and writes the audit row (one statement). A replayed key returns the first response unchanged; the same
 * key with another payload is CONFLICT. Serialisation failures and deadlocks are retried.
 */
export async function runMutation<I extends { idempotencyKey: string }, T>(
  ctx: MutationContext,
  procedure: string,
  input: I,
  work: (tx: Transaction) => Promise<MutationOutcome<T>>,
): Promise<T> {
  const request = keyRequest(ctx, procedure, input);
  return withRetries(() =>
    ctx.db.transaction(async (tx) => {
      const claim = await claimIdempotencyKey(tx, request);
      if (claim.kind !== "new") return answerUsedKey<T>(claim);
      return finish(tx, ctx, request, await work(tx));
    }),
  );
}

/** The first statement found the key taken: the transaction rolls back and the stored answer decides. */
class KeyTakenElsewhere extends Error {}

/**
 * As runMutation, for the hot paths: the key is claimed inside the work's first statement (`claim.cte` added to
 * it, `claim.taken` selected by it, `claim.settle` called with its answer before any check), saving a statement
 * per call. When the key was taken, or the work failed before settling, the transaction rolls back and the key
 * is looked up: a used key replays or is CONFLICT exactly as in runMutation, so a retried request still gets its
 * first answer even where the work itself would now refuse (a receipt already confirmed).
 */
export async function runMutationClaimingFirst<I extends { idempotencyKey: string }, T>(
  ctx: MutationContext,
  procedure: string,
  input: I,
  work: (tx: Transaction, claim: FirstStatementClaim) => Promise<MutationOutcome<T>>,
): Promise<T> {
  const request = keyRequest(ctx, procedure, input);
  return withRetries(async () => {
    let settled = false;
    try {
      return await ctx.db.transaction(async (tx) => {
        const cte = keyClaimCte(tx, request);
        const claim: FirstStatementClaim = {
          cte,
          taken: keyTaken(cte),
          settle(taken) {
            if (!taken) throw new KeyTakenElsewhere();
            settled = true;
          },
        };
        const outcome = await work(tx, claim);
        if (!settled) throw new Error(`${procedure} never claimed its idempotency key`);
        return await finish(tx, ctx, request, outcome);
      });
    } catch (error) {
      if (settled || isRetryable(error)) throw error;
      const used = await verdictOnUsedKey(ctx.db, request);
      if (used) return answerUsedKey<T>(used);
      if (error instanceof KeyTakenElsewhere) {
        return answerUsedKey<T>(KEY_IN_FLIGHT);
      }
      throw error;
    }
  });
}
