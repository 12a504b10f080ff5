import { describe, expect, it } from 'vitest';

import { evaluate } from './rules';
import { DEFAULT_THRESHOLDS } from './settings';
import type { NodeSnapshot, Snapshot } from './types';

const NOW = Date.UTC(2026, 0, 1, 12);

function node(name: string, over: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return {
    id: `id-${name}`,
    name,
    role: 'BACKEND',
    adminUrl: 'https://127.0.0.1:1',
    state: 'ready',
    clusterRole: 'member',
    peers: [],
    softwareVersion: '1.0.0',
    cpuPercent: 10,
    memUsedBytes: 1,
    memTotalBytes: 10,
    diskPercent: null,
    configRevision: 5n,
    observedAt: new Date(NOW - 100),
    lastSeenAt: new Date(NOW),
    readiness: 'ready',
    drainDeadline: null,
    certNotAfter: null,
    ...over,
  };
}

function snap(nodes: NodeSnapshot[], over: Partial<Snapshot> = {}): Snapshot {
  return {
    now: NOW,
    collectorAlive: true,
    nodes,
    desiredRevision: 5n,
    lastPortCheck: null,
    upgrade: null,
    downTransitions: new Map(),
    thresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

const kinds = (s: Snapshot) =>
  evaluate(s)
    .map((c) => c.kind)
    .sort();
const healthy = [
  node('b1', { clusterRole: 'controller', peers: [{ name: 'b2', clusterRole: 'backup', alive: true }] }),
  node('b2', { clusterRole: 'backup', peers: [{ name: 'b1', clusterRole: 'controller', alive: true }] }),
];

describe('health rules', () => {
  it('finds nothing in a healthy cluster, and nothing at all without a live collector', () => {
    expect(kinds(snap(healthy))).toEqual([]);
    expect(kinds(snap([node('b1', { state: 'down' })], { collectorAlive: false }))).toEqual([]);
  });

  it('raises split brain over two live Controllers, not over a Down one', () => {
    const rogue = node('rogue', { clusterRole: 'controller' });
    expect(kinds(snap([...healthy, rogue]))).toEqual(['split_brain']);
    expect(kinds(snap([...healthy, { ...rogue, state: 'down' }]))).toEqual(['node_down']);
  });

  it('raises split brain when backends disagree on the Controller, held a few seconds', () => {
    const agree = [
      node('b1', { clusterRole: 'controller', peers: [{ name: 'b2', clusterRole: 'backup', alive: true }] }),
      node('b2', { clusterRole: 'backup', peers: [{ name: 'b1', clusterRole: 'controller', alive: true }] }),
    ];
    expect(kinds(snap(agree))).toEqual([]);
    // b2 lost b1 (a partition): it sees no Controller while b1 still leads.
    const apart = [
      agree[0]!,
      node('b2', { clusterRole: 'backup', peers: [{ name: 'b1', clusterRole: 'member', alive: false }] }),
    ];
    const [c] = evaluate(snap(apart));
    expect(c).toMatchObject({ kind: 'split_brain', holdMs: 5000 });
    expect(c?.explanation).toContain('b2 sees no live Controller');
  });

  it('raises no Backup only for backends in the election', () => {
    expect(kinds(snap([node('b1', { clusterRole: 'controller' })]))).toEqual(['no_backup']);
    expect(kinds(snap([node('d1', { clusterRole: 'none' })]))).toEqual([]);
  });

  it('flags mixed versions outside an upgrade (after the grace), and inside one only past the window', () => {
    const mixed = [...healthy, node('b3', { softwareVersion: '1.1.0', peers: healthy[1]!.peers })];
    const outside = evaluate(snap(mixed)).find((c) => c.kind === 'mixed_versions');
    expect(outside?.holdMs).toBe(DEFAULT_THRESHOLDS.mixedVersionsGraceMinutes * 60_000);
    const upgrade = { id: 'u1', targetVersion: '1.1.0', maxMixedHours: 2, drainDeadlineSeconds: 60, draining: [] };
    expect(kinds(snap(mixed, { upgrade: { ...upgrade, startedAt: new Date(NOW - 3_600_000) } }))).toEqual([]);
    const late = evaluate(snap(mixed, { upgrade: { ...upgrade, startedAt: new Date(NOW - 3 * 3_600_000) } }));
    expect(late.map((c) => [c.kind, c.severity, c.links[0]?.href])).toEqual([
      ['mixed_versions', 'critical', '/upgrades/u1'],
    ]);
  });

  it('counts Down transitions in the window for flapping', () => {
    const t = new Map([['id-b2', [NOW - 60_000, NOW - 30_000, NOW - 10_000]]]);
    expect(kinds(snap(healthy, { downTransitions: t }))).toEqual(['node_flapping']);
    const old = new Map([['id-b2', [NOW - 3_600_000, NOW - 30_000, NOW - 10_000]]]);
    expect(kinds(snap(healthy, { downTransitions: old }))).toEqual([]);
  });

  it('flags overdue drains, lagging configuration, failed port checks, load, clock skew and expiring certificates', () => {
    const b2 = healthy[1]!;
    const cases: Array<[NodeSnapshot, Partial<Snapshot>, string]> = [
      [{ ...b2, readiness: 'draining', drainDeadline: new Date(NOW - 1) }, {}, 'drain_overdue'],
      [{ ...b2, configRevision: 4n }, {}, 'config_lagging'],
      [
        b2,
        { lastPortCheck: { id: 'p', finishedAt: new Date(NOW), failed: 1, failures: ['a → b imap'] } },
        'port_check_failed',
      ],
      [{ ...b2, cpuPercent: 99 }, {}, 'resource_high'],
      [{ ...b2, diskPercent: 97 }, {}, 'resource_high'],
      [{ ...b2, observedAt: new Date(NOW - 120_000) }, {}, 'clock_skew'],
      [{ ...b2, certNotAfter: new Date(NOW + 86_400_000) }, {}, 'cert_expiry'],
    ];
    for (const [n, over, kind] of cases) expect(kinds(snap([healthy[0]!, n], over))).toEqual([kind]);
  });
});
