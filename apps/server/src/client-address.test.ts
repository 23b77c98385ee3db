import { describe, expect, it } from "vitest";
import { ClientAddress, proxyEntryProblem } from "./client-address";

describe("ClientAddress", () => {
  const proxies = new ClientAddress(["127.0.0.1", "10.0.0.0/8", "::1"]);

  it("takes the peer's own address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const none = new ClientAddress([]);
    expect(none.of("127.0.0.1", "203.0.113.7")).toBe("127.0.0.1");
    expect(none.of("::ffff:198.51.100.2", undefined)).toBe("198.51.100.2");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(proxies.of("198.51.100.2", "203.0.113.7")).toBe("198.51.100.2");
  });

  it("reads the nearest untrusted hop from the right behind trusted proxies", () => {
    expect(proxies.of("127.0.0.1", "203.0.113.7")).toBe("203.0.113.7");
    expect(proxies.of("::ffff:127.0.0.1", "203.0.113.7, 10.1.2.3")).toBe("203.0.113.7");
    expect(proxies.of("::1", ["203.0.113.7", "10.1.2.3"])).toBe("203.0.113.7");
    // A client that writes its own header cannot pick its address: the proxy appends the real one.
    expect(proxies.of("127.0.0.1", "1.2.3.4, 203.0.113.7")).toBe("203.0.113.7");
  });

  it("stops at garbage and falls back to the last good hop", () => {
    expect(proxies.of("127.0.0.1", "not-an-ip")).toBe("127.0.0.1");
    expect(proxies.of("127.0.0.1", "")).toBe("127.0.0.1");
    expect(proxies.of("127.0.0.1", "junk, 10.9.9.9")).toBe("10.9.9.9");
  });
});

describe("proxyEntryProblem", () => {
  it("accepts addresses and CIDR ranges and names anything else", () => {
    expect(proxyEntryProblem("10.0.0.0/8")).toBeNull();
    expect(proxyEntryProblem("fd00::/8")).toBeNull();
    expect(proxyEntryProblem("127.0.0.1")).toBeNull();
    expect(proxyEntryProblem("localhost")).toMatch(/not an IP/);
    expect(proxyEntryProblem("10.0.0.0/33")).toMatch(/prefix/);
  });
});
