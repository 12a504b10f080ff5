// Shared by cluster defaults, domain settings and account overrides: input
// checks with per-field errors, and optimistic concurrency whose conflict
// message says who changed what in the meantime.
import type { PrismaClient } from '@cc/db';
import { SETTINGS_BY_KEY, validateChanges, type SettingChanges, type ValidateOptions } from '@cc/settings';

import { AppError } from '../../errors';

export interface SettingsEdit {
  /** The version the administrator's form was loaded at. */
  expectedVersion: number;
  changes: Record<string, unknown>;
}

/** Valid changes, or a 400 (or 403 for settings the caller may not change) with a message per key. */
export function checkChanges(input: Record<string, unknown>, opts: ValidateOptions): SettingChanges {
  if (Object.keys(input).length === 0) throw new AppError('BAD_REQUEST', 'Nothing to save: no setting was changed.');
  const result = validateChanges(input, opts);
  const keys = Object.keys(result.errors);
  if (keys.length === 0) return result.changes;
  const fieldErrors = Object.fromEntries(keys.map((k) => [`changes.${k}`, [result.errors[k] ?? 'Invalid']]));
  const forbiddenOnly = result.forbidden.length === keys.length;
  const message =
    keys.length === 1 ? (result.errors[keys[0]!] ?? 'Invalid setting') : `${keys.length} settings are not valid`;
  throw new AppError(forbiddenOnly ? 'FORBIDDEN' : 'BAD_REQUEST', `Nothing was saved. ${message}.`, fieldErrors);
}

interface RevisionChange {
  key: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The save lost the race: list what others changed after `expectedVersion` (from the revision log),
 * so the administrator can decide instead of silently overwriting it.
 */
export async function conflictError(
  prisma: PrismaClient,
  where: { scope: string; target: string },
  expectedVersion: number,
  currentVersion: number,
): Promise<AppError> {
  const revisions = await prisma.configRevision.findMany({
    where: { scope: where.scope, target: where.target, version: { gt: expectedVersion } },
    orderBy: { id: 'asc' },
    take: 10,
    select: { actorEmail: true, at: true, summary: true, changes: true },
  });
  const described = revisions.map((r) => {
    const items = ((r.changes as { items?: RevisionChange[] } | null)?.items ?? []).map(describeChange);
    const what = items.length > 0 ? items.join(', ') : r.summary;
    return `${r.actorEmail ?? 'the system'} at ${r.at.toISOString().slice(11, 19)} UTC: ${what}`;
  });
  const detail = described.length > 0 ? ` Changed meanwhile by ${described.join('; ')}.` : '';
  return new AppError(
    'CONFLICT',
    `Not saved: someone else saved these settings after you opened them (version ${expectedVersion}, ` +
      `now ${currentVersion}).${detail} Reload to see the current values, then apply your change again.`,
  );
}

function describeChange(c: RevisionChange): string {
  const label = SETTINGS_BY_KEY.get(c.key)?.label ?? c.key;
  const show = (v: unknown) => (v === undefined ? 'inherited' : JSON.stringify(v));
  return `${label} ${show(c.before)} → ${show(c.after)}`;
}
