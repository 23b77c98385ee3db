import { describe, expect, it } from "vitest";
import { countingWorker, evaluateWorkshop, monitorWorkshop, previousQuarterEnd, type RosterFacts } from "./monitoring";
import { DEFAULT_MONITORING_RULES, effectiveRules } from "./rules";

const rules = DEFAULT_MONITORING_RULES;
const insured = [{ coversFrom: "2024-01-01", coversTo: "2027-12-31" }];

function worker(id: string, over: Partial<RosterFacts> = {}): RosterFacts {
  return {
    workerId: id,
    poorHousehold: true,
    joinedOn: "2025-01-01",
    leftOn: null,
    monthlyEarningsFen: new Map(),
    ...over,
  };
}

const five = () => ["a", "b", "c", "d", "e"].map((id) => worker(id));

describe("a 脱贫 worker counts", () => {
  it("after exactly three months on the roster, not a day earlier", () => {
    const w = worker("a", { joinedOn: "2026-01-01" });
    expect(countingWorker(w, rules, "2026-03-31")).toBeNull();
    expect(countingWorker(w, rules, "2026-04-01")?.countedBy).toEqual(["tenure"]);
    // Month ends clamp: 11-30 + 3 months is 02-28.
    expect(countingWorker(worker("b", { joinedOn: "2025-11-30" }), rules, "2026-02-27")).toBeNull();
    expect(countingWorker(worker("b", { joinedOn: "2025-11-30" }), rules, "2026-02-28")).not.toBeNull();
  });

  it("or after earning the threshold in the last twelve months, counted by month", () => {
    const earnings = new Map([
      ["2025-03-01", 499_999],
      ["2026-02-01", 1],
    ]);
    const w = worker("a", { joinedOn: "2026-01-15", monthlyEarningsFen: earnings });
    // March 2025 is inside the twelve months ending February 2026, outside those ending March 2026.
    expect(countingWorker(w, rules, "2026-02-28")).toMatchObject({
      countedBy: ["earnings"],
      earningsLast12MonthsFen: 500_000,
    });
    expect(countingWorker(w, rules, "2026-03-31")).toBeNull();
  });

  it("only while on the roster and only from a 脱贫 household", () => {
    expect(countingWorker(worker("a", { leftOn: "2026-06-30" }), rules, "2026-06-30")).not.toBeNull();
    expect(countingWorker(worker("a", { leftOn: "2026-06-29" }), rules, "2026-06-30")).toBeNull();
    expect(countingWorker(worker("a", { joinedOn: "2026-07-01" }), rules, "2026-06-30")).toBeNull();
    expect(countingWorker(worker("a", { poorHousehold: false }), rules, "2026-06-30")).toBeNull();
  });
});

describe("workshop monitoring", () => {
  it("runs with exactly five counting workers and insurance on file", () => {
    expect(evaluateWorkshop(five(), insured, rules, "2026-06-30")).toMatchObject({ meets: true, reasons: [] });
    const four = five().slice(1);
    expect(evaluateWorkshop(four, insured, rules, "2026-06-30").reasons).toEqual([
      { code: "too_few_poor_workers", counted: 4, required: 5 },
    ]);
    expect(evaluateWorkshop(five(), [], rules, "2026-06-30").reasons).toEqual([
      { code: "no_insurance", on: "2026-06-30" },
    ]);
    expect(evaluateWorkshop(five(), [], { ...rules, insuranceRequired: false }, "2026-06-30").meets).toBe(true);
  });

  it("is under watch from the first short quarter end until the grace period ends, then removed", () => {
    const roster = five();
    roster[0] = worker("a", { leftOn: "2026-05-10" });
    const q2 = monitorWorkshop(roster, insured, rules, "2026-06-30");
    expect(q2).toMatchObject({ status: "under_watch", failingSince: "2026-06-30", graceEndsOn: "2026-12-31" });
    expect(monitorWorkshop(roster, insured, rules, "2026-09-30")).toMatchObject({
      status: "under_watch",
      failingSince: "2026-06-30",
      graceEndsOn: "2026-12-31",
    });
    expect(monitorWorkshop(roster, insured, rules, "2026-12-31").status).toBe("removed");
    // Back to five: running again.
    roster.push(worker("f", { joinedOn: "2026-07-01" }));
    expect(monitorWorkshop(roster, insured, rules, "2026-12-31").status).toBe("running");
  });

  it("mid-quarter evaluations start the grace period on the day itself", () => {
    const roster = five();
    roster[0] = worker("a", { leftOn: "2026-10-10" });
    expect(monitorWorkshop(roster, insured, rules, "2026-11-15")).toMatchObject({
      status: "under_watch",
      failingSince: "2026-11-15",
      graceEndsOn: "2027-05-15",
    });
  });

  it("finds the previous quarter end", () => {
    expect(previousQuarterEnd("2026-06-30")).toBe("2026-03-31");
    expect(previousQuarterEnd("2026-01-01")).toBe("2025-12-31");
    expect(previousQuarterEnd("2026-11-23")).toBe("2026-09-30");
  });

  it("fills missing or invalid stored configuration from the defaults", () => {
    expect(effectiveRules({ minPoorWorkers: 3 })).toEqual({ ...DEFAULT_MONITORING_RULES, minPoorWorkers: 3 });
    expect(effectiveRules(null)).toEqual(DEFAULT_MONITORING_RULES);
    expect(effectiveRules({ minPoorWorkers: -1 })).toEqual(DEFAULT_MONITORING_RULES);
  });
});
