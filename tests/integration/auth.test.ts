/**
 * Sign-in, sessions and sign-out as a client sees them: { user, token } plus an HttpOnly cookie, either of
 * which identifies the caller on later requests; sign-out ends the session; wrong credentials say nothing
 * about which part was wrong; sign-in attempts are limited per client address.
 */
import { appRouter, createCallerFactory, createContextInner } from "@kitflow/api";
import { schema } from "@kitflow/db";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../apps/server/src/seed/reference";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { DEMO_ACCOUNTS } from "../support/demo-accounts";
import { codeAndMessageOf } from "../support/errors";
import { STORE_KINDS } from "../support/stores";

const createCaller = createCallerFactory(appRouter);

/** Sign-in attempts allowed per client address and minute in this file's app. */
const SIGN_IN_MAX = 5;

/** "name=value; Path=/; HttpOnly" ×n → the Cookie header a browser would send back. */
function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(";")[0]?.trim() ?? "").join("; ");
}

describe.each(STORE_KINDS)("auth on %s", (kind) => {
  let app: TestApp;
  let ip = 0;
  /**
   * Each test signs in from its own address so the rate limit of one never touches another. better-auth
   * keeps its in-memory limiter per process, not per instance, so each store gets its own range too.
   */
  const nextIp = () => `10.${STORE_KINDS.indexOf(kind) + 20}.0.${++ip}`;

  /** A caller over a context built by hand, so the Set-Cookie headers a response would carry are seen. */
  async function client(headers: Headers = new Headers(), clientIp = nextIp()) {
    const cookies: string[] = [];
    const ctx = await createContextInner({
      db: app.handle.db,
      auth: app.auth,
      publicUrl: PUBLIC_URL,
      headers,
      clientIp,
      setCookies: (c) => cookies.push(...c),
    });
    return { caller: createCaller(ctx), cookies };
  }

  const sessions = async () => Number((await app.handle.db.select({ n: count() }).from(schema.session))[0]?.n);

  beforeAll(async () => {
    app = await createTestApp(kind, { signInMax: SIGN_IN_MAX });
  });
  afterAll(() => app?.close());

  it.each(DEMO_ACCOUNTS)(
    "signs in $username with its role and organisation, a token and an HttpOnly cookie",
    async (account) => {
      const { caller, cookies } = await client();
      const { user, token } = await caller.auth.signIn({ username: account.username, password: DEMO_PASSWORD });
      expect(user.username).toBe(account.username);
      expect(user.role).toBe(account.role);
      expect(user.organisationId).toBe(account.org ? app.orgs[account.org] : null);
      expect(user.userId).toBe(app.users[account.username]?.id);
      if (user.role === "official") expect(user.regionCode).toBe("region" in account ? account.region : undefined);
      expect(typeof token).toBe("string");
      expect(token.length).toBeGreaterThan(20);
      expect(JSON.stringify(user).toLowerCase()).not.toMatch(/password|hash|scrypt/);

      const session = cookies.find((c) => c.includes("session_token="));
      expect(session, cookies.join("\n")).toBeDefined();
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*Path=\//i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);

      // The token as a bearer header and the cookie as a Cookie header each identify the same user.
      const viaBearer = (await client(new Headers({ authorization: `Bearer ${token}` }))).caller;
      const viaCookie = (await client(new Headers({ cookie: cookieHeader(cookies) }))).caller;
      for (const c of [viaBearer, viaCookie]) {
        const me = await c.auth.me();
        expect(me).toMatchObject({ userId: user.userId, role: account.role, username: account.username });
        expect(me.organisation?.id ?? null).toBe(user.organisationId);
      }
    },
  );

  it("refuses a wrong password and an unknown user alike, without detail and without a session", async () => {
    const before = await sessions();
    const wrongPassword = await client();
    const unknownUser = await client();
    const a = await codeAndMessageOf(
      wrongPassword.caller.auth.signIn({ username: "lead.xianghu", password: "kitflow-demo!" }),
    );
    const b = await codeAndMessageOf(
      unknownUser.caller.auth.signIn({ username: "lead.nobody", password: DEMO_PASSWORD }),
    );
    expect(a.code).toBe("UNAUTHORIZED");
    expect(b).toEqual(a);
    expect(a.message).not.toContain("lead.xianghu");
    expect(a.message.toLowerCase()).not.toMatch(/not found|no such|invalid password|incorrect password|exist/);
    expect(wrongPassword.cookies).toEqual([]);
    expect(unknownUser.cookies).toEqual([]);
    expect(await sessions()).toBe(before);
  });

  it("auth.me without a session, with a forged token or a forged cookie is UNAUTHORIZED", async () => {
    const anonymous = (await client()).caller;
    expect((await codeAndMessageOf(anonymous.auth.me())).code).toBe("UNAUTHORIZED");
    const forgedBearer = (await client(new Headers({ authorization: "Bearer not-a-real-session-token" }))).caller;
    expect((await codeAndMessageOf(forgedBearer.auth.me())).code).toBe("UNAUTHORIZED");
    const forgedCookie = (await client(new Headers({ cookie: "better-auth.session_token=forged.value" }))).caller;
    expect((await codeAndMessageOf(forgedCookie.auth.me())).code).toBe("UNAUTHORIZED");
    expect((await codeAndMessageOf(anonymous.batches.list({}))).code).toBe("UNAUTHORIZED");
    expect((await codeAndMessageOf(anonymous.auth.signOut())).code).toBe("UNAUTHORIZED");
  });

  it("sign-out through the bearer token ends the session for the token and the cookie alike", async () => {
    const { caller, cookies } = await client();
    const { token } = await caller.auth.signIn({ username: "lead.huangbai", password: DEMO_PASSWORD });
    const bearer = new Headers({ authorization: `Bearer ${token}` });
    const cookie = new Headers({ cookie: cookieHeader(cookies) });
    expect((await (await client(bearer)).caller.auth.me()).username).toBe("lead.huangbai");
    const before = await sessions();

    const out = await client(bearer);
    expect(await out.caller.auth.signOut()).toEqual({ signedOut: true });
    expect(await sessions()).toBe(before - 1);
    expect((await codeAndMessageOf((await client(bearer)).caller.auth.me())).code).toBe("UNAUTHORIZED");
    expect((await codeAndMessageOf((await client(cookie)).caller.auth.me())).code).toBe("UNAUTHORIZED");
    expect((await codeAndMessageOf((await client(bearer)).caller.batches.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("sign-out through the cookie ends that session, clears the cookie and leaves other sessions alone", async () => {
    const first = await client();
    await first.caller.auth.signIn({ username: "factory.jhb", password: DEMO_PASSWORD });
    const second = await client();
    const { token: otherToken } = await second.caller.auth.signIn({ username: "factory.jhb", password: DEMO_PASSWORD });
    const cookie = new Headers({ cookie: cookieHeader(first.cookies) });

    const out = await client(cookie);
    await out.caller.auth.signOut();
    const cleared = out.cookies.find((c) => c.includes("session_token="));
    expect(cleared, out.cookies.join("\n")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await codeAndMessageOf((await client(cookie)).caller.auth.me())).code).toBe("UNAUTHORIZED");
    // The same user's other session (another device) is still signed in.
    const other = (await client(new Headers({ authorization: `Bearer ${otherToken}` }))).caller;
    expect((await other.auth.me()).username).toBe("factory.jhb");
  });

  it(`limits sign-in to ${SIGN_IN_MAX} failed attempts per client address and window; other addresses still sign in`, async () => {
    const crowded = nextIp();
    for (let i = 0; i < SIGN_IN_MAX - 1; i++) {
      const { caller } = await client(new Headers(), crowded);
      const outcome = await codeAndMessageOf(
        caller.auth.signIn({ username: "lead.yeping", password: `guess-${i}-wrong` }),
      );
      expect(outcome.code, `attempt ${i + 1}`).toBe("UNAUTHORIZED");
    }
    // A good sign-in from a shared address (a village office) is not held against it.
    const good = await client(new Headers(), crowded);
    expect((await good.caller.auth.signIn({ username: "lead.yeping", password: DEMO_PASSWORD })).user.username).toBe(
      "lead.yeping",
    );
    const fifth = await client(new Headers(), crowded);
    expect(
      (await codeAndMessageOf(fifth.caller.auth.signIn({ username: "lead.yeping", password: "x-wrong" }))).code,
    ).toBe("UNAUTHORIZED");

    const before = await sessions();
    const sixth = await client(new Headers(), crowded);
    const limited = await codeAndMessageOf(
      sixth.caller.auth.signIn({ username: "lead.yeping", password: DEMO_PASSWORD }),
    );
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/try again/);
    expect(sixth.cookies).toEqual([]);
    expect(await sessions()).toBe(before);

    const elsewhere = await client(new Headers(), nextIp());
    const { user } = await elsewhere.caller.auth.signIn({ username: "lead.yeping", password: DEMO_PASSWORD });
    expect(user.username).toBe("lead.yeping");
  });
});
