import { describe, expect, it } from "vitest";
import { protectParts } from "./privacy";
import { type CrossingArea, type CrossingCell, shownWorkshopTotals } from "./privacy-crossing";

describe("protectParts", () => {
  it("hides a part of 1–2 and one more, so the total minus the shown parts pins nothing", () => {
    const parts = protectParts(10, [
      { key: "a", value: 1 },
      { key: "b", value: 4 },
      { key: "c", value: 5 },
    ]);
    expect(parts.get("a")).toBeNull();
    expect([parts.get("b"), parts.get("c")].filter((v) => v === null)).toHaveLength(1);
  });

  it("hides every part when only small parts make up the total", () => {
    const parts = protectParts(3, [
      { key: "a", value: 1 },
      { key: "b", value: 2 },
    ]);
    expect([...parts.values()]).toEqual([null, null]);
  });

  it("shows parts of 3 or more when none is small", () => {
    const parts = protectParts(7, [
      { key: "a", value: 3 },
      { key: "b", value: 4 },
    ]);
    expect([...parts.values()]).toEqual([3, 4]);
  });
});

describe("shownWorkshopTotals", () => {
  // A county of one township and three villages; the county total is shown, every village is hidden.
  const areas = (v: number[]): CrossingArea[] => [
    {
      code: "R",
      parentCode: null,
      value: v.reduce((a, b) => a + b, 0),
      shown: true,
      people: v.reduce((a, b) => a + b, 0),
    },
    {
      code: "T",
      parentCode: "R",
      value: v.reduce((a, b) => a + b, 0),
      shown: true,
      people: v.reduce((a, b) => a + b, 0),
    },
    ...v.map((n, i) => ({ code: `V${i}`, parentCode: "T", value: n, shown: false, people: n })),
  ];
  const cell = (areaCode: string, workshopId: string, value: number): CrossingCell => ({
    areaCode,
    workshopId,
    value,
    people: value,
    shown: false,
  });

  it("hides a workshop whose total is exactly one hidden village of 1 person", () => {
    // W1 draws only from V0 (1 person): its total would read V0 off.
    const shown = shownWorkshopTotals(
      areas([1, 2, 5]),
      [cell("V0", "W1", 1), cell("V1", "W2", 2), cell("V2", "W2", 5)],
      1,
    );
    expect(shown.has("W1")).toBe(false);
    // With W1 hidden, W2 = 7 would leave 8 − 7 = 1 for W1 and so for V0: W2 is hidden too.
    expect(shown.has("W2")).toBe(false);
  });

  it("shows workshops whose totals mix villages so that no small village can be read off", () => {
    const cells = [
      cell("V0", "W1", 1),
      cell("V1", "W1", 2),
      cell("V2", "W1", 2),
      cell("V2", "W2", 3),
      cell("V3", "W2", 1),
    ];
    const withV3: CrossingArea[] = [
      ...areas([1, 2, 5]),
      { code: "V3", parentCode: "T", value: 1, shown: false, people: 1 },
    ];
    withV3[0] = { ...withV3[0], value: 9, people: 9 } as CrossingArea;
    withV3[1] = { ...withV3[1], value: 9, people: 9 } as CrossingArea;
    const shown = shownWorkshopTotals(withV3, cells, 1);
    expect(shown.has("W1")).toBe(true);
  });
});
