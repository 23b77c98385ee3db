import { describe, expect, it } from "vitest";
import { createOrganisationInput } from "./admin";

const base = { name: "赣州市人社局", shortName: "市人社局", idempotencyKey: "org-prefecture-0001" };

describe("an organisation's region", () => {
  it("may be a prefecture's four digits for an authority (a prefecture's official)", () => {
    expect(createOrganisationInput.safeParse({ ...base, kind: "authority", regionCode: "3607" }).success).toBe(true);
  });

  it("is a county or below for a factory or a workshop", () => {
    const factory = createOrganisationInput.safeParse({ ...base, kind: "factory", regionCode: "3607" });
    expect(factory.success).toBe(false);
    expect(factory.error?.issues.map((i) => i.path.join("."))).toEqual(["regionCode"]);
    const workshop = { ...base, kind: "workshop", workshopMode: "premises" };
    expect(createOrganisationInput.safeParse({ ...workshop, regionCode: "3607" }).success).toBe(false);
    expect(createOrganisationInput.safeParse({ ...workshop, regionCode: "360781100" }).success).toBe(true);
  });

  it("is never five digits or a partial code", () => {
    for (const regionCode of ["36", "36078", "3607811", "36078110"]) {
      expect(createOrganisationInput.safeParse({ ...base, kind: "authority", regionCode }).success, regionCode).toBe(
        false,
      );
    }
  });
});
