import { and, asc, desc, eq, gt, gte, lt, ne, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { fixedStatement } from "../fixed-statement";
import { account, auditEvents, organisations, session, signInThrottle, user } from "../schema/index";
import { rowsOf } from "./rows";

/* ------------------------------ staff accounts ------------------------------- */

/**
 * Every account with a username (workers sign in with codes and are managed by their lead, so they
 * are not listed), with its organisation and how many live sessions it has.
 */
export async function listStaffAccounts(db: Executor, now: Date) {
  const live = db
    .select({ userId: session.userId, n: sql<number>`count(*)::int`.as("n") })
    .from(session)
    .where(gt(session.expiresAt, now))
    .groupBy(session.userId)
    .as("live");
  return db
    .select({
      id: user.id,
      username: user.username,
      name: user.name,
      role: user.role,
      organisationId: user.organisationId,
      organisationName: organisations.shortName,
      disabledAt: user.disabledAt,
      createdAt: user.createdAt,
      sessions: sql<number>`coalesce(${live.n}, 0)::int`,
    })
    .from(user)
    .leftJoin(organisations, eq(organisations.id, user.organisationId))
    .leftJoin(live, eq(live.userId, user.id))
    .where(ne(user.role, "worker"))
    .orderBy(asc(user.role), asc(user.username));
}

/** A staff account by id, locked for the change at hand; workers are not staff accounts. */
export async function lockStaffAccount(tx: Executor, userId: string) {
  const [row] = await tx
    .select({ id: user.id, username: user.username, role: user.role, disabledAt: user.disabledAt })
    .from(user)
    .where(and(eq(user.id, userId), ne(user.role, "worker")))
    .for("update");
  return row;
}

export async function setAccountDisabledAt(tx: Executor, userId: string, disabledAt: Date | null) {
  await tx.update(user).set({ disabledAt, updatedAt: new Date() }).where(eq(user.id, userId));
}

/** Replaces the password of the account's username credential; false when it has none. */
export async function setCredentialPassword(tx: Executor, userId: string, passwordHash: string): Promise<boolean> {
  const rows = await tx
    .update(account)
    .set({ password: passwordHash, updatedAt: new Date() })
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential")))
    .returning({ id: account.id });
  return rows.length > 0;
}

/** Whether a user may hold a session at all (exists and is not disabled). */
export async function accountIsDisabled(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ disabledAt: user.disabledAt }).from(user).where(eq(user.id, userId));
  return !row || row.disabledAt !== null;
}

/**
 * One indexed lookup: the session still exists, has not expired and its user is not disabled. Run on
 * every request a process answers from its short session cache, so a session ended by any process (sign-out,
 * an admin disabling the account or resetting its password, a lead ending a worker's sessions) is
 * refused by every other process at once.
 */
const liveSession = fixedStatement<{ token: string; now: string }>(
  () => sql`select 1 from ${session} join ${user} on ${user.id} = ${session.userId}
    where ${session.token} = ${sql.placeholder("token")} and ${session.expiresAt} > ${sql.placeholder("now")}::timestamptz
      and ${user.disabledAt} is null limit 1`,
);

export async function sessionIsLive(db: Executor, sessionToken: string, now: Date): Promise<boolean> {
  return rowsOf(await liveSession(db, { token: sessionToken, now: now.toISOString() })).length === 1;
}

/* ----------------------------- sign-in attempts ------------------------------ */

/**
 * Counts one more attempt for the key in one statement and returns the count in the current window
 * (a window that started at or before `windowStartsAfter` starts again at `now`). Concurrent attempts
 * each get their own count, so a burst on several processes cannot slip past the limit.
 */
export async function countSignInAttempt(db: Executor, key: string, now: Date, windowStartsAfter: Date) {
  const stale = sql`${signInThrottle.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStart: sql`case when ${stale} then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStart} end`,
      },
    })
    .returning({ attempts: signInThrottle.failures, windowStart: signInThrottle.windowStart });
  if (!row) throw new Error(`sign-in attempt for ${key} was not counted`);
  return row;
}

/** Takes back one counted attempt (a successful sign-in from a shared address is not held against it). */
export async function forgiveSignInAttempt(db: Executor, key: string) {
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, key));
}

/* -------------------------------- audit log --------------------------------- */

/**
 * Who did what, when, with which idempotency key, within [from, to). The audit detail is left out:
 * it can hold what a mutation was given (phones, identity numbers).
 */
export async function auditLogRows(
  db: Executor,
  range: { from: Date; to: Date },
  options: { limit: number; order: "oldest" | "newest" },
) {
  const order =
    options.order === "oldest"
      ? [asc(auditEvents.at), asc(auditEvents.id)]
      : [desc(auditEvents.at), desc(auditEvents.id)];
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      username: user.username,
      name: user.name,
      role: user.role,
      organisationName: organisations.shortName,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      idempotencyKey: auditEvents.idempotencyKey,
    })
    .from(auditEvents)
    .leftJoin(user, eq(user.id, auditEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId))
    .where(and(gte(auditEvents.at, range.from), lt(auditEvents.at, range.to)))
    .orderBy(...order)
    .limit(options.limit);
}
