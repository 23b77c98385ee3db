import { asc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { monitoringRuleVersions, user } from "../schema/index";

export type MonitoringRuleVersion = typeof monitoringRuleVersions.$inferSelect;

/** Rules are a county's: every region below it (township, village) is judged by the county's versions. */
export function rulesCountyOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}

/** Every version of a county's rules in saved order, with who saved each. */
export async function monitoringRuleVersionsOf(db: Executor, regionCode: string) {
  return db
    .select({
      id: monitoringRuleVersions.id,
      regionCode: monitoringRuleVersions.regionCode,
      effectiveFrom: monitoringRuleVersions.effectiveFrom,
      rules: monitoringRuleVersions.rules,
      createdAt: monitoringRuleVersions.createdAt,
      createdBy: monitoringRuleVersions.createdBy,
      createdByName: user.name,
    })
    .from(monitoringRuleVersions)
    .leftJoin(user, eq(user.id, monitoringRuleVersions.createdBy))
    .where(eq(monitoringRuleVersions.regionCode, rulesCountyOf(regionCode)))
    .orderBy(asc(monitoringRuleVersions.id));
}

/** Appends a version; the table refuses updates and deletes. */
export async function insertMonitoringRuleVersion(
  tx: Executor,
  values: { regionCode: string; effectiveFrom: string; rules: Record<string, unknown>; createdBy: string | null },
): Promise<MonitoringRuleVersion> {
  const [row] = await tx.insert(monitoringRuleVersions).values(values).returning();
  if (!row) throw new Error("insert returned no rules version");
  return row;
}
