import { describe, expect, it } from 'vitest';

import { deriveNodeState, DOWN_AFTER_MS } from './node-state';

const now = 1_000_000;
const base = { now, registeredAt: now - 60_000, lastSeenAt: now - 500, readiness: 'ready', collectorAlive: true };

describe('deriveNodeState', () => {
  it('passes the node-reported readiness through while it is fresh', () => {
    for (const r of ['ready', 'draining', 'drained', 'non-ready'] as const) {
      expect(deriveNodeState({ ...base, readiness: r })).toBe(r);
    }
  });

  it('says Down once the node has been silent for longer than the threshold', () => {
    expect(deriveNodeState({ ...base, lastSeenAt: now - DOWN_AFTER_MS })).toBe('ready');
    expect(deriveNodeState({ ...base, lastSeenAt: now - DOWN_AFTER_MS - 1 })).toBe('down');
  });

  it('never calls a silent draining node anything but Down', () => {
    expect(deriveNodeState({ ...base, readiness: 'draining', lastSeenAt: now - 10_000 })).toBe('down');
  });

  it('is Unknown for a node never heard from until the threshold passes, then Down', () => {
    expect(deriveNodeState({ ...base, lastSeenAt: null, registeredAt: now - 1000 })).toBe('unknown');
    expect(deriveNodeState({ ...base, lastSeenAt: null, registeredAt: now - 10_000 })).toBe('down');
  });

  it('is Unknown for every node when the collector is not running', () => {
    expect(deriveNodeState({ ...base, collectorAlive: false })).toBe('unknown');
  });

  it('is Unknown for a readiness value it does not know', () => {
    expect(deriveNodeState({ ...base, readiness: 'maintenance' })).toBe('unknown');
  });
});
