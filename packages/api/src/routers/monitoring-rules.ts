import { type Executor, insertMonitoringRuleVersion, monitoringRuleVersionsOf, rulesCountyOf } from "@kitflow/db";
import {
  effectiveRules,
  type MonitoringRules,
  monitoringRulesSchema,
  previewRulesInput,
  quarterFirstDay,
  quarterStarting,
  type RulesProposal,
  RuleViolation,
  ruleChanges,
  ruleVersionStates,
  shanghaiDay,
  shanghaiQuarter,
  statusChanges,
  updateRulesInput,
  versionInForce,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { ActorOf } from "../actor";
import { ExplainedError, notFound } from "../errors";
import { runMutation } from "../mutation";
import { monitorRegion, rulesForQuarter } from "../region-monitoring";
import { roleProcedure } from "../trpc";

/**
 * 就业帮扶车间 monitoring rules, owned by the county's official. Each change is a new version that
 * takes effect on the first day of a quarter (never earlier than the quarter running today), so a
 * quarter that has ended keeps the status it was given; nothing is overwritten.
 */
const officialProcedure = roleProcedure("official");

/** The county whose rules the official may set: its own, and only when it is a county's official. */
function ownCounty(actor: ActorOf<"official">, regionCode: string | undefined): string {
  if (regionCode !== undefined && regionCode !== actor.regionCode) throw notFound("region");
  if (actor.regionCode.length !== 6) {
    throw new ExplainedError("FORBIDDEN", "monitoring rules are set by the county's official", {
      reason: "rulesSetByCounty",
    });
  }
  return actor.regionCode;
}

/** A new version may govern the quarter running today or a later one, never one that has ended. */
function firstGovernedQuarter(effectiveFrom: string, now: Date): string {
  const current = shanghaiQuarter(now);
  if (effectiveFrom < quarterFirstDay(current)) {
    throw new RuleViolation(
      "input",
      `effectiveFrom: a quarter that has ended keeps its rules; choose ${current} or later`,
      {
        reason: "rulesEffectiveInPast",
        params: { quarter: current },
        field: "effectiveFrom",
      },
    );
  }
  return quarterStarting(effectiveFrom);
}

function proposedRules(input: RulesProposal): MonitoringRules {
  return monitoringRulesSchema.parse(input);
}

/**
 * Every workshop of the county for the quarter the proposal first governs, under the rules in force
 * and under the proposal: both through monitorRegion, the one status computation.
 */
async function previewOf(db: Executor, county: string, quarter: string, rules: MonitoringRules) {
  const today = shanghaiDay(new Date());
  const [before, after] = [
    await monitorRegion(db, county, quarter, today),
    await monitorRegion(db, county, quarter, today, rules),
  ];
  const status = (r: typeof before) =>
    r.workshops.map((w) => ({
      workshopId: w.workshop.id,
      status: w.monitoring.status,
      graceEndsOn: w.monitoring.graceEndsOn,
    }));
  const changes = statusChanges(status(before), status(after));
  return {
    quarter,
    asOf: after.asOf,
    rulesBefore: before.rules,
    rulesAfter: rules,
    ruleChanges: ruleChanges(before.rules, rules),
    changedCount: changes.filter((c) => c.changed).length,
    workshops: after.workshops.map((w, i) => ({
      id: w.workshop.id,
      name: w.workshop.name,
      shortName: w.workshop.shortName,
      from: changes[i]?.from ?? { status: w.monitoring.status, graceEndsOn: w.monitoring.graceEndsOn },
      to: { status: w.monitoring.status, graceEndsOn: w.monitoring.graceEndsOn },
      changed: changes[i]?.changed ?? false,
      reasons: w.monitoring.reasons,
      countingWorkers: w.monitoring.counting.length,
    })),
  };
}

export type RulesPreview = Awaited<ReturnType<typeof previewOf>>;

export const monitoringRulesProcedures = {
  /** The rules in force for the quarter running today (the defaults before the county set any). */
  rules: officialProcedure.query(
    async ({ ctx }) => (await rulesForQuarter(ctx.db, ctx.actor.regionCode, shanghaiQuarter(new Date()))).rules,
  ),

  /** Every version of the county's rules, newest first, with who saved it, when, and what it changed. */
  rulesHistory: officialProcedure.query(async ({ ctx }) => {
    const county = rulesCountyOf(ctx.actor.regionCode);
    const versions = await monitoringRuleVersionsOf(ctx.db, county);
    const currentQuarter = shanghaiQuarter(new Date());
    const states = ruleVersionStates(versions, currentQuarter);
    const inForce = versionInForce(versions, currentQuarter);
    return {
      regionCode: county,
      currentQuarter,
      /** The earliest date a new version may take effect. */
      earliestEffectiveFrom: quarterFirstDay(currentQuarter),
      mayEdit: ctx.actor.regionCode.length === 6,
      inForce: { id: inForce?.id ?? null, rules: effectiveRules(inForce?.rules ?? null) },
      versions: versions
        .map((v) => {
          // What this version changed for its quarter, against what was in force there when it was saved.
          const replaced = versionInForce(
            versions.filter((o) => o.id < v.id),
            quarterStarting(v.effectiveFrom),
          );
          const rules = effectiveRules(v.rules);
          return {
            id: v.id,
            effectiveFrom: v.effectiveFrom,
            quarter: quarterStarting(v.effectiveFrom),
            state: states.get(v.id) ?? "past",
            rules,
            changes: replaced ? ruleChanges(effectiveRules(replaced.rules), rules) : [],
            createdAt: v.createdAt.toISOString(),
            createdByName: v.createdByName ?? null,
          };
        })
        // By the quarter they govern, newest first; of two saves for one quarter, the later first.
        .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.id - a.id),
    };
  }),

  /** Which workshops would change status (from → to) in the quarter the proposed rules first govern. */
  previewRules: officialProcedure.input(previewRulesInput).query(async ({ ctx, input }) => {
    const county = ownCounty(ctx.actor, input.regionCode);
    const quarter = firstGovernedQuarter(input.effectiveFrom, new Date());
    return previewOf(ctx.db, county, quarter, proposedRules(input));
  }),

  /** Saves the rules as a new version from `effectiveFrom`; answers with the version and its preview. */
  updateRules: officialProcedure.input(updateRulesInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "employment.updateRules", input, async (tx) => {
      const county = ownCounty(ctx.actor, input.regionCode);
      const quarter = firstGovernedQuarter(input.effectiveFrom, new Date());
      const rules = proposedRules(input);
      const preview = await previewOf(tx, county, quarter, rules);
      const version = await insertMonitoringRuleVersion(tx, {
        regionCode: county,
        effectiveFrom: input.effectiveFrom,
        rules: { ...rules },
        createdBy: ctx.actor.userId,
      });
      return {
        result: {
          version: {
            id: version.id,
            regionCode: county,
            effectiveFrom: version.effectiveFrom,
            quarter,
            rules,
            createdAt: version.createdAt.toISOString(),
          },
          preview,
        },
        audit: {
          entityType: "monitoring_rules",
          entityId: String(version.id),
          detail: {
            regionCode: county,
            effectiveFrom: version.effectiveFrom,
            changes: preview.ruleChanges,
            statusChanges: preview.workshops
              .filter((w) => w.changed)
              .map((w) => ({ workshopId: w.id, from: w.from.status, to: w.to.status })),
          },
        },
      };
    }),
  ),
} satisfies TRPCRouterRecord;
