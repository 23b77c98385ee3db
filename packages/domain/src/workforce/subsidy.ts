import type { MonitoringStatus } from "./monitoring";
import type { MonitoringRules } from "./rules";

export interface SubsidyWorkshop {
  workshopId: string;
  status: MonitoringStatus;
  countingWorkerIds: readonly string[];
}

export interface SubsidyLine {
  workshopId: string;
  workerIds: string[];
  amountFen: number;
}

/**
 * 符合即享受 (免申即享): every counting worker of a running workshop earns the workshop the
 * configured amount, without anyone applying. Workshops under watch or removed receive nothing.
 */
export function subsidies(
  workshops: readonly SubsidyWorkshop[],
  rules: Pick<MonitoringRules, "subsidyPerPersonFen">,
): { lines: SubsidyLine[]; people: number; totalFen: number } {
  const lines = workshops
    .filter((w) => w.status === "running" && w.countingWorkerIds.length > 0)
    .map((w) => ({
      workshopId: w.workshopId,
      workerIds: [...w.countingWorkerIds],
      amountFen: w.countingWorkerIds.length * rules.subsidyPerPersonFen,
    }));
  return {
    lines,
    people: lines.reduce((s, l) => s + l.workerIds.length, 0),
    totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
  };
}
