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
