import { describe, expect, it } from "vitest";
import { workerSignInInput } from "../contracts/worker-access";
import {
  checkSignInCode,
  failuresInWindow,
  makeSignInCode,
  normalisePhone,
  SIGN_IN_CODE_ALPHABET,
  signInCodeExpiresAt,
} from "./sign-in-code";

describe("sign-in codes", () => {
  it("draws every character from the unambiguous alphabet", () => {
    let n = 0;
    const code = makeSignInCode((size) => n++ % size);
    expect(code).toBe("234567");
    for (const ch of "01OIL") expect(SIGN_IN_CODE_ALPHABET).not.toContain(ch);
  });

  it("is good for seven days and not a moment longer", () => {
    const issued = new Date("2026-12-01T08:00:00Z");
    const stored = { expiresAt: signInCodeExpiresAt(issued) };
    expect(checkSignInCode(stored, new Date("2026-12-08T07:59:59Z"))).toBe("ok");
    expect(checkSignInCode(stored, new Date("2026-12-08T08:00:00Z"))).toBe("expired");
    expect(checkSignInCode(undefined, issued)).toBe("unknown");
  });

  it("reads the phone and code however they were typed", () => {
    expect(normalisePhone("+86 138-0000-1111")).toBe("13800001111");
    expect(workerSignInInput.parse({ phone: " 138 0000 1111", code: "ab c-def" })).toEqual({
      phone: "13800001111",
      code: "ABCDEF",
    });
    expect(workerSignInInput.safeParse({ phone: "13800001111", code: "ABCDE0" }).success).toBe(false);
    expect(workerSignInInput.safeParse({ phone: "0797-1234567", code: "ABCDEF" }).success).toBe(false);
  });

  it("counts failures only inside the window", () => {
    const start = new Date("2026-12-01T08:00:00Z");
    expect(failuresInWindow({ windowStart: start, failures: 4 }, new Date("2026-12-01T08:14:59Z"), 900)).toBe(4);
    expect(failuresInWindow({ windowStart: start, failures: 4 }, new Date("2026-12-01T08:15:00Z"), 900)).toBe(0);
    expect(failuresInWindow(undefined, start, 900)).toBe(0);
  });
});
