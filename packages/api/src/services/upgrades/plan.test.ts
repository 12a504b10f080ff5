import { describe, expect, it } from 'vitest';

import { defaultOrder, nodesNeeding, orderProblems, versionPathProblem, type PlanNode } from './plan';

const node = (name: string, role: PlanNode['role'], clusterRole: string | null, version: string | null = '1.0.0') =>
  ({ id: name, name, role, clusterRole, version, state: 'ready', upgradable: true }) satisfies PlanNode;

const cluster = [
  node('frontend-2', 'FRONTEND', 'none'),
  node('backend-1', 'BACKEND', 'controller'),
  node('frontend-1', 'FRONTEND', 'none'),
  node('backend-3', 'BACKEND', 'member'),
  node('backend-2', 'BACKEND', 'backup'),
];
const release = { version: '2.0.0', minFromVersion: '1.0.0', frontendsAfterBackends: true, maxMixedHours: 4 };

describe('upgrade plan', () => {
  it('orders other backends first, the Controller last of them, then frontends', () => {
    expect(defaultOrder(cluster).map((n) => n.name)).toEqual([
      'backend-2',
      'backend-3',
      'backend-1',
      'frontend-1',
      'frontend-2',
    ]);
  });

  it('needs only nodes older than the target', () => {
    const mixed = [
      node('a', 'BACKEND', null, '2.0.0'),
      node('b', 'BACKEND', null, '1.9.9'),
      node('c', 'BACKEND', null, null),
    ];
    expect(nodesNeeding(mixed, '2.0.0').map((n) => n.name)).toEqual(['b', 'c']);
  });

  it('enforces the minimum version to upgrade from', () => {
    expect(versionPathProblem(node('x', 'BACKEND', null, '0.9.0'), release)).toMatch(/upgrade to 1\.0\.0 first/);
    expect(versionPathProblem(node('x', 'BACKEND', null, '1.0.0'), release)).toBeNull();
    expect(versionPathProblem(node('x', 'BACKEND', null, null), release)).toMatch(/not reported/);
  });

  it('refuses orders that leave nodes out, repeat them, or put a frontend before a backend', () => {
    const ids = defaultOrder(cluster).map((n) => n.id);
    expect(orderProblems(ids, cluster, release)).toEqual([]);
    expect(orderProblems(ids.slice(1), cluster, release).join(' ')).toMatch(/leaves out backend-2/);
    expect(orderProblems([...ids, ids[0]!], cluster, release).join(' ')).toMatch(/twice/);
    expect(orderProblems([...ids, 'ghost'], cluster, release).join(' ')).toMatch(/does not need/);
    const frontFirst = ['frontend-1', ...ids.filter((i) => i !== 'frontend-1')];
    expect(orderProblems(frontFirst, cluster, release).join(' ')).toMatch(/every backend .* before any frontend/);
    expect(orderProblems(frontFirst, cluster, { ...release, frontendsAfterBackends: false })).toEqual([]);
  });
});
