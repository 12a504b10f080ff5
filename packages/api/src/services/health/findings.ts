// Reading findings and an operator's acknowledgement or silence (audited). Tenant-bound readers see
// only findings about their own domains: the scope goes into every where, so another tenant's finding
// (and every cluster-level one) answers "not found" exactly like a missing one.
import type { HealthFindingModel as HealthFinding, Prisma, PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import type { DomainScope } from '../domains/tenant';
import type { Link, Subject } from './types';

function tenantWhere(scope: DomainScope): Prisma.HealthFindingWhereInput {
  return scope.all ? {} : { domainId: { in: [...scope.ids] } };
}

export function findingView(f: HealthFinding, now = Date.now()) {
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity as 'info' | 'warning' | 'critical',
    key: f.key,
    subjects: f.subjects as unknown as Subject[],
    domainId: f.domainId,
    openedAt: f.openedAt,
    lastSeenAt: f.lastSeenAt,
    closedAt: f.closedAt,
    summary: f.summary,
    explanation: f.explanation,
    suggestedAction: f.suggestedAction,
    links: f.links as unknown as Link[],
    acknowledgedAt: f.acknowledgedAt,
    acknowledgedBy: f.acknowledgedBy,
    acknowledgeReason: f.acknowledgeReason,
    silencedUntil: f.silencedUntil,
    silencedBy: f.silencedBy,
    silenceReason: f.silenceReason,
    silenced: f.silencedUntil !== null && f.silencedUntil.getTime() > now,
  };
}
export type FindingView = ReturnType<typeof findingView>;

export interface ListFindings {
  status: 'active' | 'closed' | 'all';
  kind?: string | undefined;
  severity?: string | undefined;
  /** Closed findings from this far back (hours). */
  closedWithinHours: number;
  limit: number;
}

/** Active findings (most severe first), then recently closed ones (newest first). */
export async function listFindings(prisma: PrismaClient, scope: DomainScope, f: ListFindings) {
  const base: Prisma.HealthFindingWhereInput = {
    ...tenantWhere(scope),
    ...(f.kind && { kind: f.kind }),
    ...(f.severity && { severity: f.severity }),
  };
  const since = new Date(Date.now() - f.closedWithinHours * 3_600_000);
  const [active, closed] = await Promise.all([
    f.status === 'closed'
      ? []
      : prisma.healthFinding.findMany({
          where: { ...base, closedAt: null },
          orderBy: { openedAt: 'asc' },
          take: f.limit,
        }),
    f.status === 'active'
      ? []
      : prisma.healthFinding.findMany({
          where: { ...base, closedAt: { gte: since } },
          orderBy: { closedAt: 'desc' },
          take: f.limit,
        }),
  ]);
  const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
  active.sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
  const now = Date.now();
  return { active: active.map((x) => findingView(x, now)), closed: closed.map((x) => findingView(x, now)) };
}

export async function getFinding(prisma: PrismaClient, scope: DomainScope, id: string) {
  const f = await prisma.healthFinding.findFirst({ where: { id, ...tenantWhere(scope) } });
  if (!f) throw new AppError('NOT_FOUND', 'No such finding.');
  return findingView(f);
}

interface Deps {
  prisma: PrismaClient;
  actor: Actor;
  scope: DomainScope;
}

/** One audited change of a finding's acknowledgement or silence. */
function change(deps: Deps, id: string, action: string, data: (f: HealthFinding) => Prisma.HealthFindingUpdateInput) {
  const entry = { action, targetType: 'health-finding', targetId: id };
  return audited(deps.prisma, deps.actor, entry, () =>
    deps.prisma.$transaction(async (tx) => {
      const before = await tx.healthFinding.findFirst({ where: { id, ...tenantWhere(deps.scope) } });
      if (!before) throw new AppError('NOT_FOUND', 'No such finding.');
      const after = await tx.healthFinding.update({ where: { id }, data: data(before) });
      const pick = (f: HealthFinding) => ({
        acknowledgedBy: f.acknowledgedBy,
        acknowledgeReason: f.acknowledgeReason,
        silencedUntil: f.silencedUntil,
        silenceReason: f.silenceReason,
      });
      await writeAudit(tx, deps.actor, {
        ...entry,
        targetName: before.summary,
        before: pick(before),
        after: pick(after),
        outcome: 'SUCCESS',
      });
      return findingView(after);
    }),
  );
}

export function acknowledgeFinding(deps: Deps, input: { id: string; reason: string }) {
  return change(deps, input.id, 'health.finding.acknowledge', () => ({
    acknowledgedAt: new Date(),
    acknowledgedBy: deps.actor.email,
    acknowledgeReason: input.reason,
  }));
}

export function silenceFinding(deps: Deps, input: { id: string; minutes: number; reason: string }) {
  return change(deps, input.id, 'health.finding.silence', () => ({
    silencedUntil: new Date(Date.now() + input.minutes * 60_000),
    silencedBy: deps.actor.email,
    silenceReason: input.reason,
  }));
}

export function unsilenceFinding(deps: Deps, input: { id: string }) {
  return change(deps, input.id, 'health.finding.unsilence', () => ({
    silencedUntil: null,
    silencedBy: null,
    silenceReason: null,
  }));
}
