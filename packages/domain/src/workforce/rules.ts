import { z } from "zod";

/**
 * 就业帮扶车间 recognition and monitoring thresholds. Counties set their own, so they are
 * configuration stored per authority region, never constants in code.
 */
export const monitoringRulesSchema = z.object({
  /** A workshop needs at least this many counting 脱贫人口 workers. */
  minPoorWorkers: z.number().int().min(1).max(1000),
  /** A 脱贫 worker counts after this many months on the roster… */
  minMonths: z.number().int().min(1).max(24),
  /** …or after earning this much in the last 12 months (fen). */
  minEarningsFen: z.number().int().min(0).max(100_000_000),
  /** A workshop that stops qualifying is 监测待处置 for this many months before it is 清理. */
  graceMonths: z.number().int().min(0).max(24),
  /** Accident insurance (意外伤害保险) must be on file on the evaluation day. */
  insuranceRequired: z.boolean(),
  /** 符合即享受: paid per counting worker of a running workshop, per evaluated quarter (fen). */
  subsidyPerPersonFen: z.number().int().min(0).max(10_000_000),
});
export type MonitoringRules = z.infer<typeof monitoringRulesSchema>;

export const DEFAULT_MONITORING_RULES: MonitoringRules = Object.freeze({
  minPoorWorkers: 5,
  minMonths: 3,
  minEarningsFen: 500_000,
  graceMonths: 6,
  insuranceRequired: true,
  subsidyPerPersonFen: 50_000,
});

/** Stored configuration may be partial or outdated: missing fields fall back to the defaults. */
export function effectiveRules(stored: unknown): MonitoringRules {
  const partial = monitoringRulesSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_MONITORING_RULES, ...(partial.success ? partial.data : {}) };
}

/**
 * Rules are versioned by quarter: a version takes effect on the first day of a quarter (monitoring
 * is quarterly, so a quarter is always judged by one set of rules) and stays in force until a later
 * version does. Versions are never changed: a correction is a new version for the same quarter, and
 * the newest one saved for a quarter wins.
 */
export const QUARTER_START = /^\d{4}-(01|04|07|10)-01$/;

export function isQuarterStart(date: string): boolean {
  return QUARTER_START.test(date);
}

/** The quarter a rules version with this effective date first governs ("2027-04-01" → "2027-Q2"). */
export function quarterStarting(effectiveFrom: string): string {
  return `${effectiveFrom.slice(0, 4)}-Q${Math.floor((Number(effectiveFrom.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first day of a quarter ("2027-Q2" → "2027-04-01"). */
export function quarterFirstDay(quarter: string): string {
  const q = Number(quarter.slice(6));
  return `${quarter.slice(0, 4)}-${String((q - 1) * 3 + 1).padStart(2, "0")}-01`;
}

export interface RuleVersionLike {
  /** Saved order: a later version for the same quarter supersedes an earlier one. */
  id: number;
  effectiveFrom: string;
}

/** The version in force for a quarter: the latest effective on or before its first day, or null before any. */
export function versionInForce<V extends RuleVersionLike>(versions: readonly V[], quarter: string): V | null {
  const first = quarterFirstDay(quarter);
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > first) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.id > best.id)) {
      best = v;
    }
  }
  return best;
}

export const RULE_FIELDS = Object.keys(monitoringRulesSchema.shape) as (keyof MonitoringRules)[];

export interface RuleChange {
  field: keyof MonitoringRules;
  from: number | boolean;
  to: number | boolean;
}

/** The fields whose value differs, in the schema's order. */
export function ruleChanges(before: MonitoringRules, after: MonitoringRules): RuleChange[] {
  return RULE_FIELDS.filter((f) => before[f] !== after[f]).map((field) => ({
    field,
    from: before[field],
    to: after[field],
  }));
}

/** Where a version stands today: in force, waiting for its quarter, replaced, or in force earlier. */
export type RuleVersionState = "in_force" | "scheduled" | "superseded" | "past";

/**
 * Each version's state for the quarter running today: "superseded" when a later save took the same
 * quarter (it never governed anything), "scheduled" when its quarter has not begun.
 */
export function ruleVersionStates<V extends RuleVersionLike>(
  versions: readonly V[],
  currentQuarter: string,
): Map<number, RuleVersionState> {
  const current = versionInForce(versions, currentQuarter);
  const start = quarterFirstDay(currentQuarter);
  const states = new Map<number, RuleVersionState>();
  for (const v of versions) {
    const replaced = versions.some((o) => o.effectiveFrom === v.effectiveFrom && o.id > v.id);
    states.set(
      v.id,
      replaced ? "superseded" : v.id === current?.id ? "in_force" : v.effectiveFrom > start ? "scheduled" : "past",
    );
  }
  return states;
}

export interface StatusLike {
  status: string;
  graceEndsOn: string | null;
}

export interface StatusChange {
  workshopId: string;
  from: StatusLike;
  to: StatusLike;
  changed: boolean;
}

/** Each workshop's status under the rules in force and under proposed rules, for one quarter. */
export function statusChanges(
  before: readonly (StatusLike & { workshopId: string })[],
  after: readonly (StatusLike & { workshopId: string })[],
): StatusChange[] {
  const was = new Map(before.map((w) => [w.workshopId, w]));
  return after.map((w) => {
    const old = was.get(w.workshopId);
    const from = { status: old?.status ?? w.status, graceEndsOn: old?.graceEndsOn ?? null };
    const to = { status: w.status, graceEndsOn: w.graceEndsOn };
    return {
      workshopId: w.workshopId,
      from,
      to,
      changed: from.status !== to.status || from.graceEndsOn !== to.graceEndsOn,
    };
  });
}
