import {
  type Executor,
  insuranceOf,
  monitoringRuleVersionsOf,
  rosterWithEarnings,
  type Worker,
  workshopsUnder,
} from "@kitflow/db";
import {
  addMonths,
  effectiveRules,
  type MonitoringRules,
  minDate,
  monitorWorkshop,
  monthStart,
  onRoster,
  periodOf,
  versionInForce,
  type WorkshopMonitoring,
} from "@kitflow/domain";

/** The version of the county's rules a quarter is judged by, and its rules (the defaults before any version). */
export async function rulesForQuarter(
  db: Executor,
  regionCode: string,
  quarter: string,
): Promise<{ rules: MonitoringRules; version: { id: number; effectiveFrom: string } | null }> {
  const version = versionInForce(await monitoringRuleVersionsOf(db, regionCode), quarter);
  return {
    rules: effectiveRules(version?.rules ?? null),
    version: version ? { id: version.id, effectiveFrom: version.effectiveFrom } : null,
  };
}

export interface MonitoredWorkshop {
  workshop: Awaited<ReturnType<typeof workshopsUnder>>[number];
  monitoring: WorkshopMonitoring;
  roster: { worker: Worker; monthlyEarningsFen: ReadonlyMap<string, number> }[];
  workersOnRoster: number;
  poorOnRoster: number;
  insuredUntil: string | null;
}

/**
 * Every workshop in the region evaluated for a quarter: as of the quarter's last day, or today
 * while the quarter is still running, with the rules in force for that quarter. `proposed` rules
 * replace them for a preview (employment.previewRules): the same computation, other thresholds.
 */
export async function monitorRegion(
  db: Executor,
  regionCode: string,
  quarter: string,
  today: string,
  proposed?: MonitoringRules,
): Promise<{
  asOf: string;
  rules: MonitoringRules;
  rulesVersion: { id: number; effectiveFrom: string } | null;
  workshops: MonitoredWorkshop[];
}> {
  const asOf = minDate(periodOf(quarter).to, today);
  const inForce = proposed ? null : await rulesForQuarter(db, regionCode, quarter);
  const rules = proposed ?? inForce?.rules ?? effectiveRules(null);
  const workshops = await workshopsUnder(db, regionCode);
  const ids = workshops.map((w) => w.id);
  // Earnings back far enough for the 12-month window of the earliest look-back evaluation.
  const fromMonth = addMonths(monthStart(asOf), -(12 + rules.graceMonths + 3));
  const [roster, insurance] = await Promise.all([rosterWithEarnings(db, ids, fromMonth), insuranceOf(db, ids)]);
  return {
    asOf,
    rules,
    rulesVersion: inForce?.version ?? null,
    workshops: workshops.map((workshop) => {
      const own = roster.filter((r) => r.worker.workshopId === workshop.id);
      const cover = insurance.filter((i) => i.workshopId === workshop.id);
      const facts = own.map((r) => ({
        workerId: r.worker.id,
        poorHousehold: r.worker.poorHousehold,
        joinedOn: r.worker.joinedOn,
        leftOn: r.worker.leftOn,
        monthlyEarningsFen: r.monthlyEarningsFen,
      }));
      const current = own.filter((r) => onRoster(r.worker, asOf));
      const covering = cover.filter((c) => c.coversFrom <= asOf && c.coversTo >= asOf);
      return {
        workshop,
        monitoring: monitorWorkshop(facts, cover, rules, asOf),
        roster: own,
        workersOnRoster: current.length,
        poorOnRoster: current.filter((r) => r.worker.poorHousehold).length,
        insuredUntil: covering.reduce<string | null>(
          (max, c) => (max === null || c.coversTo > max ? c.coversTo : max),
          null,
        ),
      };
    }),
  };
}

export interface WorkshopStatus {
  status: WorkshopMonitoring["status"];
  graceEndsOn: string | null;
}

/**
 * The monitoring status of every workshop under the given regions for a quarter, each region
 * judged by its own rules: exactly what the monitoring page shows, for the map and its table.
 */
export async function workshopStatuses(
  db: Executor,
  regionCodes: readonly string[],
  quarter: string,
  today: string,
): Promise<Map<string, WorkshopStatus>> {
  const statuses = new Map<string, WorkshopStatus>();
  for (const code of regionCodes) {
    const region = await monitorRegion(db, code, quarter, today);
    for (const w of region.workshops) {
      statuses.set(w.workshop.id, { status: w.monitoring.status, graceEndsOn: w.monitoring.graceEndsOn });
    }
  }
  return statuses;
}
