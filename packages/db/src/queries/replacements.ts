import type { ReplacementRequestStatus } from "@kitflow/domain";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { batches, replacementRequestNumberSeq, replacementRequests } from "../schema/index";
import { documentNumber } from "./numbers";
import { type BatchScope, batchInScope } from "./scope";

export type ReplacementRequest = typeof replacementRequests.$inferSelect;

/** Records a workshop's request for a replacement (补料); its number reads BL…. */
export async function insertReplacementRequest(
  tx: Executor,
  values: Omit<typeof replacementRequests.$inferInsert, "id" | "number" | "status">,
  now: Date,
): Promise<ReplacementRequest> {
  const number = documentNumber("BL", replacementRequestNumberSeq.seqName ?? "replacement_request_number_seq", now);
  const [row] = await tx
    .insert(replacementRequests)
    .values({ ...values, number, createdAt: now })
    .returning();
  if (!row) throw new Error("insert returned no replacement request");
  return row;
}

/** A request the caller may see (the dispatch that answers it holds its batch's lock). */
export async function getReplacementRequest(tx: Executor, scope: BatchScope, id: string) {
  const [row] = await tx
    .select({ request: replacementRequests })
    .from(replacementRequests)
    .innerJoin(batches, eq(batches.id, replacementRequests.batchId))
    .where(and(eq(replacementRequests.id, id), batchInScope(scope)));
  return row?.request;
}

export async function markReplacementAnswered(tx: Executor, id: string, shipmentId: string, at: Date) {
  await tx
    .update(replacementRequests)
    .set({ status: "answered", answeredByShipmentId: shipmentId, answeredAt: at })
    .where(eq(replacementRequests.id, id));
}

/** Requests in the caller's scope, newest first, each with its batch's number, product and workshop. */
export async function listReplacementRequests(
  db: Executor,
  scope: BatchScope,
  query: { batchId?: string; batchIds?: readonly string[]; status?: ReplacementRequestStatus; limit: number },
) {
  const conditions = [batchInScope(scope)];
  if (query.batchId) conditions.push(eq(replacementRequests.batchId, query.batchId));
  if (query.batchIds) conditions.push(inArray(replacementRequests.batchId, [...query.batchIds]));
  if (query.status) conditions.push(eq(replacementRequests.status, query.status));
  return db
    .select({
      request: replacementRequests,
      batchNumber: batches.number,
      productName: batches.productName,
      workshopId: batches.workshopId,
    })
    .from(replacementRequests)
    .innerJoin(batches, eq(batches.id, replacementRequests.batchId))
    .where(and(...conditions))
    .orderBy(desc(replacementRequests.createdAt), desc(sql`${replacementRequests.number}`))
    .limit(query.limit);
}
