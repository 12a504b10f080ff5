// "Applied on N of M nodes", overall and per change, with the reason each
// lagging node lags. Applied revisions come from the nodes' own reports and,
// until the collector's next report, from the nodes' answers to the pushes.
import type { PrismaClient } from '@cc/db';

import type { DomainScope } from '../domains/tenant';
import { collectorHealth } from '../nodes/list-nodes';
import { deriveNodeState, type NodeState } from '../nodes/node-state';
import { desiredRevision } from './snapshot';

export interface StatusOptions {
  scope: DomainScope;
  /** Node names and reasons; off for domain administrators, who never see nodes. */
  showNodes: boolean;
  limit: number;
  /** Also report this revision, e.g. the one a form just saved. */
  revision?: bigint | undefined;
}

/**
 * A push's acknowledgement stands until the collector has a report it asked for after the push: a
 * report received up to the collector's request timeout (1.5 s) later may have been asked for before.
 */
const ACK_STANDS_MS = 2000;

/** The revision a node has applied: its last report, or a newer acknowledgement that report predates. */
export function appliedRevision(
  status: { configRevision: bigint; lastSeenAt: Date | null } | null,
  push: { ok: boolean; revision: bigint; at: Date } | null,
): bigint {
  const reported = status?.configRevision ?? 0n;
  if (!push?.ok || push.revision <= reported) return reported;
  const seen = status?.lastSeenAt?.getTime() ?? 0;
  return push.at.getTime() >= seen - ACK_STANDS_MS ? push.revision : reported;
}

interface NodeConfig {
  id: string;
  name: string;
  state: NodeState;
  applied: bigint;
  reason: string | null;
}

export async function propagationStatus(prisma: PrismaClient, opts: StatusOptions) {
  const [desired, health, rows] = await Promise.all([
    desiredRevision(prisma),
    collectorHealth(prisma),
    prisma.node.findMany({
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        createdAt: true,
        status: { select: { configRevision: true, lastSeenAt: true, readiness: true } },
        configPush: { select: { ok: true, error: true, revision: true, at: true } },
      },
    }),
  ]);
  const now = Date.now();
  const nodes: NodeConfig[] = rows.map((n) => {
    const state = deriveNodeState({
      now,
      registeredAt: n.createdAt.getTime(),
      lastSeenAt: n.status?.lastSeenAt?.getTime() ?? null,
      readiness: n.status?.readiness ?? null,
      collectorAlive: health.alive,
      downBefore: health.downBefore,
    });
    const applied = appliedRevision(n.status, n.configPush);
    let reason: string;
    if (state === 'down') {
      const seen = n.status?.lastSeenAt;
      reason = seen
        ? `down since ${seen.toISOString().slice(11, 19)} UTC; catches up when it returns`
        : 'never reached';
    } else if (state === 'unknown') reason = 'status unknown (the collector is not running)';
    else if (n.configPush && !n.configPush.ok) reason = `push failed: ${n.configPush.error ?? 'unknown error'}`;
    else reason = 'applying';
    return { id: n.id, name: n.name, state, applied, reason };
  });

  const of = (revision: bigint) => {
    const lagging = nodes.filter((n) => n.applied < revision);
    return {
      applied: nodes.length - lagging.length,
      total: nodes.length,
      lagging: opts.showNodes
        ? lagging.map(({ id, name, state, applied, reason }) => ({ id, name, state, applied, reason }))
        : [],
    };
  };

  const domainNames = opts.scope.all
    ? null
    : (await prisma.sharedDomain.findMany({ where: { id: { in: [...opts.scope.ids] } }, select: { name: true } })).map(
        (d) => d.name,
      );
  const revisionWhere = domainNames ? { domain: { in: domainNames } } : {};
  const revisions = await prisma.configRevision.findMany({
    where: revisionWhere,
    orderBy: { id: 'desc' },
    take: opts.limit,
    select: { id: true, at: true, actorEmail: true, scope: true, domain: true, target: true, summary: true },
  });
  let requested = null;
  if (opts.revision !== undefined) {
    // Only a revision the caller may see; others answer as if unknown.
    const visible = await prisma.configRevision.findFirst({
      where: { id: opts.revision, ...revisionWhere },
      select: { id: true },
    });
    requested = visible ? { id: visible.id, ...of(visible.id) } : null;
  }
  // Objects the last pushes had to leave out (e.g. an alert whose date cannot be written): the nodes
  // have the revision, but not everything in it. Node-level detail, so not for domain administrators.
  const leftOut = opts.showNodes
    ? [...new Set(rows.flatMap((n) => (n.configPush?.ok && n.configPush.error ? [n.configPush.error] : [])))]
    : [];
  return {
    desired,
    overall: of(desired),
    leftOut,
    collectorAlive: health.alive,
    revisions: revisions.map((r) => ({ ...r, ...of(r.id) })),
    revision: requested,
  };
}
