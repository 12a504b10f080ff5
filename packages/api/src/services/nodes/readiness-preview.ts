// What Make Ready / Make Non-Ready would do, read from the few nodes it concerns. The dialog polls
// this every 2 s; reading every node for it cost as much as a nodes page of the whole fleet.
import { Prisma, type PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { healthOf, leaseColumns, type LeaseColumns } from './list-nodes';
import { COLLECTOR_STALE_MS, deriveNodeState, DOWN_AFTER_MS, type NodeState } from './node-state';

export interface ReadinessWarning {
  code: 'last-ready-backend' | 'concurrent-drain' | 'not-reachable';
  message: string;
  /** Proceeding needs an explicit override with a reason (recorded in the audit log). */
  needsOverride: boolean;
}

type PreviewRow = LeaseColumns & {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  createdAt: Date;
  lastSeenAt: Date | null;
  readiness: string | null;
  sessionsTotal: number | null;
  accountsOpen: number | null;
  chosen: boolean;
};

const columns = (ids: string[]) => Prisma.sql`n.id, n.name, n.role::text AS role, n."createdAt", s."lastSeenAt",
  s.readiness, s."sessionsTotal", s."accountsOpen", n.id IN (${Prisma.join(ids)}) AS chosen, ${leaseColumns}`;

/**
 * The rows a preview needs, in one query: the chosen nodes; for Make Non-Ready also every other
 * node that may be draining and the most recently heard-from other Ready backend (if that one is
 * not live, none is: liveness only ever asks how recently a node was heard from). Nodes not heard
 * from within DOWN_AFTER_MS + COLLECTOR_STALE_MS can be neither Ready nor Draining: never read.
 */
export async function previewRows(prisma: PrismaClient, ids: string[], ready: boolean, now = Date.now()) {
  if (ids.length === 0) throw new AppError('BAD_REQUEST', 'Choose at least one node.');
  const from = Prisma.sql`FROM node n LEFT JOIN node_status s ON s."nodeId" = n.id`;
  const chosen = Prisma.sql`SELECT ${columns(ids)} ${from} WHERE n.id IN (${Prisma.join(ids)})`;
  if (ready) return prisma.$queryRaw<PreviewRow[]>`${chosen} ORDER BY name`;
  const recent = new Date(now - DOWN_AFTER_MS - COLLECTOR_STALE_MS);
  const others = Prisma.sql`n.id NOT IN (${Prisma.join(ids)}) AND s."lastSeenAt" >= ${recent}`;
  return prisma.$queryRaw<PreviewRow[]>`
    ${chosen}
    UNION ALL (SELECT ${columns(ids)} ${from} WHERE ${others} AND s.readiness = 'draining')
    UNION ALL (SELECT ${columns(ids)} ${from} WHERE ${others} AND s.readiness = 'ready' AND n.role = 'BACKEND'
               ORDER BY s."lastSeenAt" DESC LIMIT 1)
    ORDER BY name`;
}

export interface PreviewNode {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  state: NodeState;
  sessions: number;
  accountsOpen: number;
}

/**
 * What Make Ready / Make Non-Ready would do to these nodes: the sessions and accounts on them, and
 * the cluster rules at stake. The confirmation dialog shows this; setReadiness enforces it.
 */
export async function readinessPreview(prisma: PrismaClient, ids: string[], ready: boolean, now = Date.now()) {
  const rows = await previewRows(prisma, ids, ready, now);
  const health = rows[0] ? healthOf(rows[0], now) : null;
  const nodes = rows.map((r) => {
    const state = deriveNodeState({
      now,
      registeredAt: r.createdAt.getTime(),
      lastSeenAt: r.lastSeenAt?.getTime() ?? null,
      readiness: r.readiness,
      collectorAlive: health?.alive ?? false,
      ...(health && { downBefore: health.downBefore }),
    });
    // A dead node's last report is history, not its present: as on the nodes page.
    const live = state !== 'down' && state !== 'unknown';
    const node: PreviewNode = {
      id: r.id,
      name: r.name,
      role: r.role,
      state,
      sessions: live ? (r.sessionsTotal ?? 0) : 0,
      accountsOpen: live ? (r.accountsOpen ?? 0) : 0,
    };
    return { node, chosen: r.chosen };
  });
  const chosen = nodes.filter((n) => n.chosen).map((n) => n.node);
  const others = nodes.filter((n) => !n.chosen).map((n) => n.node);
  if (chosen.length !== new Set(ids).size) throw new AppError('NOT_FOUND', 'One or more nodes do not exist.');
  const warnings = readinessWarnings(chosen, others, ready);
  return {
    ready,
    nodes: chosen,
    sessions: chosen.reduce((s, n) => s + n.sessions, 0),
    accountsOpen: chosen.reduce((s, n) => s + n.accountsOpen, 0),
    warnings,
    needsOverride: warnings.some((w) => w.needsOverride),
  };
}

/** The cluster rules at stake, given the chosen nodes and the other nodes that matter to them. */
export function readinessWarnings(chosen: PreviewNode[], others: PreviewNode[], ready: boolean): ReadinessWarning[] {
  const warnings: ReadinessWarning[] = [];
  const unreachable = chosen.filter((n) => n.state === 'down' || n.state === 'unknown');
  if (unreachable.length) {
    warnings.push({
      code: 'not-reachable',
      message: `${names(unreachable)} ${unreachable.length === 1 ? 'is' : 'are'} not answering; the change will fail there.`,
      needsOverride: false,
    });
  }
  if (ready) return warnings;
  const withdrawn = chosen.filter((n) => n.state === 'ready');
  const backendsLeft = others.filter((n) => n.role === 'BACKEND' && n.state === 'ready');
  if (withdrawn.some((n) => n.role === 'BACKEND') && backendsLeft.length === 0) {
    warnings.push({
      code: 'last-ready-backend',
      message: 'No Ready backend would be left: new sessions could only go to a Non-Ready node.',
      needsOverride: true,
    });
  }
  const draining = others.filter((n) => n.state === 'draining');
  const newDrains = withdrawn.filter((n) => n.role === 'BACKEND');
  if (newDrains.length > 0 && draining.length + newDrains.length > 1) {
    const who = draining.length
      ? `${names(draining)} ${draining.length === 1 ? 'is' : 'are'} still draining`
      : 'several backends would drain at once';
    warnings.push({
      code: 'concurrent-drain',
      message: `${who}: withdraw one backend at a time.`,
      needsOverride: true,
    });
  }
  return warnings;
}

function names(nodes: PreviewNode[]): string {
  return nodes.map((n) => n.name).join(', ');
}
