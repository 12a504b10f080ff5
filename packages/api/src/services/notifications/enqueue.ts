import type { HealthFindingModel as HealthFinding, Prisma } from '@cc/db';

import { SEVERITIES, severityRank } from '../health/types';
import type { DeliveryEvent, NotificationPayload } from './types';

export function payloadOf(f: HealthFinding, event: DeliveryEvent): NotificationPayload {
  return {
    event,
    finding: {
      id: f.id,
      kind: f.kind,
      severity: f.severity,
      summary: f.summary,
      explanation: f.explanation,
      suggestedAction: f.suggestedAction,
      subjects: f.subjects,
      links: f.links,
      openedAt: f.openedAt.toISOString(),
      closedAt: f.closedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Queues one delivery per enabled channel whose minimum severity the finding reaches, in the caller's
 * transaction (the finding's change and its notifications commit together). A silenced finding is
 * not sent.
 */
export async function enqueueFindingEvent(tx: Prisma.TransactionClient, f: HealthFinding, event: DeliveryEvent) {
  if (f.silencedUntil && f.silencedUntil.getTime() > Date.now()) return;
  const reached = SEVERITIES.filter((s) => severityRank(s) <= severityRank(f.severity));
  const channels = await tx.notificationChannel.findMany({
    where: { enabled: true, minSeverity: { in: [...reached] } },
    select: { id: true },
  });
  if (channels.length === 0) return;
  const payload = payloadOf(f, event) as unknown as Prisma.InputJsonValue;
  await tx.notificationDelivery.createMany({
    data: channels.map((c) => ({ channelId: c.id, findingId: f.id, event, payload })),
  });
}
