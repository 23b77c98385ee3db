import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../client";
import {
  batches,
  organisations,
  pieceworkDisputes,
  pieceworkEntries,
  session,
  signInThrottle,
  wagePayments,
  workerSignInCodes,
  workers,
} from "../schema/index";

/* --------------------------------- accounts --------------------------------- */

/** The roster row behind a worker's account, with the workshop it belongs to. */
export async function workerOfUser(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: workers.id, workshopId: workers.workshopId, name: workers.name })
    .from(workers)
    .where(eq(workers.userId, userId));
  return row;
}

/** Ends every session of an account; returns how many there were. */
export async function deleteSessionsOf(tx: Executor, userId: string): Promise<number> {
  const rows = await tx.delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
  return rows.length;
}

export async function activeSessionCounts(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ userId: session.userId, n: sql<number>`count(*)::int` })
    .from(session)
    .where(and(inArray(session.userId, [...userIds]), gte(session.expiresAt, new Date())))
    .groupBy(session.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

/* ------------------------------- sign-in codes ------------------------------- */

export async function saveSignInCode(tx: Executor, values: typeof workerSignInCodes.$inferInsert) {
  await tx
    .insert(workerSignInCodes)
    .values(values)
    .onConflictDoUpdate({
      target: workerSignInCodes.workerId,
      set: {
        codeDigest: values.codeDigest,
        expiresAt: values.expiresAt,
        issuedBy: values.issuedBy,
        createdAt: new Date(),
      },
    });
}

/** Workers still on a roster on `today` with this mobile number (in any workshop), and the code each holds. */
export async function signInCandidates(db: Executor, phone: string, today: string) {
  return db
    .select({
      workerId: workers.id,
      workshopId: workers.workshopId,
      name: workers.name,
      userId: workers.userId,
      codeDigest: workerSignInCodes.codeDigest,
      expiresAt: workerSignInCodes.expiresAt,
    })
    .from(workers)
    .innerJoin(workerSignInCodes, eq(workerSignInCodes.workerId, workers.id))
    .where(
      and(
        sql`right(regexp_replace(${workers.phone}, '\\D', '', 'g'), 11) = ${phone}`,
        or(isNull(workers.leftOn), gt(workers.leftOn, today)),
      ),
    );
}

/** Deletes the code if it is still the one checked: of two sign-ins racing with it, one wins. */
export async function consumeSignInCode(tx: Executor, workerId: string, codeDigest: string): Promise<boolean> {
  const rows = await tx
    .delete(workerSignInCodes)
    .where(and(eq(workerSignInCodes.workerId, workerId), eq(workerSignInCodes.codeDigest, codeDigest)))
    .returning({ workerId: workerSignInCodes.workerId });
  return rows.length === 1;
}

/* --------------------------------- throttle ---------------------------------- */

export async function throttleRows(db: Executor, keys: readonly string[]) {
  return db
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [...keys]));
}

/** One more failure for the key; a window older than `windowStartsAfter` starts again at `now`. */
export async function recordSignInFailure(db: Executor, key: string, now: Date, windowStartsAfter: Date) {
  const stale = sql`${signInThrottle.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz`;
  await db
    .insert(signInThrottle)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStart: sql`case when ${stale} then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStart} end`,
      },
    });
}

export async function clearSignInFailures(db: Executor, key: string) {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/* ------------------------------ the worker's days ------------------------------ */

/** A worker's entries in [from, to], each traced to its batch (外发单), product and factory. */
export async function workerEntries(db: Executor, workerId: string, range: { from: string; to: string }) {
  return db
    .select({
      id: pieceworkEntries.id,
      workDate: pieceworkEntries.workDate,
      batchNumber: batches.number,
      productName: batches.productName,
      factoryName: organisations.name,
      qty: pieceworkEntries.qty,
      pieceRateFen: pieceworkEntries.pieceRateFen,
      reversesEntryId: pieceworkEntries.reversesEntryId,
      reason: pieceworkEntries.reason,
    })
    .from(pieceworkEntries)
    .innerJoin(batches, eq(batches.id, pieceworkEntries.batchId))
    .innerJoin(organisations, eq(organisations.id, batches.factoryId))
    .where(
      and(
        eq(pieceworkEntries.workerId, workerId),
        gte(pieceworkEntries.workDate, range.from),
        lte(pieceworkEntries.workDate, range.to),
      ),
    )
    .orderBy(asc(pieceworkEntries.id));
}

/* --------------------------------- questions --------------------------------- */

export type PieceworkDispute = typeof pieceworkDisputes.$inferSelect;

export async function insertDispute(tx: Executor, values: typeof pieceworkDisputes.$inferInsert) {
  const [row] = await tx.insert(pieceworkDisputes).values(values).returning();
  if (!row) throw new Error("insert returned no question");
  return row;
}

export async function openDisputeOf(db: Executor, entryId: number) {
  const [row] = await db
    .select()
    .from(pieceworkDisputes)
    .where(and(eq(pieceworkDisputes.entryId, entryId), isNull(pieceworkDisputes.answeredAt)));
  return row;
}

/** A question of the workshop's workers, locked so two answers cannot both land. */
export async function lockDispute(tx: Executor, workshopId: string, id: string) {
  const [row] = await tx
    .select()
    .from(pieceworkDisputes)
    .where(and(eq(pieceworkDisputes.id, id), eq(pieceworkDisputes.workshopId, workshopId)))
    .for("update");
  return row;
}

export async function saveDisputeAnswer(
  tx: Executor,
  id: string,
  answer: { reply: string | null; correctionEntryId: number | null; answeredBy: string; answeredAt: Date },
) {
  const [row] = await tx.update(pieceworkDisputes).set(answer).where(eq(pieceworkDisputes.id, id)).returning();
  if (!row) throw new Error("question vanished");
  return row;
}

const disputeColumns = {
  id: pieceworkDisputes.id,
  workerId: pieceworkDisputes.workerId,
  workerName: workers.name,
  entryId: pieceworkDisputes.entryId,
  workDate: pieceworkEntries.workDate,
  qty: pieceworkEntries.qty,
  pieceRateFen: pieceworkEntries.pieceRateFen,
  batchNumber: batches.number,
  productName: batches.productName,
  note: pieceworkDisputes.note,
  createdAt: pieceworkDisputes.createdAt,
  reply: pieceworkDisputes.reply,
  correctionEntryId: pieceworkDisputes.correctionEntryId,
  answeredAt: pieceworkDisputes.answeredAt,
};

/** The workshop's open questions, and those answered since `answeredSince`. */
export async function disputesOfWorkshop(db: Executor, workshopId: string, answeredSince: Date) {
  return db
    .select(disputeColumns)
    .from(pieceworkDisputes)
    .innerJoin(workers, eq(workers.id, pieceworkDisputes.workerId))
    .innerJoin(pieceworkEntries, eq(pieceworkEntries.id, pieceworkDisputes.entryId))
    .innerJoin(batches, eq(batches.id, pieceworkEntries.batchId))
    .where(
      and(
        eq(pieceworkDisputes.workshopId, workshopId),
        or(isNull(pieceworkDisputes.answeredAt), gte(pieceworkDisputes.answeredAt, answeredSince)),
      ),
    )
    .orderBy(sql`${pieceworkDisputes.answeredAt} is not null`, desc(pieceworkDisputes.createdAt));
}

/** A worker's questions about entries in [from, to]. */
export async function disputesOfWorker(db: Executor, workerId: string, range: { from: string; to: string }) {
  return db
    .select(disputeColumns)
    .from(pieceworkDisputes)
    .innerJoin(workers, eq(workers.id, pieceworkDisputes.workerId))
    .innerJoin(pieceworkEntries, eq(pieceworkEntries.id, pieceworkDisputes.entryId))
    .innerJoin(batches, eq(batches.id, pieceworkEntries.batchId))
    .where(
      and(
        eq(pieceworkDisputes.workerId, workerId),
        gte(pieceworkEntries.workDate, range.from),
        lte(pieceworkEntries.workDate, range.to),
      ),
    )
    .orderBy(desc(pieceworkDisputes.createdAt));
}

/* ------------------------------- wage payments ------------------------------- */

export async function insertWagePayment(tx: Executor, values: typeof wagePayments.$inferInsert) {
  const [row] = await tx.insert(wagePayments).values(values).returning();
  if (!row) throw new Error("insert returned no payment");
  return row;
}

/** Wages a workshop paid for a month (first day), optionally for one worker, in the order paid. */
export async function wagePaymentsFor(db: Executor, workshopId: string, month: string, workerId?: string) {
  return db
    .select({
      id: wagePayments.id,
      workerId: wagePayments.workerId,
      month: wagePayments.month,
      amountFen: wagePayments.amountFen,
      paidOn: wagePayments.paidOn,
      method: wagePayments.method,
      createdAt: wagePayments.createdAt,
    })
    .from(wagePayments)
    .where(
      and(
        eq(wagePayments.workshopId, workshopId),
        eq(wagePayments.month, month),
        workerId ? eq(wagePayments.workerId, workerId) : undefined,
      ),
    )
    .orderBy(asc(wagePayments.paidOn), asc(wagePayments.createdAt));
}

export async function deleteSignInCode(tx: Executor, workerId: string) {
  await tx.delete(workerSignInCodes).where(eq(workerSignInCodes.workerId, workerId));
}

/** When each waiting code of the workshop's workers expires. */
export async function signInCodesOf(db: Executor, workshopId: string) {
  const rows = await db
    .select({ workerId: workerSignInCodes.workerId, expiresAt: workerSignInCodes.expiresAt })
    .from(workerSignInCodes)
    .innerJoin(workers, eq(workers.id, workerSignInCodes.workerId))
    .where(eq(workers.workshopId, workshopId));
  return new Map(rows.map((r) => [r.workerId, r.expiresAt]));
}
