import { describe, expect, it } from 'vitest';

import { compareWithCluster, type CurrentCluster, type CurrentNode } from './compare';
import { planCluster } from './plan';
import { DEFAULT_SIZING_INPUT } from './schema';

// Defaults: 2 frontends, 3 backends (HA); 6,000 sessions expected today, 85 % of them access sessions.
const plan = planCluster(DEFAULT_SIZING_INPUT);
const fe = (name: string, over: Partial<CurrentNode> = {}): CurrentNode => ({
  name,
  role: 'FRONTEND',
  state: 'ready',
  sessions: 100,
  cpuPercent: 20,
  ...over,
});
const be = (name: string, over: Partial<CurrentNode> = {}): CurrentNode => ({ ...fe(name, over), role: 'BACKEND' });

function cluster(nodes: CurrentNode[], over: Partial<CurrentCluster> = {}): CurrentCluster {
  return {
    frontends: nodes.filter((n) => n.role === 'FRONTEND').length,
    backends: nodes.filter((n) => n.role === 'BACKEND').length,
    sessionsNow: nodes.reduce((s, n) => s + (n.role === 'FRONTEND' ? n.sessions : 0), 0),
    accountsOpenNow: 100,
    nodes,
    ...over,
  };
}
const ids = (c: ReturnType<typeof compareWithCluster>) => c.shortfalls.map((s) => `${s.severity}:${s.id}`);
const matching = [fe('f1'), fe('f2'), be('b1'), be('b2'), be('b3')];

describe('compareWithCluster', () => {
  it('finds nothing when the cluster matches the plan and is lightly loaded', () => {
    expect(compareWithCluster(plan, cluster(matching)).shortfalls).toEqual([]);
  });

  it('gives capacity against load per tier for the chart', () => {
    const { series, serving } = compareWithCluster(plan, cluster(matching));
    expect(series.map((p) => p.tier)).toEqual(['Frontends', 'Backends']);
    const [f, b] = series;
    expect(f?.loadNow).toBe(200);
    expect(f?.currentCapacity).toBeCloseTo(2 * plan.capacity.frontendEach, 6);
    expect(f?.recommendedCapacity).toBe(plan.capacity.frontends);
    expect(f?.plannedLoad).toBeCloseTo(6000 * 1.331, 6);
    expect(b?.loadNow).toBe(300);
    expect(b?.currentCapacity).toBeCloseTo(3 * plan.capacity.backendEach, 6);
    expect(b?.plannedLoad).toBeCloseTo(6000 * 0.85 * 1.331, 6);
    expect(serving).toEqual({ frontends: 2, backends: 3 });
  });

  it('reports a tier short of the plan, worse when today’s load does not fit', () => {
    expect(ids(compareWithCluster(plan, cluster([fe('f1'), fe('f2'), be('b1'), be('b2')])))).toEqual([
      'warning:count-backend',
      'info:channels',
    ]);
    const r = compareWithCluster(plan, cluster([fe('f1'), fe('f2'), be('b1')]));
    expect(ids(r)).toEqual(
      expect.arrayContaining(['warning:count-backend', 'critical:spof-backend', 'warning:growth-backend']),
    );
    expect(r.shortfalls.find((s) => s.id === 'count-backend')?.message).toBe(
      'Backends: the plan needs 3, the cluster has 1 (2 short).',
    );
    // 30,000 sessions expected today do not fit on 2 frontends: the missing ones are critical.
    const big = planCluster({ ...DEFAULT_SIZING_INPUT, accounts: 100_000, sessions: 30_000 });
    expect(ids(compareWithCluster(big, cluster(matching)))).toContain('critical:count-frontend');
  });

  it('puts the most severe first', () => {
    const order = compareWithCluster(
      plan,
      cluster([fe('f1'), fe('f2'), be('b1'), be('b2')], { accountsOpenNow: 1e6 }),
    ).shortfalls.map((s) => s.severity);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b),
      ),
    );
  });

  it('counts only Ready nodes as capacity and says which are not serving', () => {
    const nodes = [
      fe('f1'),
      fe('f2'),
      be('b1'),
      be('b2', { state: 'down', sessions: 0 }),
      be('b3', { state: 'draining' }),
    ];
    const r = compareWithCluster(plan, cluster(nodes));
    expect(r.serving.backends).toBe(1);
    expect(r.series[1]?.currentCapacity).toBeCloseTo(plan.capacity.backendEach, 6);
    const idle = r.shortfalls.find((s) => s.id === 'not-serving-backend');
    expect(idle).toMatchObject({ severity: 'warning', message: '2 backends not serving: b2 (down), b3 (draining).' });
    expect(ids(r)).toContain('critical:spof-backend');
    // Draining alone is planned maintenance: information, not a warning.
    const drain = compareWithCluster(plan, cluster([...matching.slice(0, 4), be('b3', { state: 'draining' })]));
    expect(drain.shortfalls.find((s) => s.id === 'not-serving-backend')?.severity).toBe('info');
  });

  it('flags a tier with nothing Ready', () => {
    const r = compareWithCluster(
      plan,
      cluster([fe('f1', { state: 'down' }), fe('f2', { state: 'down' }), ...matching.slice(2)]),
    );
    expect(ids(r)).toContain('critical:none-ready-frontend');
    expect(ids(r)).not.toContain('critical:capacity-frontend');
  });

  it('warns on load near or over capacity now', () => {
    const each = plan.capacity.backendEach;
    const hot = [
      fe('f1'),
      fe('f2'),
      be('b1', { sessions: each * 0.9 }),
      be('b2', { sessions: each * 0.9 }),
      be('b3', { sessions: each * 0.9 }),
    ];
    expect(ids(compareWithCluster(plan, cluster(hot)))).toContain('warning:headroom-backend');
    const over = hot.map((n) => (n.role === 'BACKEND' ? { ...n, sessions: each * 1.1 } : n));
    expect(ids(compareWithCluster(plan, cluster(over)))).toContain('critical:overload-backend');
  });

  it('says from which year growth outruns today’s capacity', () => {
    // Two Ready backends carry 13,077 access sessions; 5,100 × 1.1^y passes that in year 10.
    const long = planCluster({ ...DEFAULT_SIZING_INPUT, horizonYears: 10 });
    const r = compareWithCluster(long, cluster([fe('f1'), fe('f2'), be('b1'), be('b2')]));
    expect(r.shortfalls.find((s) => s.id === 'growth-backend')?.message).toMatch(/^Backends: from year 10 /);
  });

  it('flags hot nodes and inputs the live cluster already exceeds', () => {
    const nodes = [...matching.slice(0, 4), be('b3', { cpuPercent: 91.6 })];
    const r = compareWithCluster(plan, cluster(nodes, { accountsOpenNow: 25_000, sessionsNow: 7000 }));
    expect(r.shortfalls.find((s) => s.id === 'cpu-b3')?.message).toBe('b3 runs at 92 % CPU.');
    expect(ids(r)).toEqual(expect.arrayContaining(['warning:accounts', 'warning:sessions']));
  });

  it('sizes backends for every protocol when the cluster has no frontends', () => {
    const r = compareWithCluster(plan, cluster([be('b1'), be('b2'), be('b3')]));
    expect(r.series[1]?.currentCapacity).toBeCloseTo(3 * (7500 / 1.275), 6);
    expect(r.series[0]?.currentCapacity).toBe(0);
    expect(ids(r)).toContain('warning:count-frontend');
  });
});
