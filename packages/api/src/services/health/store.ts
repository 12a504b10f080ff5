import type { Prisma, PrismaClient } from '@cc/db';

import { enqueueFindingEvent } from '../notifications/enqueue';
import type { Condition } from './types';

type OpenRow = Awaited<ReturnType<typeof openFindings>>[number];

function openFindings(prisma: PrismaClient) {
  return prisma.healthFinding.findMany({
    where: { closedAt: null },
    select: { id: true, key: true, severity: true, summary: true, subjects: true, explanation: true, links: true },
  });
}

/** What the finding says, to tell whether a still-open finding needs rewriting (a new Controller named). */
const wording = (c: Pick<Condition, 'severity' | 'summary' | 'subjects' | 'explanation' | 'links'>) =>
  JSON.stringify([c.severity, c.summary, c.subjects, c.explanation, c.links]);

export interface Reconciled {
  opened: string[];
  closed: string[];
}

/**
 * Makes the open findings match the conditions: one open finding per key (opened when new, its text
 * refreshed while it holds, lastSeenAt touched) and the rest closed; closed findings are kept. Opening
 * and closing queue their notifications in the same transaction, so none is lost.
 */
export async function reconcileFindings(
  prisma: PrismaClient,
  conditions: Condition[],
  now = new Date(),
  /** Keys whose condition holds but not long enough yet: left open if open, not opened. */
  pending: ReadonlySet<string> = new Set(),
) {
  const open = await openFindings(prisma);
  const byKey = new Map<string, OpenRow>(open.map((f) => [f.key, f]));
  const wanted = new Map(conditions.map((c) => [c.key, c]));
  const result: Reconciled = { opened: [], closed: [] };
  const still = open.filter((f) => wanted.has(f.key));
  const gone = open.filter((f) => !wanted.has(f.key) && !pending.has(f.key));
  const fresh = conditions.filter((c) => !byKey.has(c.key));
  const changed = still.filter((f) => wording(f as unknown as Condition) !== wording(wanted.get(f.key)!));
  if (still.length > 0) {
    await prisma.healthFinding.updateMany({ where: { id: { in: still.map((f) => f.id) } }, data: { lastSeenAt: now } });
  }
  for (const f of changed) {
    const c = wanted.get(f.key)!;
    await prisma.healthFinding.update({
      where: { id: f.id },
      data: {
        severity: c.severity,
        summary: c.summary,
        explanation: c.explanation,
        subjects: c.subjects as unknown as Prisma.InputJsonValue,
        links: c.links as unknown as Prisma.InputJsonValue,
      },
    });
  }
  for (const c of fresh) {
    const id = await prisma.$transaction(async (tx) => {
      const row = await tx.healthFinding.create({
        data: {
          kind: c.kind,
          severity: c.severity,
          key: c.key,
          subjects: c.subjects as unknown as Prisma.InputJsonValue,
          domainId: c.domainId,
          openedAt: now,
          lastSeenAt: now,
          summary: c.summary,
          explanation: c.explanation,
          suggestedAction: c.suggestedAction,
          links: c.links as unknown as Prisma.InputJsonValue,
        },
      });
      await enqueueFindingEvent(tx, row, 'opened');
      return row.id;
    });
    result.opened.push(id);
  }
  for (const f of gone) {
    await prisma.$transaction(async (tx) => {
      const row = await tx.healthFinding.update({ where: { id: f.id }, data: { closedAt: now } });
      await enqueueFindingEvent(tx, row, 'closed');
    });
    result.closed.push(f.id);
  }
  return result;
}
