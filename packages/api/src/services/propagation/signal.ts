// In-process wake-up for the reconciler: a change committed here is pushed
// at once instead of at the next sweep. Other console processes' changes are
// found by the sweep, so losing a signal only costs latency, never a change.
// Pinned on globalThis: Next.js loads this module once per bundle (the tRPC
// route that commits, instrumentation that runs the reconciler), and a bus per
// bundle would never reach the reconciler (every push waited for the sweep).
import { EventEmitter } from 'node:events';

const KEY = Symbol.for('cluster-console.config-change');
const g = globalThis as { [KEY]?: EventEmitter };
const bus: EventEmitter = (g[KEY] ??= new EventEmitter().setMaxListeners(0));

export function announceConfigChange(revision: bigint): void {
  bus.emit('change', revision);
}

export function onConfigChange(listener: (revision: bigint) => void): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
