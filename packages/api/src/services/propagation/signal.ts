// In-process wake-up for the reconciler: a change committed here is pushed
// at once instead of at the next sweep. Other console processes' changes are
// found by the sweep, so losing a signal only costs latency, never a change.
import { EventEmitter } from 'node:events';

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function announceConfigChange(revision: bigint): void {
  bus.emit('change', revision);
}

export function onConfigChange(listener: (revision: bigint) => void): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
