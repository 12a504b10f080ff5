import { describe, expect, it } from 'vitest';

import { deriveNodeState, downBefore, DOWN_AFTER_MS } from './node-state';

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

describe('downBefore: only silence a collector watched counts', () => {
  const state = (lastSeenAt: number, lease: Parameters<typeof downBefore>[0]) =>
    deriveNodeState({ ...base, lastSeenAt, downBefore: downBefore(lease, now) });
  const steady = { heartbeatAt: now - 300, leadingSince: now - 3_600_000, previousHeartbeatAt: null };

  it('is DOWN_AFTER_MS before now for a collector that has been watching all along', () => {
    expect(downBefore(steady, now)).toBe(now - DOWN_AFTER_MS);
    expect(downBefore({ heartbeatAt: now, leadingSince: null, previousHeartbeatAt: null }, now)).toBe(
      now - DOWN_AFTER_MS,
    );
  });

  it('never makes a node Down on the old leader’s timestamps right after a hand-over', () => {
    // The old leader heard from the node 0.5 s before its last heartbeat, then died; 2.5 s without a leader.
    const handOver = { heartbeatAt: now - 100, leadingSince: now - 500, previousHeartbeatAt: now - 3000 };
    expect(state(now - 3500, handOver)).toBe('ready');
    // Once the new leader has watched for longer than DOWN_AFTER_MS itself, silence is Down again.
    const later = now + DOWN_AFTER_MS;
    expect(downBefore({ ...handOver, heartbeatAt: later }, later)).toBe(later - DOWN_AFTER_MS);
  });

  it('keeps a node Down that the previous leader had already seen silent for long enough', () => {
    const handOver = { heartbeatAt: now, leadingSince: now - 500, previousHeartbeatAt: now - 3000 };
    expect(state(now - 60_000, handOver)).toBe('down');
    // Silence before the gap and after it add up; the gap itself does not count.
    const cutoff = downBefore(handOver, now);
    expect(cutoff).toBe(now - 3000 - (DOWN_AFTER_MS - 500));
  });

  it('makes nobody Down while the heartbeat is late (no leader, or the database just came back)', () => {
    const stalled = { heartbeatAt: now - 4000, leadingSince: now - 3_600_000, previousHeartbeatAt: null };
    expect(state(now - 4500, stalled)).toBe('ready');
    expect(state(now - 10_000, stalled)).toBe('down');
  });

  it('makes nobody Down while a first collector has not watched long enough; an old report is Unknown', () => {
    const first = { heartbeatAt: now, leadingSince: now - 1000, previousHeartbeatAt: null };
    expect(state(now - 4000, first)).toBe('ready');
    expect(state(now - 60_000, first)).toBe('unknown');
  });
});
