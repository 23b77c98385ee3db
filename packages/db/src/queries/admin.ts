import { asc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { organisations, partnerships, regions, sites, user } from "../schema/index";

export async function listOrganisationsWithPeople(db: Executor) {
  const [orgs, siteRows, users, links] = await Promise.all([
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
    db.select({ factoryId: partnerships.factoryId, workshopId: partnerships.workshopId }).from(partnerships),
  ]);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return orgs.map((org) => ({
    ...org,
    sites: siteRows.filter((s) => s.organisationId === org.id),
    users: users.filter((u) => u.organisationId === org.id),
    /** For a factory, the workshops it sends work to; empty for the other kinds. */
    partnerWorkshops: links
      .filter((l) => l.factoryId === org.id)
      .flatMap((l) => {
        const workshop = byId.get(l.workshopId);
        return workshop ? [{ id: workshop.id, name: workshop.name, shortName: workshop.shortName }] : [];
      }),
  }));
}

/** Every county, township and village, in code order: the admin picks an organisation's or a site's region from these. */
export function listRegions(db: Executor) {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .orderBy(asc(regions.code));
}

/** Whether a region code is in the reference data (organisations and sites may only name known regions). */
export async function regionExists(db: Executor, code: string): Promise<boolean> {
  const rows = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return rows.length > 0;
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
