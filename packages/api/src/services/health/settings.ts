// Thresholds of the health evaluator: one row (health_settings id 1, created by the migration) holding
// only what an administrator changed; every change is versioned and audited with before and after.
import type { z } from 'zod';

import type { PrismaClient } from '@cc/db';
import { ZThresholds, type ZUpdateHealthSettings } from '@cc/schemas';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';

// The thresholds are a procedure input: defined in @cc/schemas, shared with the console's form.
export { ZThresholds, ZUpdateHealthSettings } from '@cc/schemas';

export type Thresholds = z.infer<typeof ZThresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  flapCount: 3,
  flapWindowMinutes: 10,
  configLagSeconds: 60,
  cpuPercent: 90,
  memoryPercent: 90,
  diskPercent: 90,
  resourceSustainSeconds: 300,
  clockSkewSeconds: 30,
  certExpiryDays: 14,
  mixedVersionsGraceMinutes: 60,
};

/** Stored keys over the defaults; a stored value that no longer validates falls back to its default. */
function merge(stored: unknown): Thresholds {
  const out: Record<string, unknown> = { ...DEFAULT_THRESHOLDS };
  const shape = ZThresholds.shape as Record<string, z.ZodType>;
  if (stored && typeof stored === 'object') {
    for (const [k, v] of Object.entries(stored)) if (shape[k]?.safeParse(v).success) out[k] = v;
  }
  return out as Thresholds;
}

export async function healthSettings(prisma: Pick<PrismaClient, 'healthSettings'>) {
  const row = await prisma.healthSettings.findUnique({ where: { id: 1 } });
  if (!row) throw new AppError('UNAVAILABLE', 'The health settings row is missing (migrations not applied?).');
  return {
    thresholds: merge(row.thresholds),
    defaults: DEFAULT_THRESHOLDS,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export function updateHealthSettings(prisma: PrismaClient, actor: Actor, input: z.infer<typeof ZUpdateHealthSettings>) {
  const { expectedVersion, ...thresholds } = input;
  const entry = { action: 'health.settings.update', targetType: 'health-settings', targetName: 'health thresholds' };
  return audited(prisma, actor, { ...entry, after: thresholds }, () =>
    prisma.$transaction(async (tx) => {
      const before = await healthSettings(tx);
      const saved = await tx.healthSettings.updateMany({
        where: { id: 1, version: expectedVersion },
        data: { thresholds, version: { increment: 1 }, updatedBy: actor.email },
      });
      if (saved.count === 0) {
        throw fieldError(
          'CONFLICT',
          'expectedVersion',
          `${before.updatedBy ?? 'Someone'} changed the health thresholds meanwhile; reload and try again.`,
        );
      }
      await writeAudit(tx, actor, { ...entry, before: before.thresholds, after: thresholds, outcome: 'SUCCESS' });
      return { version: before.version + 1 };
    }),
  );
}
