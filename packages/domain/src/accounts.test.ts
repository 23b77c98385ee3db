import { describe, expect, it } from "vitest";
import { accountThrottleKey, signInWait } from "./accounts";

describe("signInWait", () => {
  const limit = { max: 3, windowSeconds: 60 };
  const start = new Date("2026-12-01T00:00:00Z");

  it("lets attempts up to the limit through and refuses the next until the window ends", () => {
    expect(signInWait({ attempts: 3, windowStart: start }, limit, new Date(start.getTime() + 1000))).toBeNull();
    expect(signInWait({ attempts: 4, windowStart: start }, limit, new Date(start.getTime() + 1000))).toBe(59);
    expect(signInWait({ attempts: 9, windowStart: start }, limit, new Date(start.getTime() + 59_900))).toBe(1);
  });
});

describe("accountThrottleKey", () => {
  it("counts one account however its name is typed", () => {
    expect(accountThrottleKey(" Lead.XiangHu ")).toBe(accountThrottleKey("lead.xianghu"));
  });
});
