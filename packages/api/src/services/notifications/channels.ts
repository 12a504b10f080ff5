// Notification channels (server administrators): created, changed and deleted with an audit entry in
// the same transaction. Secrets are sealed with the console key and never leave the service: not in
// answers, not in the audit log (entries say only whether a secret is set).
import type { NotificationChannelModel as NotificationChannel, Prisma, PrismaClient } from '@cc/db';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import type { SecretBox } from '../secrets/secret-box';
import { attempt } from './dispatcher';
import { channelSecrets } from './send';
import type { ChannelInput, ChannelSecrets } from './types';

export interface ChannelDeps {
  prisma: PrismaClient;
  secrets: SecretBox;
  actor: Actor;
}

/** A channel as the API and the audit log show it. */
export function channelView(c: NotificationChannel) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind as 'webhook' | 'email',
    minSeverity: c.minSeverity,
    enabled: c.enabled,
    config: c.config as Record<string, unknown>,
    secretSet: c.secretEnc !== null,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export async function listChannels(prisma: PrismaClient) {
  return (await prisma.notificationChannel.findMany({ orderBy: { name: 'asc' } })).map(channelView);
}

function secretsOf(input: ChannelInput): ChannelSecrets {
  return input.kind === 'webhook' ? { secret: input.secret } : { password: input.password };
}

/** New secrets over the stored ones (a field left out keeps its stored value). */
function sealSecrets(secrets: SecretBox, stored: ChannelSecrets, given: ChannelSecrets): string | null {
  const merged = Object.fromEntries(
    Object.entries({ ...stored, ...given }).filter(([, v]) => typeof v === 'string' && v !== ''),
  );
  return Object.keys(merged).length ? secrets.seal(JSON.stringify(merged)) : null;
}

async function assertNameFree(prisma: PrismaClient | Prisma.TransactionClient, name: string, id?: string) {
  const other = await prisma.notificationChannel.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== id) throw fieldError('CONFLICT', 'name', 'A channel with this name exists.');
}

export function createChannel(deps: ChannelDeps, input: ChannelInput) {
  const entry = { action: 'notifications.channel.create', targetType: 'notification-channel', targetName: input.name };
  return audited(deps.prisma, deps.actor, entry, () =>
    deps.prisma.$transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      const row = await tx.notificationChannel.create({
        data: {
          name: input.name,
          kind: input.kind,
          minSeverity: input.minSeverity,
          enabled: input.enabled,
          config: input.config,
          secretEnc: sealSecrets(deps.secrets, {}, secretsOf(input)),
        },
      });
      await writeAudit(tx, deps.actor, { ...entry, targetId: row.id, after: channelView(row), outcome: 'SUCCESS' });
      return channelView(row);
    }),
  );
}

export function updateChannel(deps: ChannelDeps, id: string, expectedVersion: number, input: ChannelInput) {
  const entry = { action: 'notifications.channel.update', targetType: 'notification-channel', targetId: id };
  return audited(deps.prisma, deps.actor, { ...entry, targetName: input.name }, () =>
    deps.prisma.$transaction(async (tx) => {
      const before = await tx.notificationChannel.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', 'No such channel.');
      if (before.kind !== input.kind) throw fieldError('BAD_REQUEST', 'kind', 'The kind of a channel cannot change.');
      await assertNameFree(tx, input.name, id);
      const saved = await tx.notificationChannel.updateMany({
        where: { id, version: expectedVersion },
        data: {
          name: input.name,
          minSeverity: input.minSeverity,
          enabled: input.enabled,
          config: input.config,
          secretEnc: sealSecrets(deps.secrets, channelSecrets(deps.secrets, before), secretsOf(input)),
          version: { increment: 1 },
        },
      });
      if (saved.count === 0) {
        throw fieldError(
          'CONFLICT',
          'expectedVersion',
          'Someone changed this channel meanwhile; reload and try again.',
        );
      }
      const after = await tx.notificationChannel.findUniqueOrThrow({ where: { id } });
      await writeAudit(tx, deps.actor, {
        ...entry,
        targetName: after.name,
        before: channelView(before),
        after: channelView(after),
        outcome: 'SUCCESS',
      });
      return channelView(after);
    }),
  );
}

export function deleteChannel(deps: ChannelDeps, id: string) {
  const entry = { action: 'notifications.channel.delete', targetType: 'notification-channel', targetId: id };
  return audited(deps.prisma, deps.actor, entry, () =>
    deps.prisma.$transaction(async (tx) => {
      const before = await tx.notificationChannel.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', 'No such channel.');
      await tx.notificationChannel.delete({ where: { id } });
      await writeAudit(tx, deps.actor, {
        ...entry,
        targetName: before.name,
        before: channelView(before),
        outcome: 'SUCCESS',
      });
      return { id };
    }),
  );
}

/** "Send test": one delivery, sent now; its outcome is in the log and answered (the error shown). */
export async function testChannel(deps: ChannelDeps, id: string) {
  const channel = await deps.prisma.notificationChannel.findUnique({ where: { id } });
  if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
  const now = new Date().toISOString();
  const payload = {
    event: 'test',
    finding: {
      id: null,
      kind: 'test',
      severity: 'info',
      summary: `Test notification from the cluster console to ${channel.name}`,
      explanation: 'An administrator pressed "Send test". No action is needed.',
      suggestedAction: 'None.',
      subjects: [],
      links: [{ label: 'Notifications', href: '/health/notifications' }],
      openedAt: now,
      closedAt: null,
    },
  };
  const d = await deps.prisma.notificationDelivery.create({
    data: { channelId: id, event: 'test', payload },
    include: { channel: true },
  });
  const error = await attempt(deps.prisma, deps.secrets, d);
  await writeAudit(deps.prisma, deps.actor, {
    action: 'notifications.channel.test',
    targetType: 'notification-channel',
    targetId: id,
    targetName: channel.name,
    after: { deliveryId: d.id.toString() },
    outcome: error ? 'FAILURE' : 'SUCCESS',
    error: error ?? undefined,
  });
  return { ok: error === null, error, deliveryId: d.id.toString() };
}

/** Puts a failed or dead-lettered delivery back in the queue, from its first attempt. */
export function retryDelivery(deps: Omit<ChannelDeps, 'secrets'>, id: bigint) {
  const entry = {
    action: 'notifications.delivery.retry',
    targetType: 'notification-delivery',
    targetId: id.toString(),
  };
  return audited(deps.prisma, deps.actor, entry, () =>
    deps.prisma.$transaction(async (tx) => {
      const d = await tx.notificationDelivery.findUnique({ where: { id } });
      if (!d) throw new AppError('NOT_FOUND', 'No such delivery.');
      if (d.status !== 'dead' && d.status !== 'failed') {
        throw new AppError('CONFLICT', `This delivery is ${d.status}; only failed or dead ones are retried.`);
      }
      await tx.notificationDelivery.update({
        where: { id },
        data: { status: 'pending', attempts: 0, nextAttemptAt: new Date() },
      });
      await writeAudit(tx, deps.actor, {
        ...entry,
        before: { status: d.status },
        after: { status: 'pending' },
        outcome: 'SUCCESS',
      });
      return { id: id.toString() };
    }),
  );
}

export async function listDeliveries(
  prisma: PrismaClient,
  f: { status?: string | undefined; channelId?: string | undefined; limit: number },
) {
  const rows = await prisma.notificationDelivery.findMany({
    where: { ...(f.status && { status: f.status }), ...(f.channelId && { channelId: f.channelId }) },
    orderBy: { id: 'desc' },
    take: f.limit,
    include: { channel: { select: { name: true, kind: true } } },
  });
  return rows.map((d) => {
    const p = d.payload as { finding?: { summary?: string } };
    return {
      id: d.id.toString(),
      channelId: d.channelId,
      channelName: d.channel.name,
      channelKind: d.channel.kind,
      findingId: d.findingId,
      summary: p.finding?.summary ?? '',
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      lastError: d.lastError,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
    };
  });
}
