import { describe, expect, it } from "vitest";
import { rulesProposal } from "../contracts/monitoring-rules";
import {
  DEFAULT_MONITORING_RULES,
  isQuarterStart,
  quarterFirstDay,
  quarterStarting,
  ruleChanges,
  ruleVersionStates,
  statusChanges,
  versionInForce,
} from "./rules";

const v = (id: number, effectiveFrom: string) => ({ id, effectiveFrom });

describe("rules versions by quarter", () => {
  it("takes effect on the first day of a quarter only", () => {
    expect(["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"].every(isQuarterStart)).toBe(true);
    expect(["2027-02-01", "2027-04-02", "2027-12-01", "2027-1-01"].some(isQuarterStart)).toBe(false);
    expect(quarterStarting("2027-07-01")).toBe("2027-Q3");
    expect(quarterFirstDay("2027-Q4")).toBe("2027-10-01");
    for (const q of ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]) expect(quarterStarting(quarterFirstDay(q))).toBe(q);
  });

  it("judges each quarter by the latest version effective on or before its first day", () => {
    const versions = [v(1, "2021-01-01"), v(2, "2026-07-01"), v(3, "2027-01-01")];
    expect(versionInForce(versions, "2020-Q4")).toBeNull();
    expect(versionInForce(versions, "2026-Q2")?.id).toBe(1);
    expect(versionInForce(versions, "2026-Q3")?.id).toBe(2);
    expect(versionInForce(versions, "2026-Q4")?.id).toBe(2);
    expect(versionInForce(versions, "2027-Q1")?.id).toBe(3);
    expect(versionInForce(versions, "2030-Q4")?.id).toBe(3);
  });

  it("lets a later save for the same quarter win, whatever order the rows come in", () => {
    const versions = [v(4, "2026-10-01"), v(1, "2021-01-01"), v(2, "2026-10-01")];
    expect(versionInForce(versions, "2026-Q4")?.id).toBe(4);
    expect([...ruleVersionStates(versions, "2026-Q4")]).toEqual([
      [4, "in_force"],
      [1, "past"],
      [2, "superseded"],
    ]);
    expect(ruleVersionStates([...versions, v(5, "2027-04-01")], "2026-Q4").get(5)).toBe("scheduled");
  });

  it("names the fields that change and the workshops whose status moves", () => {
    const after = { ...DEFAULT_MONITORING_RULES, minPoorWorkers: 3, insuranceRequired: false };
    expect(ruleChanges(DEFAULT_MONITORING_RULES, after)).toEqual([
      { field: "minPoorWorkers", from: 5, to: 3 },
      { field: "insuranceRequired", from: true, to: false },
    ]);
    expect(ruleChanges(after, after)).toEqual([]);
    const changes = statusChanges(
      [
        { workshopId: "a", status: "under_watch", graceEndsOn: "2027-03-31" },
        { workshopId: "b", status: "running", graceEndsOn: null },
      ],
      [
        { workshopId: "a", status: "running", graceEndsOn: null },
        { workshopId: "b", status: "running", graceEndsOn: null },
      ],
    );
    expect(changes.map((c) => [c.workshopId, c.from.status, c.to.status, c.changed])).toEqual([
      ["a", "under_watch", "running", true],
      ["b", "running", "running", false],
    ]);
  });

  it("accepts a proposal only with a quarter's first day and rules within bounds, naming the field", () => {
    const ok = { ...DEFAULT_MONITORING_RULES, effectiveFrom: "2027-01-01" };
    expect(rulesProposal.safeParse(ok).success).toBe(true);
    const wrong: [Record<string, unknown>, string][] = [
      [{ ...ok, effectiveFrom: "2027-02-01" }, "effectiveFrom"],
      [{ ...ok, effectiveFrom: "not a date" }, "effectiveFrom"],
      [{ ...ok, minPoorWorkers: 0 }, "minPoorWorkers"],
      [{ ...ok, minMonths: 2.5 }, "minMonths"],
      [{ ...ok, graceMonths: -1 }, "graceMonths"],
      [{ ...ok, regionCode: "36078" }, "regionCode"],
    ];
    for (const [input, field] of wrong) {
      const result = rulesProposal.safeParse(input);
      expect(result.success, field).toBe(false);
      expect([...new Set(result.error?.issues.map((i) => i.path.join(".")))]).toEqual([field]);
    }
  });
});
