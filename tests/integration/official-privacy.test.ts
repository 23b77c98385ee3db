import { employmentByArea } from "@kitflow/db";
import {
  type AttackCell,
  addMonths,
  attackRanges,
  monthsIn,
  periodOf,
  quarterOf,
  type SumEquation,
  shanghaiDay,
} from "@kitflow/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

/*
 * The demo official tries every subtraction a curious person would: township total minus the
 * shown villages, county total minus the shown townships, a quarter minus its shown months, two
 * adjacent months side by side, the map beside the overview, the export beside the page. No count
 * of 1–2 people and no figure about them may come out of it.
 */

const COUNTS = ["people", "poorPeople", "monitoredPeople", "newPeople"] as const;
const FIGURES = [...COUNTS, "earningsFen", "daysWorked"] as const;
type Figure = (typeof FIGURES)[number];

describe.each(STORE_KINDS)("officials' figures against differencing on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
  });
  afterAll(() => app?.close());

  it("no hidden demo figure can be worked out from the overview, trend, map and exports together", async () => {
    const official = app.as("official.ruijin");
    const quarter = quarterOf(addMonths(shanghaiDay(new Date()), -3));
    const months = monthsIn(periodOf(quarter).from, periodOf(quarter).to).map((m) => m.slice(0, 7));
    const cells = new Map<string, AttackCell>();
    const equations: SumEquation[] = [];
    const sensitive: { key: string; value: number }[] = [];
    const key = (period: string, code: string, f: Figure) => `${period}|${code}|${f}`;
    const codes = new Set<string>();
    let hiddenSomewhere = 0;

    for (const period of [...months, quarter]) {
      const page = await official.employment.overview({ period });
      const { from, to } = periodOf(period);
      const raw = await employmentByArea(app.handle.db, { regionCode: "360781", from, to });
      const shown = [page.region, ...page.townships, ...page.villages];
      for (const r of raw) {
        codes.add(r.code);
        const seen = shown.find((s) => s.code === r.code);
        expect(seen, `${period} ${r.code}`).toBeDefined();
        for (const f of FIGURES) {
          const value = r[f];
          const visible = seen?.[f];
          if (visible !== null) expect(visible, `${period} ${r.code} ${f}`).toBe(value);
          else hiddenSomewhere++;
          cells.set(key(period, r.code, f), {
            value,
            shown: visible !== null,
            lowerBound: f === "people" || f === "earningsFen" || f === "daysWorked" ? 1 : 0,
            upperBound:
              !COUNTS.includes(f as never) || f === "people" || seen?.people == null
                ? undefined
                : (seen.people as number),
          });
          const small = r.people < 3 || (COUNTS.includes(f as never) && value > 0 && value < 3);
          if (small) sensitive.push({ key: key(period, r.code, f), value });
        }
      }
      // The map of the same period hides the very same village cells.
      const map = await official.map.villages({ period: { from, to } });
      for (const v of map.villages) {
        const same = page.villages.find((x) => x.code === v.code);
        expect([v.people, v.poorPeople, v.earningsFen], `${period} ${v.code}`).toEqual([
          same?.people ?? null,
          same?.poorPeople ?? null,
          same?.earningsFen ?? null,
        ]);
      }
      for (const t of map.townships.filter((x) => x.people !== 0)) {
        const same = page.townships.find((x) => x.code === t.code);
        expect([t.people, t.earningsFen], `${period} ${t.code}`).toEqual(
          same ? [same.people, same.earningsFen] : [0, 0],
        );
      }
      // The export is the page again.
      const file = await official.employment.export({ table: "villages", period, format: "csv" });
      const lines = Buffer.from(file.contentBase64, "base64").toString("utf8").split(/\r\n/);
      for (const v of page.villages) {
        const people = lines.find((l) => l.startsWith(v.code))?.split(",")[2];
        expect(people, `${period} ${v.code}`).toBe(v.people === null ? "—" : String(v.people));
      }
    }
    // The trend's months are the overview's months.
    const trend = await official.employment.trend({ through: months[2] ?? "", months: 3 });
    for (const [i, m] of months.entries()) {
      const page = await official.employment.overview({ period: m });
      expect([trend[i]?.people, trend[i]?.earningsFen], m).toEqual([page.region.people, page.region.earningsFen]);
    }

    // Areas absent from a period had nobody: known zeros.
    for (const period of [...months, quarter]) {
      for (const code of codes) {
        for (const f of FIGURES) {
          if (!cells.has(key(period, code, f)))
            cells.set(key(period, code, f), { value: 0, shown: true, lowerBound: 0 });
        }
      }
      const parentOf = (code: string) => (code.length === 12 ? code.slice(0, 9) : code.length === 9 ? "360781" : null);
      for (const parent of codes) {
        const kids = [...codes].filter((c) => parentOf(c) === parent);
        if (kids.length === 0) continue;
        for (const f of FIGURES) {
          equations.push({ total: key(period, parent, f), parts: kids.map((k) => key(period, k, f)) });
        }
      }
    }
    // Money and days add up over the quarter's months.
    for (const code of codes) {
      for (const f of ["earningsFen", "daysWorked"] as const) {
        equations.push({ total: key(quarter, code, f), parts: months.map((m) => key(m, code, f)) });
      }
    }
    const ranges = attackRanges(cells, equations);
    const revealed = sensitive.filter(({ key: k }) => {
      const r = ranges.get(k);
      return cells.get(k)?.shown === false && r !== undefined && r.lo === r.hi;
    });
    const shownSmall = sensitive.filter(({ key: k }) => cells.get(k)?.shown === true && (cells.get(k)?.value ?? 0) > 0);
    expect(shownSmall).toEqual([]);
    expect(revealed).toEqual([]);
    // The demo does have small villages: the test is not vacuous.
    expect(hiddenSomewhere).toBeGreaterThan(0);
  });
});
