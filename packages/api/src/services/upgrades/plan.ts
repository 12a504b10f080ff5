// Which nodes a target version needs, the default order, and the release restrictions on an order.
// Pure functions: the wizard shows their answers, and creating a run enforces them again.
import type { NodeState } from '../nodes/node-state';
import type { ReleaseEntry } from './releases';
import { compareVersions } from './versions';

export interface PlanNode {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  /** 'controller', 'backup', 'member' or 'none' as the node reports it; null if never heard from. */
  clusterRole: string | null;
  version: string | null;
  state: NodeState;
  /** The node advertises the 'upgrade' capability (a supervisor can restart it into a version). */
  upgradable: boolean;
}

type Restrictions = Pick<ReleaseEntry, 'version' | 'minFromVersion' | 'frontendsAfterBackends' | 'maxMixedHours'>;

/** Nodes that run an older version than the target (or whose version is unknown). */
export function nodesNeeding<N extends PlanNode>(nodes: readonly N[], target: string): N[] {
  return nodes.filter((n) => n.version === null || compareVersions(n.version, target) < 0);
}

/**
 * Backends that are not the Controller first (the Backup among them, so the Controller's hand-over
 * goes to an upgraded node), the Controller last of the backends so it hands over once, then frontends.
 */
export function defaultOrder<N extends PlanNode>(nodes: readonly N[]): N[] {
  const byName = (a: N, b: N) => a.name.localeCompare(b.name);
  const backends = nodes.filter((n) => n.role === 'BACKEND').sort(byName);
  const controllers = backends.filter((n) => n.clusterRole === 'controller');
  return [
    ...backends.filter((n) => n.clusterRole !== 'controller'),
    ...controllers,
    ...nodes.filter((n) => n.role === 'FRONTEND').sort(byName),
  ];
}

/** Why this node may not go to the release directly, or null. */
export function versionPathProblem(node: PlanNode, release: Restrictions): string | null {
  if (node.version === null) return `${node.name} has not reported its version`;
  if (compareVersions(node.version, release.version) >= 0)
    return `${node.name} already runs ${node.version}, not older than ${release.version}`;
  if (release.minFromVersion && compareVersions(node.version, release.minFromVersion) < 0)
    return `${node.name} runs ${node.version}; ${release.version} can only be reached from ${release.minFromVersion} or later — upgrade to ${release.minFromVersion} first`;
  return null;
}

/** Problems with an operator's order: it must hold exactly the nodes that need the upgrade. */
export function orderProblems(order: readonly string[], needing: readonly PlanNode[], release: Restrictions): string[] {
  const problems: string[] = [];
  const wanted = new Set(needing.map((n) => n.id));
  const seen = new Set<string>();
  for (const id of order) {
    if (seen.has(id)) problems.push('A node appears twice in the order.');
    seen.add(id);
    if (!wanted.has(id)) problems.push('The order names a node that does not need this upgrade (or does not exist).');
  }
  const missing = needing.filter((n) => !seen.has(n.id)).map((n) => n.name);
  if (missing.length) problems.push(`The order leaves out ${missing.join(', ')}, which still need ${release.version}.`);
  if (release.frontendsAfterBackends) {
    const byId = new Map(needing.map((n) => [n.id, n]));
    const roles = order.map((id) => byId.get(id)?.role);
    const lastBackend = roles.lastIndexOf('BACKEND');
    const firstFrontend = roles.indexOf('FRONTEND');
    if (firstFrontend !== -1 && lastBackend > firstFrontend)
      problems.push(`${release.version} requires every backend to be upgraded before any frontend.`);
  }
  return [...new Set(problems)];
}

/** A pessimistic duration for the mixed-versions window: every drain runs to its deadline. */
export function estimateSeconds(nodeCount: number, drainDeadlineSeconds: number): number {
  const RESTART_AND_CHECKS_SECONDS = 30;
  return nodeCount * (drainDeadlineSeconds + RESTART_AND_CHECKS_SECONDS);
}
