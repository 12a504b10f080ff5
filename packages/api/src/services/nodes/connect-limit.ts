import { AppError } from '../../errors';

/** Connection tests and registrations per user and minute: enough for an operator, too few for a scan. */
export const NODE_CONNECTS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/** Per-user sliding window, kept in this console process (a scan through one process is the case to stop). */
export class ConnectLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perMinute = NODE_CONNECTS_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws TOO_MANY_REQUESTS when the user is over the limit (that attempt is not counted). */
  take(userId: string): void {
    const now = this.now();
    const kept = (this.recent.get(userId) ?? []).filter((t) => now - t < WINDOW_MS);
    if (kept.length >= this.perMinute) {
      this.recent.set(userId, kept);
      const waitS = Math.max(1, Math.ceil((kept[0]! + WINDOW_MS - now) / 1000));
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `At most ${this.perMinute} node connection attempts a minute; try again in ${waitS} s.`,
      );
    }
    kept.push(now);
    this.recent.set(userId, kept);
    // Forget users idle for a window, so the map does not grow with every user ever seen.
    if (this.recent.size > 1000) {
      for (const [id, times] of this.recent) if (now - times.at(-1)! >= WINDOW_MS) this.recent.delete(id);
    }
  }
}

export const nodeConnectLimiter = new ConnectLimiter();
