import type { PrismaClient } from '@cc/db';

export type TimelineKind = 'readiness' | 'node' | 'upgrade' | 'config' | 'alert' | 'finding';

export interface TimelineEvent {
  /** Stable across reads (React key): the source row and which of its moments. */
  id: string;
  at: Date;
  kind: TimelineKind;
  severity: 'info' | 'warning' | 'critical';
  text: string;
  href: string | null;
}

/**
 * Audit actions that change the cluster's shape (not accounts or users): readiness, nodes joining and
 * leaving, upgrades, configuration revisions reaching the nodes (the pass's outcome, not its start),
 * alerts posted.
 */
const AUDIT_KINDS: Array<{ prefix: string; kind: TimelineKind }> = [
  { prefix: 'node.make-', kind: 'readiness' },
  { prefix: 'node.register', kind: 'node' },
  { prefix: 'node.remove', kind: 'node' },
  { prefix: 'upgrade.', kind: 'upgrade' },
  { prefix: 'config.push', kind: 'config' },
  { prefix: 'alerts.post', kind: 'alert' },
  { prefix: 'cluster.controller-change', kind: 'node' },
];

function auditText(a: {
  action: string;
  targetName: string | null;
  targetId: string | null;
  actorEmail: string | null;
  outcome: string;
}) {
  const who = a.actorEmail ? ` by ${a.actorEmail}` : '';
  const what = a.targetName ?? a.targetId ?? '';
  const failed = a.outcome === 'FAILURE' ? ' (failed)' : '';
  switch (true) {
    case a.action === 'node.make-ready':
      return `${what} made Ready${who}${failed}`;
    case a.action === 'node.make-non-ready':
      return `${what} made Non-Ready${who}${failed}`;
    case a.action === 'node.register':
      return `Node ${what} registered${who}${failed}`;
    case a.action === 'node.remove':
      return `Node ${what} removed${who}${failed}`;
    case a.action === 'config.push':
      return `Configuration revision ${a.targetId ?? ''} pushed to nodes${failed}`;
    case a.action === 'cluster.controller-change':
      return `${what} became the Cluster Controller`;
    case a.action === 'alerts.post':
      return `Alert posted${what ? `: ${what}` : ''}${who}${failed}`;
    default:
      return `${a.action.replace('upgrade.', 'Upgrade ')}${what ? ` ${what}` : ''}${who}${failed}`;
  }
}

const FINDING_OPEN_TEXT: Record<string, string> = { node_down: 'went Down' };

/**
 * Recent cluster events, newest first: the audit log's cluster actions (Controller moves included, which
 * the health evaluator records), and health findings opening and
 * closing (a node_down finding opening is the node going Down, its close the node coming back; a
 * split-brain finding is the Controller dispute). Cluster readers only: the router guards it.
 */
export async function clusterTimeline(prisma: PrismaClient, hours: number, limit: number, now = Date.now()) {
  const since = new Date(now - hours * 3_600_000);
  const [audits, findings] = await Promise.all([
    prisma.auditEvent.findMany({
      where: {
        at: { gte: since },
        OR: AUDIT_KINDS.map((k) => ({ action: { startsWith: k.prefix } })),
        NOT: { outcome: 'STARTED' },
      },
      orderBy: { id: 'desc' },
      take: limit,
      select: {
        id: true,
        at: true,
        action: true,
        targetName: true,
        targetId: true,
        targetType: true,
        actorEmail: true,
        outcome: true,
      },
    }),
    prisma.healthFinding.findMany({
      where: { OR: [{ openedAt: { gte: since } }, { closedAt: { gte: since } }] },
      orderBy: { openedAt: 'desc' },
      take: limit,
      select: { id: true, kind: true, severity: true, openedAt: true, closedAt: true, summary: true, subjects: true },
    }),
  ]);
  const events: TimelineEvent[] = [];
  for (const a of audits) {
    const kind = AUDIT_KINDS.find((k) => a.action.startsWith(k.prefix))?.kind ?? 'node';
    events.push({
      id: `audit:${a.id}`,
      at: a.at,
      kind,
      severity: a.outcome === 'FAILURE' ? 'warning' : 'info',
      text: auditText(a),
      href: a.targetType === 'node' && a.targetId && a.action !== 'node.remove' ? `/nodes/${a.targetId}` : null,
    });
  }
  for (const f of findings) {
    const node = Array.isArray(f.subjects)
      ? (f.subjects as Array<{ type?: string; id?: string; name?: string }>).find((s) => s?.type === 'node')
      : undefined;
    const severity = f.severity === 'critical' || f.severity === 'warning' ? f.severity : 'info';
    const href = f.kind === 'node_down' && node?.id ? `/nodes/${node.id}` : '/health';
    if (f.openedAt >= since) {
      const opened = FINDING_OPEN_TEXT[f.kind] && node?.name ? `${node.name} ${FINDING_OPEN_TEXT[f.kind]}` : f.summary;
      events.push({ id: `finding:${f.id}:open`, at: f.openedAt, kind: 'finding', severity, text: opened, href });
    }
    if (f.closedAt && f.closedAt >= since) {
      const closed = f.kind === 'node_down' && node?.name ? `${node.name} is back up` : `Resolved: ${f.summary}`;
      events.push({
        id: `finding:${f.id}:close`,
        at: f.closedAt,
        kind: 'finding',
        severity: 'info',
        text: closed,
        href,
      });
    }
  }
  events.sort((a, b) => b.at.getTime() - a.at.getTime());
  return events.slice(0, limit);
}
