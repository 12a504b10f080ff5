// Which nodes a fan-out goes to, and whether each is live: one query, with the state the console
// shows (deriveNodeState over the collector's lease), so "Down" means the same here as on the page.
import type { PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { collectorHealth } from './list-nodes';
import { deriveNodeState, type NodeState } from './node-state';

/** Given ids (every one must exist), or a filter: all nodes, or those of one role. */
export type NodeSelection = { ids: readonly string[] } | { role?: 'FRONTEND' | 'BACKEND' };

export interface FanOutNode {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  adminUrl: string;
  state: NodeState;
  /** The configuration revision the node last reported applying (0: none yet). */
  configRevision: bigint;
}

/** A node with what opening a client needs (sealed token, pinned fingerprint); never leaves the services. */
export interface FanOutTarget extends FanOutNode {
  tokenEnc: string;
  tlsFingerprint: string | null;
}

/** The selected nodes by name, each with its state as of `now`. */
export async function selectNodes(
  prisma: PrismaClient,
  selection: NodeSelection,
  now = Date.now(),
): Promise<FanOutTarget[]> {
  const byIds = 'ids' in selection;
  const [health, rows] = await Promise.all([
    collectorHealth(prisma, now),
    prisma.node.findMany({
      where: byIds ? { id: { in: [...selection.ids] } } : selection.role ? { role: selection.role } : {},
      select: {
        id: true,
        name: true,
        role: true,
        adminUrl: true,
        tokenEnc: true,
        tlsFingerprint: true,
        createdAt: true,
        status: { select: { lastSeenAt: true, readiness: true, configRevision: true } },
      },
      orderBy: { name: 'asc' },
    }),
  ]);
  if (byIds && rows.length !== new Set(selection.ids).size) {
    throw new AppError('NOT_FOUND', selection.ids.length === 1 ? 'No such node.' : 'One or more nodes do not exist.');
  }
  return rows.map(({ createdAt, status, ...n }) => ({
    ...n,
    state: deriveNodeState({
      now,
      registeredAt: createdAt.getTime(),
      lastSeenAt: status?.lastSeenAt?.getTime() ?? null,
      readiness: status?.readiness ?? null,
      collectorAlive: health.alive,
      downBefore: health.downBefore,
    }),
    configRevision: status?.configRevision ?? 0n,
  }));
}

/** The nodes a fan-out asks and those it skips (Down), for callers that report both. */
export function splitDown<T extends { state: NodeState }>(nodes: readonly T[]): { live: T[]; down: T[] } {
  return { live: nodes.filter((n) => n.state !== 'down'), down: nodes.filter((n) => n.state === 'down') };
}
