import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AreaCounts,
  applySuppression,
  type HiddenCounts,
  PROTECTED_COUNTS,
  planSuppression,
  rowsHiddenInAnyMonth,
} from "./privacy";
import { type AttackCell, attackRanges, type SumEquation } from "./privacy-attack";

/*
 * The differencing a curious person would try, on generated counties: township total minus the
 * shown villages, county total minus the shown townships, a quarter minus its shown months, two
 * adjacent months side by side. None may pin down a hidden count or the earnings of 1–2 people.
 */

interface VillageMonth {
  people: number;
  poorPeople: number;
  monitoredPeople: number;
  newPeople: number;
  earningsFen: number;
}

type Row = AreaCounts & { earningsFen: number };

const COLUMNS = [...PROTECTED_COUNTS, "earningsFen"] as const;

const villageMonth = fc
  .record({
    people: fc.integer({ min: 0, max: 9 }),
    poor: fc.integer({ min: 0, max: 9 }),
    monitored: fc.integer({ min: 0, max: 9 }),
    fresh: fc.integer({ min: 0, max: 9 }),
    pay: fc.integer({ min: 1, max: 400_000 }),
  })
  .map(
    (r): VillageMonth => ({
      people: r.people,
      poorPeople: Math.min(r.poor, r.people),
      monitoredPeople: Math.min(r.monitored, r.poor, r.people),
      newPeople: Math.min(r.fresh, r.people),
      earningsFen: r.people * r.pay,
    }),
  );

/** townships → villages → three months each, plus how many more people the quarter counts than its busiest month. */
const county = fc.array(
  fc.array(fc.tuple(fc.array(villageMonth, { minLength: 3, maxLength: 3 }), fc.nat(2)), {
    minLength: 1,
    maxLength: 5,
  }),
  { minLength: 1, maxLength: 4 },
);

function table(villages: { code: string; figures: VillageMonth }[]): Row[] {
  const rows: Row[] = [];
  const add = (code: string, parentCode: string | null, parts: VillageMonth[]) => {
    const sum = (k: keyof VillageMonth) => parts.reduce((n, p) => n + p[k], 0);
    if (sum("people") === 0) return;
    rows.push({
      code,
      parentCode,
      people: sum("people"),
      poorPeople: sum("poorPeople"),
      monitoredPeople: sum("monitoredPeople"),
      newPeople: sum("newPeople"),
      earningsFen: sum("earningsFen"),
    });
  };
  add(
    "C",
    null,
    villages.map((v) => v.figures),
  );
  const townships = [...new Set(villages.map((v) => v.code.split("/")[0] ?? ""))];
  for (const t of townships) {
    add(
      t,
      "C",
      villages.filter((v) => v.code.startsWith(`${t}/`)).map((v) => v.figures),
    );
  }
  for (const v of villages) add(v.code, v.code.split("/")[0] ?? null, [v.figures]);
  return rows;
}

function quarterOf(months: VillageMonth[], extra: number): VillageMonth {
  const max = (k: keyof VillageMonth) => Math.max(...months.map((m) => m[k]));
  const people = max("people") > 0 ? max("people") + extra : 0;
  return {
    people,
    poorPeople: Math.min(people, max("poorPeople") + extra),
    monitoredPeople: Math.min(people, max("monitoredPeople")),
    newPeople: Math.min(people, max("newPeople")),
    earningsFen: months.reduce((n, m) => n + m.earningsFen, 0),
  };
}

interface Published {
  period: string;
  rows: Row[];
  hidden: HiddenCounts;
  figuresHidden: Set<string>;
}

/** Publishes three months and their quarter the way the product does, and attacks all four at once. */
function publishAndAttack(data: [VillageMonth[], number][][]) {
  const villages = data.flatMap((t, ti) => t.map(([months, extra], vi) => ({ code: `T${ti}/V${vi}`, months, extra })));
  const periods: Published[] = [];
  const monthPlans: HiddenCounts[] = [];
  for (const m of [0, 1, 2]) {
    const rows = table(villages.map((v) => ({ code: v.code, figures: v.months[m] as VillageMonth })));
    const hidden = planSuppression(rows);
    monthPlans.push(hidden);
    periods.push({ period: `M${m}`, rows, hidden, figuresHidden: new Set() });
  }
  const qRows = table(villages.map((v) => ({ code: v.code, figures: quarterOf(v.months, v.extra) })));
  periods.push({
    period: "Q",
    rows: qRows,
    hidden: planSuppression(qRows),
    figuresHidden: rowsHiddenInAnyMonth(monthPlans),
  });

  const cells = new Map<string, AttackCell>();
  const equations: SumEquation[] = [];
  const key = (period: string, code: string, column: string) => `${period}|${code}|${column}`;
  const allCodes = new Set(periods.flatMap((p) => p.rows.map((r) => r.code)));
  for (const p of periods) {
    const shown = applySuppression(p.rows, p.hidden, ["earningsFen"], p.figuresHidden);
    const present = new Set(p.rows.map((r) => r.code));
    // An area missing from a table is known to be zero.
    for (const code of allCodes) {
      if (present.has(code)) continue;
      for (const c of COLUMNS) cells.set(key(p.period, code, c), { value: 0, shown: true, lowerBound: 0 });
    }
    p.rows.forEach((row, i) => {
      const out = shown[i] as unknown as Record<string, number | null>;
      for (const c of COLUMNS) {
        const people = out.people;
        cells.set(key(p.period, row.code, c), {
          value: row[c],
          shown: out[c] !== null,
          lowerBound: c === "people" || c === "earningsFen" ? 1 : 0,
          upperBound: c !== "people" && c !== "earningsFen" && people !== null ? people : undefined,
        });
      }
    });
    const parents = new Set(
      [...allCodes].map((code) => (code === "C" ? null : code.includes("/") ? code.split("/")[0] : "C")),
    );
    for (const parent of parents) {
      if (parent === null || parent === undefined) continue;
      const kids = [...allCodes].filter((code) =>
        parent === "C" ? !code.includes("/") && code !== "C" : code.startsWith(`${parent}/`),
      );
      for (const c of COLUMNS)
        equations.push({ total: key(p.period, parent, c), parts: kids.map((k) => key(p.period, k, c)) });
    }
  }
  // Money adds up over time: the quarter is the sum of its months, area by area.
  for (const code of allCodes) {
    equations.push({
      total: key("Q", code, "earningsFen"),
      parts: ["M0", "M1", "M2"].map((m) => key(m, code, "earningsFen")),
    });
  }
  const ranges = attackRanges(cells, equations);
  const revealed: string[] = [];
  for (const p of periods) {
    for (const row of p.rows) {
      const small = row.people < 3;
      for (const c of COLUMNS) {
        const sensitive = small || (c !== "earningsFen" && c !== "people" && row[c] > 0 && row[c] < 3);
        if (!sensitive) continue;
        const r = ranges.get(key(p.period, row.code, c));
        if (r && r.lo === r.hi) revealed.push(`${key(p.period, row.code, c)}=${row[c]}`);
      }
    }
  }
  return { revealed, periods };
}

describe("complementary suppression against differencing", () => {
  it("hides the next-smallest village when a township has exactly one small village", () => {
    const rows: AreaCounts[] = [
      { code: "C", parentCode: null, people: 20, poorPeople: 9, monitoredPeople: 0, newPeople: 0 },
      { code: "T", parentCode: "C", people: 20, poorPeople: 9, monitoredPeople: 0, newPeople: 0 },
      { code: "T/a", parentCode: "T", people: 1, poorPeople: 1, monitoredPeople: 0, newPeople: 0 },
      { code: "T/b", parentCode: "T", people: 4, poorPeople: 3, monitoredPeople: 0, newPeople: 0 },
      { code: "T/c", parentCode: "T", people: 15, poorPeople: 5, monitoredPeople: 0, newPeople: 0 },
    ];
    const hidden = planSuppression(rows);
    expect(hidden.get("T/a")?.has("people")).toBe(true);
    expect(hidden.get("T/b")?.has("people")).toBe(true);
    expect(hidden.get("T/c")?.has("people")).toBe(false);
    expect(hidden.get("T")?.has("people")).toBe(false);
  });

  it("no township, county, quarter or adjacent-month arithmetic pins a hidden figure (generated counties)", () => {
    fc.assert(
      fc.property(county, (data) => {
        expect(publishAndAttack(data).revealed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
