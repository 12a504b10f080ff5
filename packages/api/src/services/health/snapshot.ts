import type { PrismaClient } from '@cc/db';
import type { PortCheckCell } from '@cc/ports';

import { collectorHealth } from '../nodes/list-nodes';
import { deriveNodeState } from '../nodes/node-state';
import { desiredRevision } from '../propagation/snapshot';
import { healthSettings } from './settings';
import type { NodeSnapshot, Snapshot } from './types';

/** Upgrade runs the worker may still act on: mixed versions are expected while one exists. */
const ACTIVE_RUN_STATES = ['running', 'paused'];

/** Reads what the collector, reconciler, upgrade worker and port checks stored, in a few queries. */
export async function readSnapshot(
  prisma: PrismaClient,
  downTransitions: Map<string, number[]>,
  now = Date.now(),
): Promise<Snapshot> {
  const [health, desired, settings, rows, port, run] = await Promise.all([
    collectorHealth(prisma, now),
    desiredRevision(prisma),
    healthSettings(prisma),
    prisma.node.findMany({
      select: {
        id: true,
        name: true,
        role: true,
        adminUrl: true,
        createdAt: true,
        drainDeadline: true,
        status: {
          select: {
            lastSeenAt: true,
            observedAt: true,
            readiness: true,
            clusterRole: true,
            peers: true,
            softwareVersion: true,
            cpuPercent: true,
            memUsedBytes: true,
            memTotalBytes: true,
            diskUsedBytes: true,
            diskTotalBytes: true,
            configRevision: true,
          },
        },
      },
    }),
    prisma.portCheckRun.findFirst({ where: { finishedAt: { not: null } }, orderBy: { startedAt: 'desc' } }),
    prisma.upgradeRun.findFirst({
      where: { state: { in: ACTIVE_RUN_STATES } },
      orderBy: { createdAt: 'desc' },
      include: { steps: { where: { phase: 'draining' } } },
    }),
  ]);
  const nodes: NodeSnapshot[] = rows.map((n) => ({
    id: n.id,
    name: n.name,
    role: n.role,
    adminUrl: n.adminUrl,
    state: deriveNodeState({
      now,
      registeredAt: n.createdAt.getTime(),
      lastSeenAt: n.status?.lastSeenAt?.getTime() ?? null,
      readiness: n.status?.readiness ?? null,
      collectorAlive: health.alive,
      downBefore: health.downBefore,
    }),
    clusterRole: n.status?.clusterRole ?? null,
    peers: Array.isArray(n.status?.peers) ? (n.status.peers as NodeSnapshot['peers']) : [],
    softwareVersion: n.status?.softwareVersion ?? null,
    cpuPercent: n.status?.cpuPercent ?? 0,
    memUsedBytes: n.status?.memUsedBytes ?? 0,
    memTotalBytes: n.status?.memTotalBytes ?? 0,
    diskPercent: diskPercent(n.status?.diskUsedBytes ?? null, n.status?.diskTotalBytes ?? null),
    configRevision: n.status?.configRevision ?? 0n,
    observedAt: n.status?.observedAt ?? null,
    lastSeenAt: n.status?.lastSeenAt ?? null,
    readiness: n.status?.readiness ?? null,
    drainDeadline: n.drainDeadline,
    certNotAfter: null,
  }));
  const release = run ? await prisma.release.findUnique({ where: { version: run.targetVersion } }) : null;
  const failures = port
    ? (port.cells as unknown as PortCheckCell[])
        .filter((c) => !c.ok)
        .slice(0, 5)
        .map((c) => `${c.source} → ${c.target} ${c.service} (${c.error ?? 'failed'})`)
    : [];
  return {
    now,
    collectorAlive: health.alive,
    nodes,
    desiredRevision: desired,
    lastPortCheck: port?.finishedAt
      ? { id: port.id, finishedAt: port.finishedAt, failed: port.failed, failures }
      : null,
    upgrade: run
      ? {
          id: run.id,
          targetVersion: run.targetVersion,
          startedAt: run.startedAt,
          maxMixedHours: release?.maxMixedHours ?? null,
          drainDeadlineSeconds: run.drainDeadlineSeconds,
          draining: run.steps.map((s) => ({
            nodeId: s.nodeId,
            nodeName: s.nodeName,
            since: s.phaseStartedAt ?? s.startedAt ?? new Date(now),
          })),
        }
      : null,
    downTransitions,
    thresholds: settings.thresholds,
  };
}

/** Percent of the node's mail file system in use; null when the agent does not report it. */
function diskPercent(used: number | null, total: number | null): number | null {
  return used === null || total === null || total <= 0 ? null : Math.round((used / total) * 1000) / 10;
}
