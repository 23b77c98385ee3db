import { createSiteInput } from "@kitflow/domain";
import { describe, expect, it } from "vitest";
import { checkContract, withUnpicked } from "./contract";

const site = {
  organisationId: "",
  kind: "workshop",
  name: "壬田合作点",
  lat: 116.1,
  lng: 25.9,
  idempotencyKey: "site-form-0001",
};

describe("checkContract", () => {
  it("names each bad field by its path, worded in the interface language", () => {
    const checked = checkContract(createSiteInput, site);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.lat).toBe("不在中国境内");
    expect(checked.errors.lng).toBe("不在中国境内");
    expect(checked.errors.name).toBeUndefined();
  });

  it("hands back the parsed input when it passes", () => {
    const checked = checkContract(createSiteInput, {
      ...site,
      organisationId: "7d9f3c4e-2b1a-4c5d-8e6f-0a1b2c3d4e5f",
      lat: 25.9,
      lng: 116.1,
    });
    expect(checked).toMatchObject({ ok: true, value: { name: "壬田合作点", lat: 25.9 } });
  });
});

describe("withUnpicked", () => {
  it("replaces the error of a select left on its placeholder, and only that", () => {
    const errors = { organisationId: "must be a valid id", lat: "outside China" };
    expect(withUnpicked(errors, site, ["organisationId", "regionCode"], "请选择一项")).toEqual({
      organisationId: "请选择一项",
      lat: "outside China",
    });
    expect(withUnpicked(errors, { organisationId: "x" }, ["organisationId"], "请选择一项")).toEqual(errors);
  });
});
