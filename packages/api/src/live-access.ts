import { TRPCError } from '@trpc/server';

import { databaseHealth, type PrismaClient } from '@cc/db';
import { accessFor, can } from '@cc/permissions';

import { databaseUnavailableError } from './db-outage';

/**
 * A subscription checks its access once, when it opens; this keeps checking while it streams. Every
 * open stream is re-validated together (one query for all users, one for all sessions) every
 * RECHECK_MS, so signing out, disabling the user or changing their role ends the stream within a
 * second, like the next ordinary request would be refused.
 */
export const RECHECK_MS = 500;

export interface LiveAccess {
  userId: string;
  /** The session the stream was opened with; absent for server-side callers. */
  sessionId?: string;
  /** The procedure path, to re-read its access from the permission table. */
  path: string;
}

interface Watch extends LiveAccess {
  revoke(error: TRPCError): void;
}

class AccessWatcher {
  private readonly watches = new Set<Watch>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(private readonly prisma: PrismaClient) {}

  add(watch: Watch): () => void {
    this.watches.add(watch);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), RECHECK_MS);
      this.timer.unref();
    }
    return () => {
      this.watches.delete(watch);
      if (this.watches.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async check() {
    if (this.checking || this.watches.size === 0) return;
    this.checking = true;
    const watches = [...this.watches];
    try {
      const userIds = [...new Set(watches.map((w) => w.userId))];
      const sessionIds = [...new Set(watches.flatMap((w) => (w.sessionId ? [w.sessionId] : [])))];
      const [users, sessions] = await Promise.all([
        this.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, role: true, disabled: true } }),
        sessionIds.length
          ? this.prisma.session.findMany({ where: { id: { in: sessionIds } }, select: { id: true, expiresAt: true } })
          : [],
      ]);
      const userById = new Map(users.map((u) => [u.id, u]));
      const sessionById = new Map(sessions.map((s) => [s.id, s]));
      const now = Date.now();
      for (const w of watches) {
        const user = userById.get(w.userId);
        const session = w.sessionId ? sessionById.get(w.sessionId) : undefined;
        if (!user || user.disabled || (w.sessionId && (!session || session.expiresAt.getTime() <= now))) {
          w.revoke(new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended; sign in again.' }));
          continue;
        }
        const access = accessFor(w.path);
        if (!(access === 'signed-in' || (access !== undefined && can(user.role, access)))) {
          w.revoke(new TRPCError({ code: 'FORBIDDEN', message: 'Your role no longer allows this.' }));
        }
      }
    } catch (e) {
      // Access that cannot be checked is not granted (fail closed); the client may reconnect.
      const error = databaseHealth.failed(e)
        ? databaseUnavailableError(e)
        : new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Your access could not be re-checked.', cause: e });
      for (const w of watches) w.revoke(error);
    } finally {
      this.checking = false;
    }
  }
}

const watchers = new WeakMap<PrismaClient, AccessWatcher>();

function watcherFor(prisma: PrismaClient): AccessWatcher {
  let watcher = watchers.get(prisma);
  if (!watcher) {
    watcher = new AccessWatcher(prisma);
    watchers.set(prisma, watcher);
  }
  return watcher;
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Passes the stream through until its access is revoked, then ends it with 401 or 403. */
export async function* guardSubscription<T>(
  prisma: PrismaClient,
  access: LiveAccess,
  source: AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  let revoke!: (error: TRPCError) => void;
  const revoked = new Promise<never>((_, reject) => (revoke = reject));
  revoked.catch(() => undefined); // observed by the race below; never unhandled
  const unwatch = watcherFor(prisma).add({ ...access, revoke });
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await Promise.race([it.next(), revoked]);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    unwatch();
    // The source may be awaiting its next change: don't wait for it, it stops at its next yield.
    void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}
