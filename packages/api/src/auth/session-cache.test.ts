import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { credentialOf, SessionCache } from "./session-cache";

const actor: Actor = { userId: "u1", username: "lead.x", name: "x", role: "workshop_lead", organisationId: "o1" };

describe("SessionCache", () => {
  it("keeps a verified credential for at most 15 s and never past the session's expiry", () => {
    const cache = new SessionCache();
    cache.set("bearer:a", actor, { token: "s1", expiresAt: new Date(1_000_000 + 60_000) }, 1_000_000);
    expect(cache.get("bearer:a", 1_000_000 + 14_999)?.actor).toEqual(actor);
    expect(cache.get("bearer:a", 1_000_000 + 15_000)).toBeUndefined();
    cache.set("bearer:b", actor, { token: "s2", expiresAt: new Date(2_000_500) }, 2_000_000);
    expect(cache.get("bearer:b", 2_000_500)).toBeUndefined();
  });

  it("evicts every credential of a signed-out session", () => {
    const cache = new SessionCache();
    const session = { token: "s1", expiresAt: new Date(Date.now() + 60_000) };
    cache.set("bearer:a", actor, session);
    cache.set("cookie:a.sig", actor, session);
    cache.set("cookie:other", actor, { ...session, token: "s2" });
    cache.evictSession("s1");
    expect(cache.get("bearer:a")).toBeUndefined();
    expect(cache.get("cookie:a.sig")).toBeUndefined();
    expect(cache.get("cookie:other")).toBeDefined();
  });
});

describe("credentialOf", () => {
  it("prefers the bearer token and otherwise reads the session cookie", () => {
    expect(credentialOf(new Headers({ authorization: "Bearer abc" }))).toBe("bearer:abc");
    expect(credentialOf(new Headers({ cookie: "x=1; better-auth.session_token=tok.sig; y=2" }))).toBe("cookie:tok.sig");
    expect(credentialOf(new Headers({ cookie: "__Secure-better-auth.session_token=t2" }))).toBe("cookie:t2");
    expect(credentialOf(new Headers())).toBeNull();
  });
});
