import { type Actor, type Auth, appRouter, createAuth, createCallerFactory } from "@kitflow/api";
import type { DatabaseHandle, StoreKind } from "@kitflow/db";
import { seedDemo } from "../../apps/server/src/seed/demo";
import { type SeededOrganisations, type SeededUsers, seedReference } from "../../apps/server/src/seed/reference";
import { freshStore } from "./stores";

export const PUBLIC_URL = "http://kitflow.test";
const createCaller = createCallerFactory(appRouter);

export type Caller = ReturnType<typeof createCaller>;

export interface TestApp {
  kind: StoreKind;
  handle: DatabaseHandle;
  auth: Auth;
  orgs: SeededOrganisations;
  users: SeededUsers;
  /** A caller acting as the demo user, without going through sign-in. */
  as(username: string): Caller;
  /** A caller acting as any actor, e.g. an official of a region the demo has no account for. */
  asActor(actor: Actor): Caller;
  /** A caller whose identity comes from request headers (cookie or bearer), as over HTTP. */
  withHeaders(headers: Headers, clientIp?: string): Promise<Caller>;
  close(): Promise<void>;
}

export function testAuth(handle: DatabaseHandle, signInMax = 1000, accountSignInMax = 1000): Auth {
  return createAuth({
    db: handle.db,
    secret: "test-secret-test-secret-test-secret-0000",
    baseURL: PUBLIC_URL,
    signInLimit: { max: signInMax, windowSeconds: 60 },
    accountSignInLimit: { max: accountSignInMax, windowSeconds: 900 },
    secureCookies: false,
  });
}

function actorOf(users: SeededUsers, regionOf: (orgId: string) => string, username: string): Actor {
  const u = users[username];
  if (!u) throw new Error(`no demo user ${username}`);
  const base = { userId: u.id, username: u.username, name: u.name };
  if (u.role === "admin") return { ...base, role: "admin", organisationId: null };
  const organisationId = u.organisationId ?? "";
  if (u.role === "official") return { ...base, role: "official", organisationId, regionCode: regionOf(organisationId) };
  return { ...base, role: u.role as "factory_manager" | "workshop_lead", organisationId };
}

/**
 * A migrated store with the demo's regions, organisations and accounts; `demo: true` also runs
 * the full demo seed (products, batches in every state, trips).
 */
export async function createTestApp(
  kind: StoreKind,
  options: { demo?: boolean; signInMax?: number; accountSignInMax?: number; poolSize?: number } = {},
): Promise<TestApp> {
  const handle = await freshStore(kind, { poolSize: options.poolSize });
  const auth = testAuth(handle, options.signInMax, options.accountSignInMax);
  let orgs: SeededOrganisations;
  let users: SeededUsers;
  if (options.demo) {
    ({ orgs, users } = await seedDemo({ db: handle.db, auth, publicUrl: PUBLIC_URL }));
  } else {
    ({ orgs, users } = await seedReference(handle.db));
  }
  const regionOf = () => "360781";
  const base = { db: handle.db, auth, publicUrl: PUBLIC_URL, setCookies: () => {} };
  return {
    kind,
    handle,
    auth,
    orgs,
    users,
    as: (username) =>
      createCaller({ ...base, headers: new Headers(), clientIp: "test", actor: actorOf(users, regionOf, username) }),
    asActor: (actor) => createCaller({ ...base, headers: new Headers(), clientIp: "test", actor }),
    withHeaders: async (headers, clientIp = "test") => {
      const { createContextInner } = await import("@kitflow/api");
      return createCaller(await createContextInner({ ...base, headers, clientIp }));
    },
    close: () => handle.close(),
  };
}
