// The server administrator's audit settings: syslog forwarding and retention.
// One row (audit_config id 1, created by the migration); every change is a
// versioned, audited write.
import type { z } from 'zod';

import type { Prisma, PrismaClient } from '@cc/db';
import type { ZRetentionSettings, ZSyslogSettings } from '@cc/schemas';

import { AppError, fieldError } from '../../errors';
import { audited } from './audited';
import { writeAudit, type Actor } from './write-audit';

// The inputs are in @cc/schemas, shared with the console's forms.
export { ZRetentionSettings, ZSyslogSettings } from '@cc/schemas';

async function config(db: PrismaClient | Prisma.TransactionClient) {
  const row = await db.auditConfig.findUnique({ where: { id: 1 } });
  if (!row) throw new AppError('UNAVAILABLE', 'The audit configuration row is missing (migrations not applied?).');
  return row;
}

function syslogOf(c: Awaited<ReturnType<typeof config>>) {
  return {
    enabled: c.syslogEnabled,
    host: c.syslogHost,
    port: c.syslogPort,
    protocol: c.syslogProtocol as 'udp' | 'tcp',
    appName: c.syslogAppName,
  };
}

export async function syslogSettings(prisma: PrismaClient) {
  const [c, state] = await Promise.all([config(prisma), prisma.auditForwardState.findUnique({ where: { id: 1 } })]);
  return {
    ...syslogOf(c),
    version: c.version,
    updatedAt: c.updatedAt,
    updatedBy: c.updatedBy,
    forwarder: {
      lastId: (state?.lastId ?? 0n).toString(),
      lastSentAt: state?.lastSentAt ?? null,
      lastError: state?.lastError ?? null,
      lastErrorAt: state?.lastErrorAt ?? null,
      holder: state?.holder ?? null,
    },
  };
}

export async function retentionSettings(prisma: PrismaClient) {
  const [c, archives] = await Promise.all([
    config(prisma),
    prisma.auditArchive.findMany({ orderBy: { lastId: 'desc' }, take: 20 }),
  ]);
  return {
    retentionDays: c.retentionDays,
    version: c.version,
    archives: archives.map((a) => ({ ...a, firstId: a.firstId.toString(), lastId: a.lastId.toString() })),
  };
}

/** One versioned change of the config row, audited in the same transaction. */
async function change<T>(
  prisma: PrismaClient,
  actor: Actor,
  action: string,
  expectedVersion: number,
  data: Prisma.AuditConfigUpdateManyMutationInput,
  describe: (row: Awaited<ReturnType<typeof config>>) => unknown,
  then?: (tx: Prisma.TransactionClient, entryId: bigint, before: Awaited<ReturnType<typeof config>>) => Promise<T>,
) {
  const entry = { action, targetType: 'audit-config', targetName: 'audit log' };
  return audited(prisma, actor, { ...entry, after: data }, () =>
    prisma.$transaction(async (tx) => {
      const before = await config(tx);
      const saved = await tx.auditConfig.updateMany({
        where: { id: 1, version: expectedVersion },
        data: { ...data, version: { increment: 1 }, updatedBy: actor.email },
      });
      if (saved.count === 0) {
        throw fieldError(
          'CONFLICT',
          'expectedVersion',
          `${before.updatedBy ?? 'Someone'} changed the audit settings meanwhile; reload and try again.`,
        );
      }
      const after = await config(tx);
      const id = await writeAudit(tx, actor, {
        ...entry,
        before: describe(before),
        after: describe(after),
        outcome: 'SUCCESS',
      });
      await then?.(tx, id, before);
      return { version: after.version };
    }),
  );
}

export function updateSyslog(prisma: PrismaClient, actor: Actor, input: z.infer<typeof ZSyslogSettings>) {
  const data = {
    syslogEnabled: input.enabled,
    syslogHost: input.host,
    syslogPort: input.port,
    syslogProtocol: input.protocol,
    syslogAppName: input.appName,
  };
  return change(prisma, actor, 'audit.updateSyslog', input.expectedVersion, data, syslogOf, async (tx, id, before) => {
    // A new destination gets the entries from this change on, not the whole history.
    const was = syslogOf(before);
    const moved = !was.enabled || was.host !== input.host || was.port !== input.port || was.protocol !== input.protocol;
    if (input.enabled && moved) {
      await tx.auditForwardState.update({ where: { id: 1 }, data: { lastId: id - 1n, lastError: null } });
    }
  });
}

export function updateRetention(prisma: PrismaClient, actor: Actor, input: z.infer<typeof ZRetentionSettings>) {
  return change(
    prisma,
    actor,
    'audit.updateRetention',
    input.expectedVersion,
    { retentionDays: input.retentionDays },
    (c) => ({ retentionDays: c.retentionDays }),
  );
}
