import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "../client";
import { account, user, workers } from "../schema/index";

export async function findUserByUsername(db: Executor, username: string) {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, username));
  return row;
}

export interface NewAccount {
  username: string;
  name: string;
  role: (typeof user.$inferInsert)["role"];
  organisationId: string | null;
  /** Already hashed by better-auth's scrypt: a password never reaches this layer. */
  passwordHash: string;
}

/**
 * A user with a username-and-password credential, written the way better-auth reads it. Accounts
 * are made only by admins and the seed (sign-up is disabled); both come through here. Workers get
 * accounts without a password, below.
 */
export async function insertAccount(tx: Executor, values: NewAccount): Promise<string> {
  const id = randomUUID();
  await tx.insert(user).values({
    id,
    name: values.name,
    email: `${values.username}@kitflow.local`,
    emailVerified: true,
    username: values.username,
    displayUsername: values.username,
    role: values.role,
    organisationId: values.organisationId,
  });
  await tx
    .insert(account)
    .values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: values.passwordHash });
  return id;
}

/** A worker's own account (role worker, no password): it signs in only with codes from its lead. */
export async function createWorkerUser(tx: Executor, worker: { id: string; name: string; workshopId: string }) {
  const userId = randomUUID();
  await tx.insert(user).values({
    id: userId,
    name: worker.name,
    email: `worker-${worker.id}@kitflow.local`,
    emailVerified: false,
    role: "worker",
    organisationId: worker.workshopId,
  });
  await tx.update(workers).set({ userId }).where(eq(workers.id, worker.id));
  return userId;
}
