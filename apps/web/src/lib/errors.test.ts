import { describe, expect, it } from "vitest";
import { classifyFailure, FINAL_CODES, fieldErrors, worthRetrying } from "./errors";

/** An error as the tRPC client hands it over: the server's formatted shape on `data`. */
function apiError(code: string, data: Record<string, unknown> = {}, message = "refused") {
  return Object.assign(new Error(message), { data: { code, ...data } });
}

describe("one classifier for queries and the offline queue", () => {
  it("a request the server refused is final for both", () => {
    for (const code of FINAL_CODES) {
      expect(classifyFailure(apiError(code)).kind).toBe("rejected");
      expect(worthRetrying(apiError(code))).toBe(false);
    }
  });

  it("signed out pauses the queue and is not retried as a query", () => {
    expect(classifyFailure(apiError("UNAUTHORIZED")).kind).toBe("paused");
    expect(worthRetrying(apiError("UNAUTHORIZED"))).toBe(false);
  });

  it("no answer, or an overloaded server, is worth trying again", () => {
    expect(classifyFailure(new TypeError("Failed to fetch")).kind).toBe("network");
    expect(classifyFailure(apiError("INTERNAL_SERVER_ERROR")).kind).toBe("transient");
    expect(classifyFailure(apiError("TOO_MANY_REQUESTS")).kind).toBe("transient");
    expect(worthRetrying(new TypeError("Failed to fetch"))).toBe(true);
    expect(worthRetrying(apiError("INTERNAL_SERVER_ERROR"))).toBe(true);
  });
});

describe("fieldErrors", () => {
  it("keeps the first issue per path and names a rule violation's field with its message", () => {
    const invalid = apiError("BAD_REQUEST", {
      issues: [
        { path: "lines.0.qty", message: "too small" },
        { path: "lines.0.qty", message: "not whole" },
        { path: "", message: "whole input" },
      ],
    });
    expect(fieldErrors(invalid)).toEqual({ "lines.0.qty": "too small", input: "whole input" });
    expect(fieldErrors(apiError("PRECONDITION_FAILED", { field: "goodQty" }, "more than ordered"))).toEqual({
      goodQty: "more than ordered",
    });
    expect(fieldErrors(new Error("plain"))).toEqual({});
  });
});
