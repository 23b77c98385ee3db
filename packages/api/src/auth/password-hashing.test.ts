import { describe, expect, it } from "vitest";
import { hashPassword, oneAtATime, verifyPassword } from "./password-hashing";

describe("password hashing", () => {
  it("runs one piece of work at a time, in order, and a failure does not stop the next", async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (n: number, fail = false) =>
      oneAtATime(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(n);
        running--;
        if (fail) throw new Error(`work ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled([work(1), work(2, true), work(3), work(4)]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
  });

  it("hashes with better-auth's scrypt, so its own sign-in verifies the hash", async () => {
    const [hash, other] = await Promise.all([hashPassword("kitflow-demo"), hashPassword("kitflow-demo")]);
    expect(hash).not.toBe(other);
    expect(await verifyPassword({ hash, password: "kitflow-demo" })).toBe(true);
    expect(await verifyPassword({ hash, password: "not-the-password" })).toBe(false);
  });
});
