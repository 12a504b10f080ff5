import { Prisma, type PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { plainJson } from '../../transformer';
import { COLLECTOR_STALE_MS, deriveNodeState, downBefore } from './node-state';

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
      queueDeferred: true,
      queueTotal: true,
    },
  },
} satisfies Prisma.NodeSelect;

export type RowRecord = Prisma.NodeGetPayload<{ select: typeof rowSelect }>;

export interface CollectorHealth {
  alive: boolean;
  /** Epoch milliseconds, as every time in the Single Service Image outputs (see plainJson). */
  heartbeatAt: number | null;
  holder: string | null;
  /** A node last heard from before this (epoch ms) is Down; see downBefore. */
  downBefore: number;
}

const ms = (d: Date | null | undefined): number | null => d?.getTime() ?? null;

export async function collectorHealth(prisma: PrismaClient, now = Date.now()): Promise<CollectorHealth> {
  return healthOf(await loadLease(prisma), now);
}

export function toRow(n: RowRecord, now: number, health: CollectorHealth) {
  const s = n.status;
  const state = deriveNodeState({
    now,
    registeredAt: n.createdAt.getTime(),
    lastSeenAt: s?.lastSeenAt?.getTime() ?? null,
    readiness: s?.readiness ?? null,
    collectorAlive: health.alive,
    downBefore: health.downBefore,
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
    startedAt: ms(s?.startedAt),
    lastSeenAt: ms(s?.lastSeenAt),
    lastError: s?.lastError ?? null,
    drain: s?.drainAtStart != null ? { atStart: s.drainAtStart, remaining: s.drainRemaining ?? 0 } : null,
    drainRequestedAt: ms(n.drainRequestedAt),
    drainDeadline: ms(n.drainDeadline),
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
    /** The mail queue (Postfix frontends) as last reported; null: no queue, or not live. */
    queue: live && s?.queueTotal != null ? { total: s.queueTotal, deferred: s.queueDeferred ?? 0 } : null,
  };
}

export type NodeRow = ReturnType<typeof toRow>;

export interface ListNodesInput {
  page: number;
  pageSize: number;
  search?: string;
  role?: 'FRONTEND' | 'BACKEND';
}

/** The status columns of a row, read by name in the raw queries below. */
export const STATUS_FIELDS = Object.keys(rowSelect.status.select) as Array<keyof NonNullable<RowRecord['status']>>;
const statusColumns = Prisma.raw(STATUS_FIELDS.map((f) => `s."${f}"`).join(', '));
/** The collector lease, as columns of whatever else a query reads (one round trip, not two). */
export const leaseColumns = Prisma.sql`(SELECT holder FROM collector_lease WHERE id = 1) AS "leaseHolder",
  (SELECT "heartbeatAt" FROM collector_lease WHERE id = 1) AS "leaseHeartbeatAt",
  (SELECT "leadingSince" FROM collector_lease WHERE id = 1) AS "leaseLeadingSince",
  (SELECT "previousHeartbeatAt" FROM collector_lease WHERE id = 1) AS "leasePreviousHeartbeatAt"`;

export interface LeaseColumns {
  leaseHolder: string | null;
  leaseHeartbeatAt: Date | null;
  leaseLeadingSince: Date | null;
  leasePreviousHeartbeatAt: Date | null;
}

export function healthOf(lease: LeaseColumns, now: number): CollectorHealth {
  const at = lease.leaseHeartbeatAt;
  return {
    alive: !!at && now - at.getTime() <= COLLECTOR_STALE_MS,
    heartbeatAt: ms(at),
    holder: lease.leaseHolder,
    downBefore: downBefore(
      {
        heartbeatAt: ms(at),
        leadingSince: ms(lease.leaseLeadingSince),
        previousHeartbeatAt: ms(lease.leasePreviousHeartbeatAt),
      },
      now,
    ),
  };
}

type ListRow = Omit<RowRecord, 'status' | 'role'> &
  NonNullable<RowRecord['status']> &
  LeaseColumns & { role: RowRecord['role']; statusNodeId: string | null; total: bigint };

/** Prisma's `contains` with mode 'insensitive', exactly (it leaves LIKE's wildcards in the text). */
const containsPattern = (text: string) => `%${text}%`;

/**
 * One page of the Single Service Image. One query (rows, their total and the collector lease) instead
 * of four through the ORM: this is read every second by every open nodes page, and with a thousand
 * nodes the per-query overhead was most of its cost.
 */
export async function listNodes(prisma: PrismaClient, input: ListNodesInput, now = Date.now()) {
  const filters = [
    ...(input.search ? [Prisma.sql`n.name ILIKE ${containsPattern(input.search)}`] : []),
    ...(input.role ? [Prisma.sql`n.role = ${input.role}::"NodeRole"`] : []),
  ];
  const where = filters.length > 0 ? Prisma.join(filters, ' AND ') : Prisma.sql`TRUE`;
  const rows = await prisma.$queryRaw<ListRow[]>`
    SELECT n.id, n.name, n.role::text AS role, n."adminUrl", n."createdAt", n."drainRequestedAt", n."drainDeadline",
      s."nodeId" AS "statusNodeId", ${statusColumns}, count(*) OVER () AS total, ${leaseColumns}
    FROM node n LEFT JOIN node_status s ON s."nodeId" = n.id
    WHERE ${where}
    ORDER BY n.role, n.name
    LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  // Past the last page there is no row to carry the total and the lease.
  const [first] = rows;
  const [health, total] = first
    ? [healthOf(first, now), Number(first.total)]
    : await Promise.all([
        collectorHealth(prisma, now),
        prisma.node.count({
          where: {
            ...(input.search ? { name: { contains: input.search, mode: 'insensitive' } } : {}),
            ...(input.role ? { role: input.role } : {}),
          },
        }),
      ]);
  return pageOf(
    rows.map((r) => asRecord(r)),
    total,
    input,
    health,
    now,
  );
}

/** One page as nodes.list answers it, from its records (in order) and the total they were taken from. */
export function pageOf(
  records: RowRecord[],
  total: number,
  input: ListNodesInput,
  health: CollectorHealth,
  now: number,
) {
  return plainJson({
    /** When the read began (epoch ms): live views keep the newest snapshot when messages cross. */
    readAt: now,
    items: records.map((r) => toRow(r, now, health)),
    total,
    page: input.page,
    pageSize: input.pageSize,
    collector: health,
  });
}

export async function loadLease(prisma: PrismaClient): Promise<LeaseColumns> {
  const lease = await prisma.collectorLease.findUnique({ where: { id: 1 } });
  return {
    leaseHolder: lease?.holder ?? null,
    leaseHeartbeatAt: lease?.heartbeatAt ?? null,
    leaseLeadingSince: lease?.leadingSince ?? null,
    leasePreviousHeartbeatAt: lease?.previousHeartbeatAt ?? null,
  };
}

function asRecord(r: ListRow): RowRecord {
  const status = Object.fromEntries(STATUS_FIELDS.map((f) => [f, r[f]])) as NonNullable<RowRecord['status']>;
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    adminUrl: r.adminUrl,
    createdAt: r.createdAt,
    drainRequestedAt: r.drainRequestedAt,
    drainDeadline: r.drainDeadline,
    status: r.statusNodeId === null ? null : status,
  };
}

/** Every node (ids = null) or the given ones, unpaged: for rules that look at the whole cluster. */
export async function listNodesByIds(prisma: PrismaClient, ids: string[] | null, now = Date.now()) {
  const [health, records] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.findMany({ where: ids ? { id: { in: ids } } : {}, select: rowSelect, orderBy: { name: 'asc' } }),
  ]);
  return { items: records.map((r) => toRow(r, now, health)), collector: health };
}

export async function getNode(prisma: PrismaClient, id: string, now = Date.now()) {
  const [health, record] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.findUnique({
      where: { id },
      select: {
        ...rowSelect,
        tlsFingerprint: true,
        allowPlainHttp: true,
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
    ...toRow(record, now, health),
    agentId: record.status?.agentId ?? null,
    failures: record.status?.failures ?? 0,
    lastAttemptAt: ms(record.status?.lastAttemptAt),
    listeners: (record.status?.listeners ?? []) as Array<{ protocol: string; port: number; open: boolean }>,
    ...splitCapabilities(record.status?.capabilities),
    createdAt: record.createdAt.getTime(),
    /** The pinned certificate fingerprint; null: CC_NODE_CA_FILE verifies it, or plain HTTP. */
    tlsFingerprint: record.tlsFingerprint,
    /** Plain HTTP was chosen for this node: its token crosses the network in clear text. */
    allowPlainHttp: record.allowPlainHttp,
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
