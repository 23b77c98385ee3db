import type { Actor } from "../actor";

/**
 * Verified credentials → actor, for a few seconds. Checking a session through better-auth costs two
 * queries and ~3 ms of CPU per request (two HMAC verifications through WebCrypto); a page load makes
 * several requests with the same cookie. Only the exact credential string that was verified is
 * cached, never longer than the session itself, and signing out evicts every credential of that
 * session at once. A cached credential is still confirmed against the database on every use
 * (resolveActor), so it is never trusted past a session ended by another process.
 */
export interface CachedActor {
  actor: Actor;
  sessionToken: string;
  until: number;
}

const TTL_MS = 15_000;
const MAX_ENTRIES = 10_000;

export class SessionCache {
  private readonly entries = new Map<string, CachedActor>();

  get(credential: string, now = Date.now()): CachedActor | undefined {
    const entry = this.entries.get(credential);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(credential);
      return undefined;
    }
    return entry;
  }

  set(credential: string, actor: Actor, session: { token: string; expiresAt: Date }, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order, so the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const until = Math.min(now + TTL_MS, session.expiresAt.getTime());
    this.entries.set(credential, { actor, sessionToken: session.token, until });
  }

  /** Forgets every credential of a user at once, when its sessions are ended by someone else. */
  evictUser(userId: string): void {
    for (const [credential, entry] of this.entries) {
      if (entry.actor.userId === userId) this.entries.delete(credential);
    }
  }

  evictSession(sessionToken: string): void {
    for (const [credential, entry] of this.entries) {
      if (entry.sessionToken === sessionToken) this.entries.delete(credential);
    }
  }
}

/** The credential a request presents: its bearer token, else its session cookie. */
export function credentialOf(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return `bearer:${authorization.slice(7).trim()}`;
  const cookie = headers.get("cookie");
  const match = cookie?.match(/(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/);
  return match?.[1] ? `cookie:${match[1]}` : null;
}
