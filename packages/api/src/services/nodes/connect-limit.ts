import { AppError } from '../../errors';

/**
 * Failed node connections (tests, registrations, certificate checks) per user and minute: too few for
 * a scan. An attempt that reached a node agent is given back, so registering a fleet is never slowed.
 */
export const NODE_CONNECTS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/** Per-user sliding window, kept in this console process (a scan through one process is the case to stop). */
export class ConnectLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perMinute = NODE_CONNECTS_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one attempt; throws TOO_MANY_REQUESTS when the user is over the limit (that attempt is not
   * counted). Returns the attempt's release: call it once the attempt found a node agent.
   */
  take(userId: string): () => void {
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
    const release = () => {
      const times = this.recent.get(userId);
      const at = times?.indexOf(now) ?? -1;
      if (times && at >= 0) times.splice(at, 1);
    };
    // Forget users idle for a window, so the map does not grow with every user ever seen.
    if (this.recent.size > 1000) {
      for (const [id, times] of this.recent)
        if (!times.length || now - times.at(-1)! >= WINDOW_MS) this.recent.delete(id);
    }
    return release;
  }
}

export const nodeConnectLimiter = new ConnectLimiter();
