import { addDays, addMonths, type IsoDate, monthEnd, monthStart } from "../calendar";
import type { MonitoringRules } from "./rules";

/** What the monitoring rules need to know about one roster entry. */
export interface RosterFacts {
  workerId: string;
  poorHousehold: boolean;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  /** Earnings per month (first day of month → fen) at this workshop. */
  monthlyEarningsFen: ReadonlyMap<IsoDate, number>;
}

export interface InsuranceCover {
  coversFrom: IsoDate;
  coversTo: IsoDate;
}

export type CountedBy = "tenure" | "earnings";

export interface CountingWorker {
  workerId: string;
  countedBy: CountedBy[];
  earningsLast12MonthsFen: number;
}

export type MonitoringReason =
  | { code: "too_few_poor_workers"; counted: number; required: number }
  | { code: "no_insurance"; on: IsoDate };

/** 正常运行 / 监测待处置 / 清理. */
export const MONITORING_STATUSES = ["running", "under_watch", "removed"] as const;
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number];

export interface WorkshopEvaluation {
  asOf: IsoDate;
  meets: boolean;
  counting: CountingWorker[];
  reasons: MonitoringReason[];
}

export interface WorkshopMonitoring extends WorkshopEvaluation {
  status: MonitoringStatus;
  /** Under watch: the first evaluation day the workshop fell short. */
  failingSince: IsoDate | null;
  /** Under watch or removed: the day the grace period ends (ended). */
  graceEndsOn: IsoDate | null;
}

/** On the roster that day: joined on or before it and not left before it. */
export function onRoster(worker: Pick<RosterFacts, "joinedOn" | "leftOn">, day: IsoDate): boolean {
  return worker.joinedOn <= day && (worker.leftOn === null || worker.leftOn >= day);
}

/** The twelve months ending with the month of `asOf`. */
export function earningsLast12Months(worker: Pick<RosterFacts, "monthlyEarningsFen">, asOf: IsoDate): number {
  const last = monthStart(asOf);
  const first = addMonths(last, -11);
  let sum = 0;
  for (const [month, fen] of worker.monthlyEarningsFen) if (month >= first && month <= last) sum += fen;
  return sum;
}

/**
 * A 脱贫 worker on the roster on `asOf` counts after `minMonths` full months there (joined
 * 2026-01-01 counts from 2026-04-01, not on 03-31) or after earning `minEarningsFen` in the last
 * twelve months. Someone who has left no longer counts: the workshop is judged on whom it employs.
 */
export function countingWorker(worker: RosterFacts, rules: MonitoringRules, asOf: IsoDate): CountingWorker | null {
  if (!worker.poorHousehold || !onRoster(worker, asOf)) return null;
  const countedBy: CountedBy[] = [];
  if (addMonths(worker.joinedOn, rules.minMonths) <= asOf) countedBy.push("tenure");
  const earned = earningsLast12Months(worker, asOf);
  if (earned >= rules.minEarningsFen) countedBy.push("earnings");
  return countedBy.length > 0 ? { workerId: worker.workerId, countedBy, earningsLast12MonthsFen: earned } : null;
}

export function insured(insurance: readonly InsuranceCover[], day: IsoDate): boolean {
  return insurance.some((c) => c.coversFrom <= day && c.coversTo >= day);
}

export function evaluateWorkshop(
  roster: readonly RosterFacts[],
  insurance: readonly InsuranceCover[],
  rules: MonitoringRules,
  asOf: IsoDate,
): WorkshopEvaluation {
  const counting = roster.flatMap((w) => countingWorker(w, rules, asOf) ?? []);
  const reasons: MonitoringReason[] = [];
  if (counting.length < rules.minPoorWorkers) {
    reasons.push({ code: "too_few_poor_workers", counted: counting.length, required: rules.minPoorWorkers });
  }
  if (rules.insuranceRequired && !insured(insurance, asOf)) reasons.push({ code: "no_insurance", on: asOf });
  return { asOf, meets: reasons.length === 0, counting, reasons };
}

/** The last day of the quarter before the one `day` falls in. */
export function previousQuarterEnd(day: IsoDate): IsoDate {
  const month = Number(day.slice(5, 7));
  const quarterFirstMonth = Math.floor((month - 1) / 3) * 3 + 1;
  return addDays(`${day.slice(0, 4)}-${String(quarterFirstMonth).padStart(2, "0")}-01`, -1);
}

/**
 * The quarterly status: 正常运行 while the rules are met; otherwise 监测待处置 until the grace
 * period (counted from the first quarter-end evaluation in the current run of shortfalls) ends,
 * then 清理. Quarters before anyone joined do not count as shortfalls.
 */
export function monitorWorkshop(
  roster: readonly RosterFacts[],
  insurance: readonly InsuranceCover[],
  rules: MonitoringRules,
  asOf: IsoDate,
): WorkshopMonitoring {
  const now = evaluateWorkshop(roster, insurance, rules, asOf);
  if (now.meets) return { ...now, status: "running", failingSince: null, graceEndsOn: null };
  const firstJoin = roster.reduce<IsoDate | null>(
    (min, w) => (min === null || w.joinedOn < min ? w.joinedOn : min),
    null,
  );
  const lookBackTo = addMonths(asOf, -(rules.graceMonths + 3));
  let failingSince = asOf;
  for (let day = previousQuarterEnd(asOf); day >= lookBackTo; day = previousQuarterEnd(day)) {
    if (firstJoin === null || day < firstJoin) break;
    if (evaluateWorkshop(roster, insurance, rules, day).meets) break;
    failingSince = day;
  }
  // A shortfall found at a quarter end (the last day of a month) runs to the last day of a month.
  const graceEndsOn =
    failingSince === monthEnd(failingSince)
      ? monthEnd(addMonths(failingSince, rules.graceMonths))
      : addMonths(failingSince, rules.graceMonths);
  return { ...now, status: asOf < graceEndsOn ? "under_watch" : "removed", failingSince, graceEndsOn };
}
