import { and, eq, inArray, or } from "drizzle-orm";
import type { Executor } from "../client";
import { organisations, partnerships, sites } from "../schema/index";

export type Organisation = typeof organisations.$inferSelect;
export type Site = typeof sites.$inferSelect;

export async function getOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function arePartners(db: Executor, factoryId: string, workshopId: string): Promise<boolean> {
  const rows = await db
    .select({ f: partnerships.factoryId })
    .from(partnerships)
    .where(and(eq(partnerships.factoryId, factoryId), eq(partnerships.workshopId, workshopId)));
  return rows.length > 0;
}

/** The organisations on the other side of the caller's partnerships, with their sites. */
export async function listPartnersOf(db: Executor, organisationId: string) {
  const pairs = await db
    .select()
    .from(partnerships)
    .where(or(eq(partnerships.factoryId, organisationId), eq(partnerships.workshopId, organisationId)));
  const ids = pairs.map((p) => (p.factoryId === organisationId ? p.workshopId : p.factoryId));
  return organisationsWithSites(db, ids);
}

export async function organisationsWithSites(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const orgs = await db
    .select()
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
  const siteRows = await db
    .select()
    .from(sites)
    .where(inArray(sites.organisationId, [...ids]));
  return orgs
    .map((org) => ({ ...org, sites: siteRows.filter((s) => s.organisationId === org.id) }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}
