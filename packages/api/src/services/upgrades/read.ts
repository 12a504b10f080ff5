// What the wizard and the run page read: releases with what a version would mean for this cluster,
// runs with their steps, timeline and live log.
import type { PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { drainProgress, runEta } from './eta';
import { listReleases } from './releases';
import { nodesNeeding, versionPathProblem } from './plan';
import { ACTIVE_RUN_STATES, planNodes } from './preflight';
import { rollbackCandidate } from './runs';
import { HAND_OVER, leaseGaps, runTimeline, stepTimeline } from './timeline';

export async function releasesForCluster(prisma: PrismaClient) {
  const [releases, nodes] = await Promise.all([listReleases(prisma), planNodes(prisma)]);
  const versions = [...new Set(nodes.map((n) => n.version ?? 'unknown'))].sort();
  return {
    clusterVersions: versions.map((v) => ({
      version: v,
      nodes: nodes.filter((n) => (n.version ?? 'unknown') === v).length,
    })),
    releases: releases.map((r) => {
      const needing = nodesNeeding(nodes, r.version);
      const blocked = needing.map((n) => versionPathProblem(n, r)).filter((p): p is string => p !== null);
      // The wizard offers a version only when this check passes; starting a run enforces it again.
      const reason =
        needing.length === 0
          ? `Every node already runs ${r.version} or later.`
          : blocked.length > 0
            ? 'Not reachable from the versions the nodes run now.'
            : null;
      return { ...r, needing: needing.length, blocked, reachable: reason === null, reason };
    }),
  };
}

export async function listRuns(prisma: PrismaClient, limit = 20) {
  const runs = await prisma.upgradeRun.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: { steps: { select: { phase: true } } },
  });
  return runs.map(({ steps, leaseOwner: _o, leaseUntil: _u, ...run }) => ({
    ...run,
    nodes: steps.length,
    done: steps.filter((s) => s.phase === 'done').length,
  }));
}

/** The running or paused upgrade, if any: every page's banner shows it. */
export async function activeRun(prisma: PrismaClient) {
  const run = await prisma.upgradeRun.findFirst({
    where: { state: { in: [...ACTIVE_RUN_STATES] } },
    select: { id: true, targetVersion: true, state: true, request: true, steps: { select: { phase: true } } },
  });
  if (!run) return null;
  const { steps, ...rest } = run;
  return { ...rest, nodes: steps.length, done: steps.filter((s) => s.phase === 'done').length };
}

export async function getRun(prisma: PrismaClient, id: string, eventsAfter?: bigint) {
  const run = await prisma.upgradeRun.findUnique({
    where: { id },
    include: { steps: { orderBy: { position: 'asc' } } },
  });
  if (!run) throw new AppError('NOT_FOUND', 'No such upgrade run.');
  const events = await prisma.upgradeEvent.findMany({
    where: { runId: id, ...(eventsAfter !== undefined ? { id: { gt: eventsAfter } } : {}) },
    orderBy: { id: 'desc' },
    take: 200,
  });
  const gaps = leaseGaps(
    await prisma.upgradeEvent.findMany({
      where: { runId: id, message: { startsWith: HAND_OVER } },
      select: { at: true, message: true },
    }),
  );
  const { leaseOwner, leaseUntil, steps, ...rest } = run;
  const candidate = rollbackCandidate(run);
  const left = await sessionsLeft(
    prisma,
    steps.filter((s) => s.phase === 'draining').map((s) => s.nodeId),
  );
  return {
    ...rest,
    worker: { holder: leaseOwner, until: leaseUntil },
    steps: steps.map((s) => ({
      ...s,
      timeline: stepTimeline(s, gaps),
      drain: left.has(s.nodeId) ? drainProgress(s.sessionsAtStart, left.get(s.nodeId)!) : null,
    })),
    timeline: runTimeline(run, steps, gaps),
    eta: ACTIVE_RUN_STATES.some((st) => st === run.state) ? runEta(steps, Date.now()) : null,
    rollbackNode:
      run.request === null && ['running', 'paused', 'failed'].includes(run.state)
        ? (candidate?.nodeName ?? null)
        : null,
    events: events.reverse().map((e) => ({ ...e, id: e.id.toString() })),
  };
}

/** Open sessions on draining nodes as they last reported (the drain's own count when the node gives one). */
async function sessionsLeft(prisma: PrismaClient, nodeIds: string[]): Promise<Map<string, number>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await prisma.nodeStatus.findMany({
    where: { nodeId: { in: nodeIds } },
    select: { nodeId: true, drainRemaining: true, sessionsTotal: true },
  });
  return new Map(rows.map((r) => [r.nodeId, r.drainRemaining ?? r.sessionsTotal]));
}
