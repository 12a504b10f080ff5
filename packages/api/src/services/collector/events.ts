import { EventEmitter } from 'node:events';

/**
 * In-process signal that node status in the database just changed (a collector flush, a readiness
 * change), so live views re-read at once instead of on their next tick. Pinned on globalThis because
 * Next.js may load this module in several bundles of one process.
 */
const KEY = Symbol.for('cluster-console.status-events');
const g = globalThis as { [KEY]?: EventEmitter };
export const statusEvents: EventEmitter = (g[KEY] ??= new EventEmitter().setMaxListeners(0));

export function announceStatusChange(): void {
  statusEvents.emit('changed');
}

/** Resolves on the next change, after `ms`, or when `signal` aborts, whichever comes first. */
export function nextStatusChange(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      statusEvents.off('changed', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    statusEvents.once('changed', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
