// The cluster-wide Default Domain Settings, Default Account Settings and
// Default WebUser Preferences (CommuniGate Pro's CLUSTERDOMAINDEFAULTS,
// CLUSTERACCOUNTDEFAULTS, CLUSTERACCOUNTPREFS). One row per family.
import type { Prisma, PrismaClient } from '@cc/db';
import {
  applyChanges,
  diffSettings,
  effectiveSettings,
  FAMILIES,
  type Family,
  type StoredSettings,
} from '@cc/settings';

import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import { recordRevision, afterCommit } from './revisions';
import { checkChanges, conflictError, type SettingsEdit } from './settings-edit';

type Db = PrismaClient | Prisma.TransactionClient;

/** Stored cluster defaults per family (rows are created by the migration). */
export async function loadClusterDefaults(db: Db): Promise<Record<Family, StoredSettings>> {
  const rows = await db.clusterDefaults.findMany({ select: { family: true, settings: true } });
  const out = { domain: {}, account: {}, prefs: {} } as Record<Family, StoredSettings>;
  for (const row of rows) {
    if ((FAMILIES as readonly string[]).includes(row.family)) out[row.family as Family] = asStored(row.settings);
  }
  return out;
}

export async function getClusterDefaults(prisma: PrismaClient) {
  const rows = await prisma.clusterDefaults.findMany({ orderBy: { family: 'asc' } });
  const cluster = await loadClusterDefaults(prisma);
  const all = effectiveSettings('cluster', { cluster });
  return FAMILIES.map((family) => {
    const row = rows.find((r) => r.family === family);
    return {
      family,
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt ?? null,
      settings: all.filter((s) => s.family === family),
    };
  });
}

export interface UpdateDefaultsInput extends SettingsEdit {
  family: Family;
}

export async function updateClusterDefaults(deps: { prisma: PrismaClient; actor: Actor }, input: UpdateDefaultsInput) {
  const { prisma, actor } = deps;
  const audit = { action: 'settings.updateClusterDefaults', targetType: 'cluster-defaults', targetName: input.family };
  return audited(prisma, actor, { ...audit, after: input.changes }, async () => {
    const changes = checkChanges(input.changes, { level: 'cluster', family: input.family, allSettings: true });
    const result = await prisma.$transaction(async (tx) => {
      const row = await tx.clusterDefaults.findUnique({ where: { family: input.family } });
      const before = asStored(row?.settings);
      const after = applyChanges(before, changes);
      const saved = await tx.clusterDefaults.updateMany({
        where: { family: input.family, version: input.expectedVersion },
        data: { settings: after as Prisma.InputJsonValue, version: { increment: 1 } },
      });
      if (saved.count === 0) return { conflict: row?.version ?? 0 } as const;
      const version = input.expectedVersion + 1;
      const diff = diffSettings(before, after);
      const revision = await recordRevision(tx, actor, {
        scope: 'cluster',
        domain: null,
        target: input.family,
        version,
        summary: `Cluster ${input.family} defaults: ${diff.map((d) => d.key).join(', ') || 'no change'}`,
        changes: diff,
      });
      await writeAudit(tx, actor, { ...audit, before, after: { settings: after, revision }, outcome: 'SUCCESS' });
      return { revision, version } as const;
    });
    if ('conflict' in result) {
      throw await conflictError(
        prisma,
        { scope: 'cluster', target: input.family },
        input.expectedVersion,
        result.conflict ?? 0,
      );
    }
    return afterCommit(result);
  });
}

export function asStored(value: unknown): StoredSettings {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as StoredSettings) : {};
}
