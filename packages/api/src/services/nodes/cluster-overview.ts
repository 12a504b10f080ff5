import type { PrismaClient } from '@cc/db';

import { plainJson } from '../../transformer';
import { collectorHealth, type CollectorHealth } from './list-nodes';
import { NODE_STATES, type NodeState } from './node-state';

/** The aggregates cluster.overview is made of (from SQL here, or from the in-memory image). */
export interface OverviewTotals {
  nodes: number;
  frontends: number;
  backends: number;
  /** Nodes heard from at or after the collector's cutoff; the counts and sums below are over them. */
  live: number;
  ready: number;
  draining: number;
  drained: number;
  nonReady: number;
  sessionsTotal: number;
  sessionsImap: number;
  sessionsPop: number;
  sessionsSmtp: number;
  sessionsHttp: number;
  accountsOpen: number;
  /** Null: no live node reports a mail queue. */
  queueTotal: number | null;
  queueDeferred: number | null;
  avgCpuPercent: number | null;
  /** Live Controllers and Backups, by name. */
  leaders: Array<{ clusterRole: string; id: string; name: string }> | null;
}

interface OverviewRow {
  nodes: bigint;
  frontends: bigint;
  backends: bigint;
  live: bigint;
  ready: bigint;
  draining: bigint;
  drained: bigint;
  nonReady: bigint;
  sessionsTotal: bigint;
  sessionsImap: bigint;
  sessionsPop: bigint;
  sessionsSmtp: bigint;
  sessionsHttp: bigint;
  accountsOpen: bigint;
  /** Null: no live node reports a mail queue. */
  queueTotal: bigint | null;
  queueDeferred: bigint | null;
  avgCpuPercent: number | null;
  leaders: Array<{ clusterRole: string; id: string; name: string }> | null;
}

/**
 * Cluster-wide totals over every node (not just the page): one aggregate query over the live nodes'
 * reports (not Down: heard from after the collector's cutoff, see downBefore), no row transfer. The
 * lease is read first, as the cutoff depends on how long the collector has been watching.
 */
export async function clusterOverview(prisma: PrismaClient, now = Date.now()) {
  const health = await collectorHealth(prisma, now);
  const cutoff = new Date(health.downBefore);
  const [o] = await prisma.$queryRaw<[OverviewRow]>`
    SELECT
      (SELECT count(*) FROM node) AS nodes,
      (SELECT count(*) FROM node WHERE role = 'FRONTEND') AS frontends,
      (SELECT count(*) FROM node WHERE role = 'BACKEND') AS backends,
      count(*) AS live,
      count(*) FILTER (WHERE s.readiness = 'ready') AS ready,
      count(*) FILTER (WHERE s.readiness = 'draining') AS draining,
      count(*) FILTER (WHERE s.readiness = 'drained') AS drained,
      count(*) FILTER (WHERE s.readiness = 'non-ready') AS "nonReady",
      coalesce(sum(s."sessionsTotal"), 0) AS "sessionsTotal",
      coalesce(sum(s."sessionsImap"), 0) AS "sessionsImap",
      coalesce(sum(s."sessionsPop"), 0) AS "sessionsPop",
      coalesce(sum(s."sessionsSmtp"), 0) AS "sessionsSmtp",
      coalesce(sum(s."sessionsHttp"), 0) AS "sessionsHttp",
      coalesce(sum(s."accountsOpen"), 0) AS "accountsOpen",
      sum(s."queueTotal") AS "queueTotal",
      sum(s."queueDeferred") AS "queueDeferred",
      avg(s."cpuPercent") AS "avgCpuPercent",
      (SELECT json_agg(json_build_object('clusterRole', l."clusterRole", 'id', n.id, 'name', n.name) ORDER BY n.name)
        FROM node_status l JOIN node n ON n.id = l."nodeId"
        WHERE l."lastSeenAt" >= ${cutoff} AND l."clusterRole" IN ('controller', 'backup')) AS leaders
    FROM node_status s WHERE s."lastSeenAt" >= ${cutoff}`;
  const big = (v: bigint | null) => (v === null ? null : Number(v));
  return overviewOf(
    {
      nodes: Number(o.nodes),
      frontends: Number(o.frontends),
      backends: Number(o.backends),
      live: Number(o.live),
      ready: Number(o.ready),
      draining: Number(o.draining),
      drained: Number(o.drained),
      nonReady: Number(o.nonReady),
      sessionsTotal: Number(o.sessionsTotal),
      sessionsImap: Number(o.sessionsImap),
      sessionsPop: Number(o.sessionsPop),
      sessionsSmtp: Number(o.sessionsSmtp),
      sessionsHttp: Number(o.sessionsHttp),
      accountsOpen: Number(o.accountsOpen),
      queueTotal: big(o.queueTotal),
      queueDeferred: big(o.queueDeferred),
      avgCpuPercent: o.avgCpuPercent,
      leaders: o.leaders,
    },
    health,
    now,
  );
}

/** cluster.overview's answer from its aggregates. */
export function overviewOf(o: OverviewTotals, health: CollectorHealth, now: number) {
  const alive = health.alive;
  const states = Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;
  const nodes = o.nodes;
  const live = o.live;
  if (alive) {
    states.ready = o.ready;
    states.draining = o.draining;
    states.drained = o.drained;
    states['non-ready'] = o.nonReady;
    // Live but reporting no readiness we know.
    states.unknown = live - states.ready - states.draining - states.drained - states['non-ready'];
    // Everything not heard from recently: down, or unknown while still new (counted as down here).
    states.down = nodes - live;
  } else {
    states.unknown = nodes;
  }
  const leader = (role: string) => {
    const found = alive ? o.leaders?.find((l) => l.clusterRole === role) : undefined;
    return found ? { id: found.id, name: found.name } : null;
  };
  const count = (v: number) => (alive ? v : 0);
  return plainJson({
    readAt: now,
    nodes,
    frontends: o.frontends,
    backends: o.backends,
    states,
    sessions: {
      total: count(o.sessionsTotal),
      imap: count(o.sessionsImap),
      pop: count(o.sessionsPop),
      smtp: count(o.sessionsSmtp),
      http: count(o.sessionsHttp),
    },
    accountsOpen: count(o.accountsOpen),
    // Summed over the frontends that have a queue; null when none has (sum over no values).
    queue: alive && o.queueTotal !== null ? { total: o.queueTotal, deferred: o.queueDeferred ?? 0 } : null,
    avgCpuPercent: alive ? (o.avgCpuPercent ?? 0) : 0,
    controller: leader('controller'),
    backup: leader('backup'),
    collector: health,
  });
}
