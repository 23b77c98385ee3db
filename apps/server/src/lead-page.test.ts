import { describe, expect, it } from "vitest";
import { jsonForHtml, todayChunks, withSeed } from "./lead-page";

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

describe("todayChunks", () => {
  it("follows static imports once and preloads only what the shell does not load already", () => {
    const manifest = {
      "src/lead/LeadLayout.tsx": { file: "assets/LeadLayout-1.js", imports: ["_queue.js", "index.html"] },
      "src/lead/TodayPage.tsx": { file: "assets/TodayPage-2.js", imports: ["_queue.js"] },
      "_queue.js": { file: "assets/queue-3.js", imports: ["src/lead/LeadLayout.tsx"] },
      "index.html": { file: "assets/index-4.js" },
    };
    const chunks = todayChunks(manifest);
    expect(chunks.sort()).toEqual([
      "assets/LeadLayout-1.js",
      "assets/TodayPage-2.js",
      "assets/index-4.js",
      "assets/queue-3.js",
    ]);
    const html = withSeed('<head><script src="/assets/index-4.js"></script></head>', [], 1, chunks);
    expect(html.match(/modulepreload/g)).toHaveLength(3);
    expect(html).not.toContain('modulepreload" crossorigin href="/assets/index-4.js"');
  });
});
