// The wizard's preflight: each check with pass/fail and the reason, computed from the console's
// live view of the cluster. Creating a run repeats it and refuses on any failure.
import type { PrismaClient, ReleaseModel as Release } from '@cc/db';

import { AppError } from '../../errors';
import { listNodesByIds } from '../nodes/list-nodes';
import { defaultOrder, estimateSeconds, nodesNeeding, versionPathProblem, type PlanNode } from './plan';

export const ACTIVE_RUN_STATES = ['running', 'paused'] as const;

export interface PreflightCheck {
  id:
    | 'nodes-up'
    | 'ready-backends'
    | 'none-withdrawn'
    | 'version-path'
    | 'upgradable'
    | 'mixed-window'
    | 'database'
    | 'no-other-run';
  label: string;
  ok: boolean;
  detail: string;
}

/** A plan node with its open sessions now: what the wizard's confirmation says will be drained. */
export type ClusterPlanNode = PlanNode & { sessions: number };

export interface ClusterPlanView {
  release: Release;
  nodes: ClusterPlanNode[];
  needing: ClusterPlanNode[];
  /** Default order of the nodes that need the release. */
  order: ClusterPlanNode[];
}

/** Every registered node with what the plan needs to know, from the collector's view. */
export async function planNodes(prisma: PrismaClient): Promise<ClusterPlanNode[]> {
  const [{ items }, caps] = await Promise.all([
    listNodesByIds(prisma, null),
    prisma.nodeStatus.findMany({ select: { nodeId: true, capabilities: true } }),
  ]);
  const capsById = new Map(caps.map((c) => [c.nodeId, Array.isArray(c.capabilities) ? c.capabilities : []]));
  return items.map((n) => ({
    id: n.id,
    name: n.name,
    role: n.role,
    clusterRole: n.clusterRole,
    version: n.softwareVersion,
    state: n.state,
    upgradable: (capsById.get(n.id) ?? []).includes('upgrade'),
    sessions: n.sessions.total,
  }));
}

export async function findRelease(prisma: PrismaClient, version: string): Promise<Release> {
  const release = await prisma.release.findUnique({ where: { version } });
  if (!release) throw new AppError('NOT_FOUND', `Version ${version} is not in the release catalog.`);
  return release;
}

export async function clusterPlan(prisma: PrismaClient, version: string): Promise<ClusterPlanView> {
  const [release, nodes] = await Promise.all([findRelease(prisma, version), planNodes(prisma)]);
  const needing = nodesNeeding(nodes, release.version);
  return { release, nodes, needing, order: defaultOrder(needing) };
}

const list = (nodes: PlanNode[]) => nodes.map((n) => n.name).join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function preflight(
  prisma: PrismaClient,
  version: string,
  drainDeadlineSeconds: number,
): Promise<{ plan: ClusterPlanView; checks: PreflightCheck[]; ok: boolean }> {
  const plan = await clusterPlan(prisma, version);
  const { nodes, needing, release } = plan;
  const checks: PreflightCheck[] = [];
  const add = (id: PreflightCheck['id'], label: string, problem: string | null, okDetail: string) =>
    checks.push({ id, label, ok: problem === null, detail: problem ?? okDetail });

  const silent = nodes.filter((n) => n.state === 'down' || n.state === 'unknown');
  add(
    'nodes-up',
    'All nodes up and reporting',
    silent.length ? `${list(silent)} ${silent.length === 1 ? 'is' : 'are'} not reporting.` : null,
    `${plural(nodes.length, 'node')} reporting.`,
  );

  const readyBackends = nodes.filter((n) => n.role === 'BACKEND' && n.state === 'ready');
  add(
    'ready-backends',
    'At least two Ready backends',
    readyBackends.length < 2
      ? `Only ${plural(readyBackends.length, 'Ready backend')}: withdrawing one would leave new sessions nowhere to go.`
      : null,
    `${plural(readyBackends.length, 'Ready backend')} (${list(readyBackends)}).`,
  );

  const withdrawn = nodes.filter((n) => n.state === 'non-ready' || n.state === 'draining' || n.state === 'drained');
  add(
    'none-withdrawn',
    'No node already Non-Ready or draining',
    withdrawn.length
      ? `${withdrawn.map((n) => `${n.name} (${n.state})`).join(', ')}: make ${withdrawn.length === 1 ? 'it' : 'them'} Ready or finish that work first.`
      : null,
    'Every node is Ready.',
  );

  const pathProblems = needing.map((n) => versionPathProblem(n, release)).filter((p): p is string => p !== null);
  add(
    'version-path',
    `Upgrade path to ${release.version} allowed`,
    needing.length === 0
      ? `Every node already runs ${release.version} or later: nothing to upgrade.`
      : pathProblems.length
        ? pathProblems.join(' ')
        : null,
    `${plural(needing.length, 'node')} to upgrade${release.minFromVersion ? `, all from ${release.minFromVersion} or later` : ''}.`,
  );

  const fixed = needing.filter((n) => !n.upgradable);
  add(
    'upgradable',
    'Nodes can restart into a new version',
    fixed.length
      ? `${list(fixed)} cannot be upgraded through the admin API (no supervisor, or the mail server's own packages decide its version).`
      : null,
    'Every node to upgrade offers the upgrade operation.',
  );

  if (release.maxMixedHours !== null) {
    const seconds = estimateSeconds(needing.length, drainDeadlineSeconds);
    const hours = seconds / 3600;
    add(
      'mixed-window',
      `Mixed versions for at most ${plural(release.maxMixedHours, 'hour')}`,
      hours > release.maxMixedHours
        ? `With ${drainDeadlineSeconds} s drain deadlines the run could take ${hours.toFixed(1)} h: shorten the deadline.`
        : null,
      `At most ~${Math.ceil(seconds / 60)} min even if every drain runs to its deadline.`,
    );
  }

  const started = Date.now();
  let dbProblem: string | null = null;
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (e) {
    dbProblem = `The cluster database did not answer: ${(e as Error).message}`;
  }
  add('database', 'Cluster database reachable', dbProblem, `Answered in ${Date.now() - started} ms.`);

  const other = await prisma.upgradeRun.findFirst({
    where: { state: { in: [...ACTIVE_RUN_STATES] } },
    select: { targetVersion: true, state: true, createdByEmail: true },
  });
  add(
    'no-other-run',
    'No other upgrade running',
    other
      ? `An upgrade to ${other.targetVersion} started by ${other.createdByEmail ?? 'someone'} is ${other.state}.`
      : null,
    'No upgrade is running or paused.',
  );

  return { plan, checks, ok: checks.every((c) => c.ok) };
}
