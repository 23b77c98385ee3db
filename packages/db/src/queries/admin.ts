import { asc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { organisations, partnerships, sites, user } from "../schema/index";

export async function listOrganisationsWithPeople(db: Executor) {
  const [orgs, siteRows, users] = await Promise.all([
    db.select().from(organisations).orderBy(asc(organisations.kind), asc(organisations.name)),
    db.select().from(sites),
    db
      .select({
        id: user.id,
        username: user.username,
        name: user.name,
        role: user.role,
        organisationId: user.organisationId,
      })
      .from(user)
      .orderBy(asc(user.username)),
  ]);
  return orgs.map((org) => ({
    ...org,
    sites: siteRows.filter((s) => s.organisationId === org.id),
    users: users.filter((u) => u.organisationId === org.id),
  }));
}

export async function insertOrganisation(db: Executor, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error("insert returned no organisation");
  return row;
}

export async function insertSite(db: Executor, values: typeof sites.$inferInsert) {
  const [row] = await db.insert(sites).values(values).returning();
  if (!row) throw new Error("insert returned no site");
  return row;
}

export async function insertPartnership(db: Executor, factoryId: string, workshopId: string) {
  await db.insert(partnerships).values({ factoryId, workshopId }).onConflictDoNothing();
}

export async function findUserByUsername(db: Executor, username: string) {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, username));
  return row;
}
