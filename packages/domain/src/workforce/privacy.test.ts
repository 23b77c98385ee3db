import { describe, expect, it } from "vitest";
import { rosterSheetRow } from "../contracts/workforce";
import { isValidIdNumber, maskIdNumber, maskName, suppressSmallCounts } from "./privacy";

describe("privacy", () => {
  it("suppresses counts of one or two, and a whole row of one or two people", () => {
    const row = { people: 12, poorPeople: 2, monitoredPeople: 0, earningsFen: 100 };
    expect(suppressSmallCounts(row, "people", ["poorPeople", "monitoredPeople"], ["earningsFen"])).toEqual({
      people: 12,
      poorPeople: null,
      monitoredPeople: 0,
      earningsFen: 100,
    });
    const small = { people: 2, poorPeople: 2, monitoredPeople: 0, earningsFen: 100 };
    expect(suppressSmallCounts(small, "people", ["poorPeople", "monitoredPeople"], ["earningsFen"])).toEqual({
      people: null,
      poorPeople: null,
      monitoredPeople: null,
      earningsFen: null,
    });
    const three = { people: 3, poorPeople: 3, monitoredPeople: 0, earningsFen: 100 };
    expect(suppressSmallCounts(three, "people", ["poorPeople"], ["earningsFen"])).toEqual(three);
  });

  it("masks names and identity numbers", () => {
    expect(maskName("钟丹平")).toBe("钟*平");
    expect(maskName("欧阳春梅")).toBe("欧**梅");
    expect(maskName("李四")).toBe("李*");
    expect(maskIdNumber("123X")).toBe("**************123X");
    expect(maskIdNumber(null)).toBeNull();
  });

  it("checks resident identity numbers (GB 11643)", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(isValidIdNumber("11010519491231002x")).toBe(true);
    expect(isValidIdNumber("110105194912310021")).toBe(false);
    expect(isValidIdNumber("110105194902300028")).toBe(false);
    expect(isValidIdNumber("1101051949123100")).toBe(false);
  });

  it("reads spreadsheet cells: 是/否, several date styles, masked identity numbers as blank", () => {
    const row = {
      name: "谢小兰",
      idNumber: "**************002X",
      phone: "",
      village: "田坞村",
      poorHousehold: "是",
      monitored: "否",
      disabled: "",
      returnee: "Y",
      joinedOn: "2025/6/1",
      leftOn: "2026年1月31日",
    };
    expect(rosterSheetRow.parse(row)).toMatchObject({
      idNumber: undefined,
      poorHousehold: true,
      disabled: false,
      returnee: true,
      joinedOn: "2025-06-01",
      leftOn: "2026-01-31",
    });
    expect(rosterSheetRow.safeParse({ ...row, poorHousehold: "maybe" }).success).toBe(false);
    expect(rosterSheetRow.safeParse({ ...row, joinedOn: "2025-02-30" }).success).toBe(false);
  });
});
