// Cluster alerts (CommuniGate Pro's POSTCLUSTERALERT / REMOVECLUSTERALERT):
// posted and removed as configuration revisions, so delivery to the nodes,
// a node's catch-up after downtime and "delivered on N of M" come from the
// same machinery as settings.
import type { Prisma, PrismaClient } from '@cc/db';
import type { Alert } from '@cc/node-api';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit } from '../audit/write-audit';
import { findAccount } from '../domains/accounts';
import { findDomain, type DomainDeps } from '../domains/domains';
import { afterCommit, recordRevision } from '../domains/revisions';
import type { DomainScope } from '../domains/tenant';

export type AlertScope = 'cluster' | 'domain' | 'account';
export type AlertStatus = 'active' | 'scheduled' | 'expired' | 'removed';

export interface PostAlertInput {
  scope: AlertScope;
  domain?: string | undefined;
  address?: string | undefined;
  text: string;
  severity: Alert['severity'];
  startsAt?: Date | undefined;
  expiresAt?: Date | undefined;
}

const alertInclude = {
  domain: { select: { name: true } },
  account: { select: { name: true, domain: { select: { name: true } } } },
} satisfies Prisma.ClusterAlertInclude;
type AlertRow = Prisma.ClusterAlertGetPayload<{ include: typeof alertInclude }>;

export function statusOf(a: Pick<AlertRow, 'removedAt' | 'startsAt' | 'expiresAt'>, now = new Date()): AlertStatus {
  if (a.removedAt) return 'removed';
  if (a.expiresAt && a.expiresAt <= now) return 'expired';
  if (a.startsAt && a.startsAt > now) return 'scheduled';
  return 'active';
}

function targetOf(a: AlertRow): string | null {
  if (a.scope === 'domain') return a.domain?.name ?? null;
  if (a.scope === 'account' && a.account) return `${a.account.name}@${a.account.domain.name}`;
  return null;
}

function toView(a: AlertRow, now = new Date()) {
  return {
    id: a.id,
    scope: a.scope as AlertScope,
    target: targetOf(a),
    domain: a.domain?.name ?? a.account?.domain.name ?? null,
    text: a.text,
    severity: a.severity as Alert['severity'],
    authorEmail: a.authorEmail,
    postedAt: a.postedAt,
    startsAt: a.startsAt,
    expiresAt: a.expiresAt,
    removedAt: a.removedAt,
    removedBy: a.removedBy,
    revision: a.revision,
    removedRevision: a.removedRevision,
    status: statusOf(a, now),
  };
}
export type AlertView = ReturnType<typeof toView>;

/** Alerts a caller may see: cluster-wide ones (they reach everybody's users) and those of their domains. */
function visibleWhere(scope: DomainScope): Prisma.ClusterAlertWhereInput {
  if (scope.all) return {};
  const ids = [...scope.ids];
  return { OR: [{ scope: 'cluster' }, { domainId: { in: ids } }, { account: { domainId: { in: ids } } }] };
}

function statusWhere(status: AlertStatus | 'all', now: Date): Prisma.ClusterAlertWhereInput {
  switch (status) {
    case 'removed':
      return { removedAt: { not: null } };
    case 'expired':
      return { removedAt: null, expiresAt: { lte: now } };
    case 'scheduled':
      return { removedAt: null, startsAt: { gt: now }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case 'active':
      return {
        removedAt: null,
        AND: [
          { OR: [{ startsAt: null }, { startsAt: { lte: now } }] },
          { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        ],
      };
    case 'all':
      return {};
  }
}

export async function listAlerts(
  prisma: PrismaClient,
  scope: DomainScope,
  input: { status: AlertStatus | 'all'; scope?: AlertScope | undefined; search?: string | undefined; limit: number },
) {
  const now = new Date();
  const rows = await prisma.clusterAlert.findMany({
    where: {
      AND: [
        visibleWhere(scope),
        statusWhere(input.status, now),
        input.scope ? { scope: input.scope } : {},
        input.search ? { text: { contains: input.search, mode: 'insensitive' } } : {},
      ],
    },
    include: alertInclude,
    orderBy: { postedAt: 'desc' },
    take: input.limit,
  });
  return rows.map((r) => toView(r, now));
}

export async function getAlert(prisma: PrismaClient, scope: DomainScope, id: string) {
  const row = await prisma.clusterAlert.findFirst({ where: { id, ...visibleWhere(scope) }, include: alertInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such alert (or not one you may see).');
  return toView(row);
}

/** Alerts in force or scheduled for one account: cluster-wide, its domain's and its own. */
export async function alertsForAccount(prisma: PrismaClient, scope: DomainScope, address: string) {
  const a = await findAccount(prisma, scope, address);
  const now = new Date();
  const rows = await prisma.clusterAlert.findMany({
    where: {
      removedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      AND: [{ OR: [{ scope: 'cluster' }, { domainId: a.domainId }, { accountId: a.id }] }],
    },
    include: alertInclude,
    orderBy: { postedAt: 'desc' },
  });
  return rows.map((r) => toView(r, now));
}

export async function postAlert(deps: DomainDeps, input: PostAlertInput) {
  const target = input.scope === 'cluster' ? 'all shared domains' : (input.domain ?? input.address ?? '');
  const audit = { action: 'alerts.post', targetType: 'alert', targetName: target };
  const after = { ...input, text: input.text };
  return audited(deps.prisma, deps.actor, { ...audit, after }, async () => {
    let domainId: string | null = null;
    let accountId: string | null = null;
    let domainName: string | null = null;
    if (input.scope === 'cluster') {
      if (!deps.allSettings)
        throw new AppError('FORBIDDEN', 'Only server administrators may post cluster-wide alerts.');
    } else {
      const outside = () =>
        deps.domains.all
          ? input.scope === 'domain'
            ? fieldError('BAD_REQUEST', 'domain', `No shared domain ${input.domain ?? ''} exists.`)
            : fieldError('BAD_REQUEST', 'address', `No account ${input.address ?? ''} exists.`)
          : new AppError('FORBIDDEN', 'You may post alerts only to the domains you manage and their accounts.');
      try {
        if (input.scope === 'domain') {
          const d = await findDomain(deps.prisma, deps.domains, input.domain ?? '');
          [domainId, domainName] = [d.id, d.name];
        } else {
          const a = await findAccount(deps.prisma, deps.domains, input.address ?? '');
          [accountId, domainName] = [a.id, a.domain.name];
        }
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw outside();
        throw e;
      }
    }
    const result = await deps.prisma.$transaction(async (tx) => {
      const revision = await recordRevision(tx, deps.actor, {
        scope: 'alert',
        domain: domainName,
        target,
        version: 0,
        summary: `Alert posted to ${target}: ${input.text.slice(0, 60)}`,
      });
      const alert = await tx.clusterAlert.create({
        data: {
          scope: input.scope,
          domainId,
          accountId,
          text: input.text,
          severity: input.severity,
          authorEmail: deps.actor.email,
          startsAt: input.startsAt ?? null,
          expiresAt: input.expiresAt ?? null,
          revision,
        },
        select: { id: true },
      });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetId: alert.id,
        ...(domainName && { domain: domainName }),
        after: { ...after, revision },
        outcome: 'SUCCESS',
      });
      return { id: alert.id, revision };
    });
    return afterCommit(result);
  });
}

export async function removeAlert(deps: DomainDeps, id: string) {
  const audit = { action: 'alerts.remove', targetType: 'alert', targetId: id };
  return audited(deps.prisma, deps.actor, audit, async () => {
    const alert = await getAlert(deps.prisma, deps.domains, id);
    if (alert.scope === 'cluster' && !deps.allSettings) {
      throw new AppError('FORBIDDEN', 'Only server administrators may remove cluster-wide alerts.');
    }
    if (alert.removedAt) throw new AppError('CONFLICT', `This alert was already removed by ${alert.removedBy}.`);
    const result = await deps.prisma.$transaction(async (tx) => {
      const revision = await recordRevision(tx, deps.actor, {
        scope: 'alert',
        domain: alert.domain,
        target: alert.target ?? 'all shared domains',
        version: 1,
        summary: `Alert removed: ${alert.text.slice(0, 60)}`,
      });
      const done = await tx.clusterAlert.updateMany({
        where: { id, removedAt: null },
        data: { removedAt: new Date(), removedBy: deps.actor.email, removedRevision: revision },
      });
      if (done.count === 0) throw new AppError('CONFLICT', 'This alert was removed meanwhile.');
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetName: alert.target ?? 'all shared domains',
        ...(alert.domain && { domain: alert.domain }),
        before: { text: alert.text, scope: alert.scope, severity: alert.severity },
        after: { removed: true, revision },
        outcome: 'SUCCESS',
      });
      return { revision };
    });
    return afterCommit(result);
  });
}

/**
 * What the nodes are sent: every alert not removed and not yet expired (scheduled ones included), as
 * rows; the snapshot turns each into wire form on its own (alertForNode).
 */
export async function alertRowsForNodes(prisma: PrismaClient, now = new Date()) {
  return prisma.clusterAlert.findMany({
    where: { removedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    include: alertInclude,
    orderBy: { postedAt: 'asc' },
    take: 1000,
  });
}

/** One alert as nodes receive it; throws for a row whose dates cannot be written (e.g. out of range). */
export function alertForNode(r: AlertRow): Alert {
  return {
    id: r.id,
    scope: r.scope as Alert['scope'],
    target: targetOf(r),
    text: r.text,
    severity: r.severity as Alert['severity'],
    postedAt: r.postedAt.toISOString(),
    startsAt: r.startsAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}
