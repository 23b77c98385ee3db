import { describe, expect, it } from "vitest";
import { jsonForHtml, withSeed } from "./lead-page";

describe("jsonForHtml", () => {
  it("cannot close the script element or open a comment, and still parses to the same value", () => {
    const value = { note: "</script><script>alert(1)</script><!-- & \u2028\u2029" };
    const text = jsonForHtml(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("withSeed", () => {
  it("places the seed before </head>, once", () => {
    const html = withSeed("<html><head><title>k</title></head><body></body></html>", [{ path: "auth.me", data: 1 }], 5);
    expect(html).toBe(
      '<html><head><title>k</title><script type="application/json" id="kitflow-seed">{"at":5,"queries":[{"path":"auth.me","data":1}]}</script></head><body></body></html>',
    );
  });
});
