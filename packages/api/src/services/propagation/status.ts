// "Applied on N of M nodes", overall and per change, with the reason each
// lagging node lags. Applied revisions come from the nodes' own reports and,
// until the collector's next report, from the nodes' answers to the pushes.
import type { Database } from '@cc/db';

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

/**
 * Lagging nodes named per revision, in name order; the rest are counted. Right after a change all of a
 * thousand nodes lag for a second: naming each, for every revision listed, every second, for every
 * open settings page, cost more than the rest of the status, and no one reads a list that long.
 */
export const LAGGING_NAMED = 25;

/** Row per node: times as epoch ms and revisions as text (int8), alike on PostgreSQL and PGlite. */
const NODES_SQL = `SELECT n.id, n.name, (extract(epoch FROM n."createdAt") * 1000)::float8 AS "createdAt",
    s."configRevision"::text AS "configRevision", (extract(epoch FROM s."lastSeenAt") * 1000)::float8 AS "lastSeenAt",
    s.readiness, s."nodeId" IS NOT NULL AS "hasStatus",
    p.ok AS "pushOk", p.error AS "pushError", p.revision::text AS "pushRevision",
    (extract(epoch FROM p.at) * 1000)::float8 AS "pushAt"
  FROM node n
  LEFT JOIN node_status s ON s."nodeId" = n.id
  LEFT JOIN node_config_push p ON p."nodeId" = n.id
  ORDER BY n.name`;

interface NodeRow {
  id: string;
  name: string;
  createdAt: number;
  configRevision: string | null;
  lastSeenAt: number | null;
  readiness: string | null;
  hasStatus: boolean;
  pushOk: boolean | null;
  pushError: string | null;
  pushRevision: string | null;
  pushAt: number | null;
}

interface NodeConfig {
  id: string;
  name: string;
  state: NodeState;
  applied: bigint;
  reason: string | null;
}

export async function propagationStatus(db: Database, opts: StatusOptions) {
  const { prisma } = db;
  // Plain SQL for the rows: every open settings page asks each second, and through the ORM a thousand
  // nodes with their status and push cost several times as much.
  const [desired, health, rows] = await Promise.all([
    desiredRevision(prisma),
    collectorHealth(prisma),
    db.sql.query<NodeRow>(NODES_SQL),
  ]);
  const now = Date.now();
  const nodes: NodeConfig[] = rows.map((n) => {
    const state = deriveNodeState({
      now,
      registeredAt: n.createdAt,
      lastSeenAt: n.lastSeenAt,
      readiness: n.readiness,
      collectorAlive: health.alive,
      downBefore: health.downBefore,
    });
    const status = n.hasStatus
      ? {
          configRevision: BigInt(n.configRevision ?? 0),
          lastSeenAt: n.lastSeenAt === null ? null : new Date(n.lastSeenAt),
        }
      : null;
    const push =
      n.pushOk === null ? null : { ok: n.pushOk, revision: BigInt(n.pushRevision ?? 0), at: new Date(n.pushAt ?? 0) };
    const applied = appliedRevision(status, push);
    let reason: string;
    if (state === 'down') {
      reason =
        n.lastSeenAt !== null
          ? `down since ${new Date(n.lastSeenAt).toISOString().slice(11, 19)} UTC; catches up when it returns`
          : 'never reached';
    } else if (state === 'unknown') reason = 'status unknown (the collector is not running)';
    else if (push && !push.ok) reason = `push failed: ${n.pushError ?? 'unknown error'}`;
    else reason = 'applying';
    return { id: n.id, name: n.name, state, applied, reason };
  });

  const of = (revision: bigint) => {
    const lagging = nodes.filter((n) => n.applied < revision);
    return {
      applied: nodes.length - lagging.length,
      total: nodes.length,
      lagging: opts.showNodes
        ? lagging
            .slice(0, LAGGING_NAMED)
            .map(({ id, name, state, applied, reason }) => ({ id, name, state, applied, reason }))
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
    ? [...new Set(rows.flatMap((n) => (n.pushOk && n.pushError ? [n.pushError] : [])))]
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
