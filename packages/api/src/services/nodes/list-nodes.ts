import type { Prisma, PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { COLLECTOR_STALE_MS, deriveNodeState, DOWN_AFTER_MS, NODE_STATES, type NodeState } from './node-state';

const rowSelect = {
  id: true,
  name: true,
  role: true,
  adminUrl: true,
  createdAt: true,
  drainRequestedAt: true,
  drainDeadline: true,
  status: {
    select: {
      lastSeenAt: true,
      lastError: true,
      softwareVersion: true,
      startedAt: true,
      readiness: true,
      clusterRole: true,
      drainRemaining: true,
      drainAtStart: true,
      cpuPercent: true,
      memUsedBytes: true,
      memTotalBytes: true,
      sessionsImap: true,
      sessionsPop: true,
      sessionsSmtp: true,
      sessionsHttp: true,
      sessionsTotal: true,
      accountsOpen: true,
    },
  },
} satisfies Prisma.NodeSelect;

type RowRecord = Prisma.NodeGetPayload<{ select: typeof rowSelect }>;

export interface CollectorHealth {
  alive: boolean;
  heartbeatAt: Date | null;
  holder: string | null;
}

export async function collectorHealth(prisma: PrismaClient, now = Date.now()): Promise<CollectorHealth> {
  const lease = await prisma.collectorLease.findUnique({ where: { id: 1 } });
  return {
    alive: !!lease && now - lease.heartbeatAt.getTime() <= COLLECTOR_STALE_MS,
    heartbeatAt: lease?.heartbeatAt ?? null,
    holder: lease?.holder ?? null,
  };
}

function toRow(n: RowRecord, now: number, collectorAlive: boolean) {
  const s = n.status;
  const state = deriveNodeState({
    now,
    registeredAt: n.createdAt.getTime(),
    lastSeenAt: s?.lastSeenAt?.getTime() ?? null,
    readiness: s?.readiness ?? null,
    collectorAlive,
  });
  const live = state !== 'down' && state !== 'unknown';
  return {
    id: n.id,
    name: n.name,
    role: n.role,
    adminUrl: n.adminUrl,
    state,
    // A dead node's last report is history, not its present: only live nodes count toward load.
    clusterRole: live ? (s?.clusterRole ?? null) : null,
    softwareVersion: s?.softwareVersion ?? null,
    startedAt: s?.startedAt ?? null,
    lastSeenAt: s?.lastSeenAt ?? null,
    lastError: s?.lastError ?? null,
    drain: s?.drainAtStart != null ? { atStart: s.drainAtStart, remaining: s.drainRemaining ?? 0 } : null,
    drainRequestedAt: n.drainRequestedAt,
    drainDeadline: n.drainDeadline,
    sessions: {
      imap: live ? (s?.sessionsImap ?? 0) : 0,
      pop: live ? (s?.sessionsPop ?? 0) : 0,
      smtp: live ? (s?.sessionsSmtp ?? 0) : 0,
      http: live ? (s?.sessionsHttp ?? 0) : 0,
      total: live ? (s?.sessionsTotal ?? 0) : 0,
    },
    accountsOpen: live ? (s?.accountsOpen ?? 0) : 0,
    cpuPercent: live ? (s?.cpuPercent ?? 0) : null,
    memUsedBytes: live ? (s?.memUsedBytes ?? 0) : null,
    memTotalBytes: s?.memTotalBytes ?? null,
  };
}

export type NodeRow = ReturnType<typeof toRow>;

export interface ListNodesInput {
  page: number;
  pageSize: number;
  search?: string;
  role?: 'FRONTEND' | 'BACKEND';
}

export async function listNodes(prisma: PrismaClient, input: ListNodesInput, now = Date.now()) {
  const where: Prisma.NodeWhereInput = {
    ...(input.search ? { name: { contains: input.search, mode: 'insensitive' } } : {}),
    ...(input.role ? { role: input.role } : {}),
  };
  const [health, total, records] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.count({ where }),
    prisma.node.findMany({
      where,
      select: rowSelect,
      orderBy: [{ role: 'asc' }, { name: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  return {
    /** When the read began: live views keep the newest snapshot when messages cross. */
    readAt: new Date(now),
    items: records.map((r) => toRow(r, now, health.alive)),
    total,
    page: input.page,
    pageSize: input.pageSize,
    collector: health,
  };
}

/** Every node (ids = null) or the given ones, unpaged: for rules that look at the whole cluster. */
export async function listNodesByIds(prisma: PrismaClient, ids: string[] | null, now = Date.now()) {
  const [health, records] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.findMany({ where: ids ? { id: { in: ids } } : {}, select: rowSelect, orderBy: { name: 'asc' } }),
  ]);
  return { items: records.map((r) => toRow(r, now, health.alive)), collector: health };
}

/** Cluster-wide totals over every node (not just the page): one aggregate query, no row transfer. */
export async function clusterOverview(prisma: PrismaClient, now = Date.now()) {
  const health = await collectorHealth(prisma, now);
  const cutoff = new Date(now - DOWN_AFTER_MS);
  const liveWhere = { lastSeenAt: { gte: cutoff } } satisfies Prisma.NodeStatusWhereInput;
  const [nodes, byRole, live, byReadiness, controllers] = await Promise.all([
    prisma.node.count(),
    prisma.node.groupBy({ by: ['role'], _count: { _all: true } }),
    prisma.nodeStatus.aggregate({
      where: liveWhere,
      _sum: {
        sessionsTotal: true,
        sessionsImap: true,
        sessionsPop: true,
        sessionsSmtp: true,
        sessionsHttp: true,
        accountsOpen: true,
      },
      _avg: { cpuPercent: true },
      _count: { _all: true },
    }),
    prisma.nodeStatus.groupBy({ by: ['readiness'], where: liveWhere, _count: { _all: true } }),
    prisma.nodeStatus.findMany({
      where: { ...liveWhere, clusterRole: { in: ['controller', 'backup'] } },
      select: { clusterRole: true, node: { select: { id: true, name: true } } },
    }),
  ]);
  const states = Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;
  if (health.alive) {
    for (const r of byReadiness) {
      const state = deriveNodeState({
        now,
        registeredAt: 0,
        lastSeenAt: now,
        readiness: r.readiness,
        collectorAlive: true,
      });
      states[state] += r._count._all;
    }
    // Everything not heard from recently: down, or unknown while still new (counted as down here).
    states.down = nodes - live._count._all;
  } else {
    states.unknown = nodes;
  }
  const sum = live._sum;
  return {
    readAt: new Date(now),
    nodes,
    frontends: byRole.find((r) => r.role === 'FRONTEND')?._count._all ?? 0,
    backends: byRole.find((r) => r.role === 'BACKEND')?._count._all ?? 0,
    states,
    sessions: {
      total: health.alive ? (sum.sessionsTotal ?? 0) : 0,
      imap: health.alive ? (sum.sessionsImap ?? 0) : 0,
      pop: health.alive ? (sum.sessionsPop ?? 0) : 0,
      smtp: health.alive ? (sum.sessionsSmtp ?? 0) : 0,
      http: health.alive ? (sum.sessionsHttp ?? 0) : 0,
    },
    accountsOpen: health.alive ? (sum.accountsOpen ?? 0) : 0,
    avgCpuPercent: health.alive ? (live._avg.cpuPercent ?? 0) : 0,
    controller: health.alive ? (controllers.find((c) => c.clusterRole === 'controller')?.node ?? null) : null,
    backup: health.alive ? (controllers.find((c) => c.clusterRole === 'backup')?.node ?? null) : null,
    collector: health,
  };
}

export async function getNode(prisma: PrismaClient, id: string, now = Date.now()) {
  const [health, record] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.findUnique({
      where: { id },
      select: {
        ...rowSelect,
        status: {
          select: {
            ...rowSelect.status.select,
            listeners: true,
            capabilities: true,
            agentId: true,
            failures: true,
            lastAttemptAt: true,
          },
        },
      },
    }),
  ]);
  if (!record) throw new AppError('NOT_FOUND', 'No such node.');
  return {
    ...toRow(record, now, health.alive),
    agentId: record.status?.agentId ?? null,
    failures: record.status?.failures ?? 0,
    lastAttemptAt: record.status?.lastAttemptAt ?? null,
    listeners: (record.status?.listeners ?? []) as Array<{ protocol: string; port: number; open: boolean }>,
    ...splitCapabilities(record.status?.capabilities),
    createdAt: record.createdAt,
  };
}

/** node_status.capabilities holds the feature names, then what the node cannot do as {feature, reason}. */
function splitCapabilities(json: Prisma.JsonValue | undefined) {
  const items = Array.isArray(json) ? json : [];
  return {
    capabilities: items.filter((c): c is string => typeof c === 'string'),
    unsupported: items.flatMap((c) =>
      c && typeof c === 'object' && !Array.isArray(c) && typeof c.feature === 'string' && typeof c.reason === 'string'
        ? [{ feature: c.feature, reason: c.reason }]
        : [],
    ),
  };
}

export async function nodeHistory(prisma: PrismaClient, id: string, minutes: number, now = Date.now()) {
  const exists = await prisma.node.count({ where: { id } });
  if (!exists) throw new AppError('NOT_FOUND', 'No such node.');
  const samples = await prisma.nodeLoadSample.findMany({
    where: { nodeId: id, at: { gte: new Date(now - minutes * 60_000) } },
    orderBy: { at: 'asc' },
    select: { at: true, cpuPercent: true, memUsedBytes: true, sessionsTotal: true, accountsOpen: true },
  });
  return samples;
}
