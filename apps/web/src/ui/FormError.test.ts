import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormError } from "./FormError";

function apiError(code: string, data: Record<string, unknown> = {}, message = "refused") {
  return Object.assign(new Error(message), { data: { code, ...data } });
}

const form = (props: Parameters<typeof FormError>[0]) => createElement(FormError, props);
const text = (element: ReactElement) => renderToStaticMarkup(element).replace(/<[^>]+>/g, "");

describe("FormError", () => {
  it("says nothing without an error or problems", () => {
    expect(renderToStaticMarkup(form({ error: null }))).toBe("");
  });

  it("shows an error that names no field as its message", () => {
    expect(text(form({ error: apiError("CONFLICT", {}, "batch is closed") }))).toBe("batch is closed");
  });

  it("stays silent when every problem is shown beside its field", () => {
    const error = apiError("BAD_REQUEST", { issues: [{ path: "lines.0.qty", message: "too small" }] });
    expect(renderToStaticMarkup(form({ error, shown: ["too small"] }))).toBe("");
  });

  it("names the field of an input problem the form has no place for; a rule's sentence stands alone", () => {
    const invalid = apiError("BAD_REQUEST", { issues: [{ path: "idempotencyKey", message: "too short" }] });
    expect(text(form({ error: invalid, shown: [] }))).toBe("idempotencyKey: too short");
    const rule = apiError("PRECONDITION_FAILED", { field: "writeOffs" }, "write off what is left");
    expect(text(form({ error: rule, shown: [] }))).toBe("write off what is left");
  });

  it("shows problems the form found itself before sending, when they have no place", () => {
    expect(text(form({ error: null, problems: { lat: "required" }, shown: [] }))).toBe("lat: required");
  });
});
