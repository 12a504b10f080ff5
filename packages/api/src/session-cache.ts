import { resolveSession, type Auth, type SessionUser } from '@cc/auth';
import type { Database } from '@cc/db';

import { changeFeed, type ChangeFeed } from './change-feed';

/** How long a checked session is reused: every live view asks each second, each ask cost two queries. */
export const SESSION_CACHE_MS = 5000;
/** Distinct cookies kept; the oldest go first. */
export const SESSION_CACHE_MAX = 10_000;

interface Entry {
  user: SessionUser;
  /** When this entry stops being used (epoch ms): the TTL, or the session's own expiry if sooner. */
  until: number;
}

type Lookup = (headers: Headers) => ReturnType<typeof resolveSession>;

/**
 * The session check of tRPC requests, kept in memory for SESSION_CACHE_MS per cookie. Any change to a
 * user or a session row (sign-out, sign out everywhere, disabling, a role change, a password change or
 * reset, a second factor reset: a trigger notifies on every UPDATE or DELETE) drops that user's
 * entries in every console process, and the feed's sync makes that effective for the next request.
 * Without the notification connection nothing is answered from memory.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<SessionUser | null>>();
  /** Bumped by every invalidation: a lookup that began before one is not kept. */
  private generation = 0;
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly feed: ChangeFeed,
    private readonly lookup: Lookup,
    private readonly ttlMs = SESSION_CACHE_MS,
  ) {
    feed.on('cc_auth', (userId: string) => this.invalidate(userId));
    feed.on('reset', () => this.invalidate('*'));
  }

  async resolve(headers: Headers): Promise<SessionUser | null> {
    const key = headers.get('cookie');
    // No session cookie (or no notifications): nothing to reuse, ask the database as before.
    if (!key?.includes('session_token=') || !(await this.feed.sync())) return this.fresh(headers);
    const hit = this.entries.get(key);
    if (hit && Date.now() < hit.until) {
      this.stats.hits++;
      return hit.user;
    }
    this.entries.delete(key);
    const generation = this.generation;
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const lookup = this.lookup(headers).then((found) => {
      if (found && generation === this.generation) this.keep(key, found.user, found.expiresAt.getTime());
      return found?.user ?? null;
    });
    this.pending.set(key, lookup);
    this.stats.misses++;
    try {
      return await lookup;
    } finally {
      if (this.pending.get(key) === lookup) this.pending.delete(key);
    }
  }

  private async fresh(headers: Headers): Promise<SessionUser | null> {
    this.stats.misses++;
    return (await this.lookup(headers))?.user ?? null;
  }

  private keep(key: string, user: SessionUser, expiresAt: number) {
    if (this.entries.size >= SESSION_CACHE_MAX) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { user, until: Math.min(Date.now() + this.ttlMs, expiresAt) });
  }

  /** Drops one user's entries ('*': everyone's), and whatever lookups are under way. */
  invalidate(userId: string): void {
    this.generation++;
    this.pending.clear();
    if (userId === '*') this.entries.clear();
    else for (const [key, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(key);
  }
}

const KEY = Symbol.for('cluster-console.session-caches');
const g = globalThis as { [KEY]?: WeakMap<Auth, SessionCache> };

/** This process's cache for a console's auth and database (pinned on globalThis: Next.js bundles). */
export function sessionCache(deps: { auth: Auth; db: Database }): SessionCache {
  const caches = (g[KEY] ??= new WeakMap());
  let cache = caches.get(deps.auth);
  if (!cache) {
    cache = new SessionCache(changeFeed(deps.db), (headers) => resolveSession(deps.auth, deps.db.prisma, headers));
    caches.set(deps.auth, cache);
  }
  return cache;
}
