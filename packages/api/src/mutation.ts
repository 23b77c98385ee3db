import {
  type AuditEntry,
  claimIdempotencyKey,
  requestHash,
  storeResponseAndAudit,
  type Transaction,
} from "@kitflow/db";
import type { Actor } from "./actor";
import { ExplainedError } from "./errors";
import type { ContextInner } from "./trpc";

export interface MutationOutcome<T> {
  result: T;
  audit: Pick<AuditEntry, "entityType" | "entityId"> & { detail?: unknown };
}

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 4;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/**
 * Runs a mutation in one transaction: claims the idempotency key, does the work, stores the
 * response and writes the audit row (one statement). A replayed key returns the first response unchanged; the same
 * key with another payload is CONFLICT. Serialisation failures and deadlocks are retried.
 */
export async function runMutation<I extends { idempotencyKey: string }, T>(
  ctx: ContextInner & { actor: Actor },
  procedure: string,
  input: I,
  work: (tx: Transaction) => Promise<MutationOutcome<T>>,
): Promise<T> {
  const { idempotencyKey, ...payload } = input;
  const hash = requestHash(procedure, payload);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) => {
        const claim = await claimIdempotencyKey(tx, { userId: ctx.actor.userId, key: idempotencyKey, procedure, hash });
        if (claim.kind === "replay") return claim.response as T;
        if (claim.kind === "conflict") {
          // The key's first request failed mid-way (retry) or was another request (never the same key again).
          const reason = claim.inFlight ? "concurrentChange" : "keyReused";
          throw new ExplainedError("CONFLICT", claim.reason, { reason });
        }
        const outcome = await work(tx);
        // Stored and returned as the same plain JSON, so a replay is byte-for-byte the first answer.
        const responseJson = JSON.stringify(outcome.result);
        const response = JSON.parse(responseJson) as T;
        await storeResponseAndAudit(
          tx,
          { userId: ctx.actor.userId, key: idempotencyKey, responseJson },
          {
            actorUserId: ctx.actor.userId,
            organisationId: ctx.actor.organisationId,
            action: procedure,
            idempotencyKey,
            ...outcome.audit,
          },
        );
        return response;
      });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}
