import { type Database, getOrganisation, sessionIsLive, workerOfUser } from "@kitflow/db";
import type { Role } from "@kitflow/domain";
import type { Actor } from "../actor";
import type { Auth } from "./auth";
import { credentialOf, SessionCache } from "./session-cache";

/** One cache per auth instance, so separate servers (and test apps) never share sessions. */
const sessionCaches = new WeakMap<Auth, SessionCache>();
export function sessionCacheOf(auth: Auth): SessionCache {
  let cache = sessionCaches.get(auth);
  if (!cache) {
    cache = new SessionCache();
    sessionCaches.set(auth, cache);
  }
  return cache;
}

/**
 * Resolves the session (cookie or bearer token) into an Actor, or null when signed out. A credential
 * this process verified in the last seconds skips better-auth's checks, but never the database: one
 * indexed lookup confirms the session still exists and its account is not disabled, so a session
 * ended by any server process (sign-out, an admin, a lead) is refused by all of them at once.
 */
export async function resolveActor(db: Database, auth: Auth, headers: Headers): Promise<Actor | null> {
  const credential = credentialOf(headers);
  if (!credential) return null;
  const cache = sessionCacheOf(auth);
  const cached = cache.get(credential);
  if (cached) {
    if (await sessionIsLive(db, cached.sessionToken, new Date())) return cached.actor;
    cache.evictSession(cached.sessionToken);
    return null;
  }
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const actor = await actorFromUser(db, session.user);
  if (actor) cache.set(credential, actor, session.session);
  return actor;
}

async function actorFromUser(db: Database, user: { id: string; name: string }): Promise<Actor | null> {
  // better-auth returns our additional user fields untyped.
  const u = user as typeof user & {
    role: Role;
    organisationId?: string | null;
    username?: string | null;
    disabledAt?: Date | null;
  };
  if (u.disabledAt) return null;
  const base = { userId: u.id, username: u.username ?? "", name: u.name };
  if (u.role === "admin") return { ...base, role: "admin", organisationId: null };
  if (!u.organisationId) return null;
  if (u.role === "official") {
    const org = await getOrganisation(db, u.organisationId);
    if (!org?.regionCode) return null;
    return { ...base, role: "official", organisationId: org.id, regionCode: org.regionCode };
  }
  if (u.role === "worker") {
    // The roster row decides: a worker moved to another workshop's roster is no longer this one's.
    const worker = await workerOfUser(db, u.id);
    if (worker?.workshopId !== u.organisationId) return null;
    return { ...base, role: "worker", organisationId: worker.workshopId, workerId: worker.id };
  }
  return { ...base, role: u.role, organisationId: u.organisationId };
}
