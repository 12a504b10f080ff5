// Shared by cluster defaults, domain settings and account overrides: input
// checks with per-field errors, and optimistic concurrency whose conflict
// message says who changed what in the meantime.
import type { PrismaClient } from '@cc/db';
import {
  SETTINGS_BY_KEY,
  splitAddress,
  validateChanges,
  type SettingChanges,
  type ValidateOptions,
} from '@cc/settings';

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
 *
 * `knownVersion` is only a lower bound: callers read the row before their update, and the save that
 * won may have committed after that read ("version 14, now 14"). The version named as "now" is read
 * afresh, after the losing transaction, from the row and the revision log (a winner commits both).
 */
export async function conflictError(
  prisma: PrismaClient,
  where: { scope: string; target: string },
  expectedVersion: number,
  knownVersion: number,
): Promise<AppError> {
  const [revisions, logged, stored] = await Promise.all([
    prisma.configRevision.findMany({
      where: { scope: where.scope, target: where.target, version: { gt: expectedVersion } },
      orderBy: { id: 'asc' },
      take: 10,
      select: { actorEmail: true, at: true, summary: true, changes: true },
    }),
    prisma.configRevision.aggregate({ where: { scope: where.scope, target: where.target }, _max: { version: true } }),
    storedVersion(prisma, where),
  ]);
  const current = Math.max(knownVersion, logged._max.version ?? 0, stored ?? 0);
  const described = revisions.map((r) => {
    const items = ((r.changes as { items?: RevisionChange[] } | null)?.items ?? []).map(describeChange);
    const what = items.length > 0 ? items.join(', ') : r.summary;
    return `${r.actorEmail ?? 'the system'} at ${r.at.toISOString().slice(11, 19)} UTC: ${what}`;
  });
  const detail = described.length > 0 ? ` Changed meanwhile by ${described.join('; ')}.` : '';
  // Nothing newer found: the row was renamed or removed meanwhile (its revisions name it differently).
  const versions =
    current > expectedVersion ? `version ${expectedVersion}, now ${current}` : `version ${expectedVersion}`;
  return new AppError(
    'CONFLICT',
    `Not saved: someone else saved these settings after you opened them (${versions}).${detail} ` +
      'Reload to see the current values, then apply your change again.',
  );
}

/** The object's version as committed now (null: no longer there under this name). */
async function storedVersion(prisma: PrismaClient, where: { scope: string; target: string }): Promise<number | null> {
  const select = { version: true } as const;
  switch (where.scope) {
    case 'cluster':
      return (await prisma.clusterDefaults.findUnique({ where: { family: where.target }, select }))?.version ?? null;
    case 'domain':
      return (await prisma.sharedDomain.findUnique({ where: { name: where.target }, select }))?.version ?? null;
    case 'account': {
      const address = splitAddress(where.target);
      if (!address) return null;
      const row = await prisma.mailAccount.findFirst({
        where: { name: address.localPart, domain: { name: address.domain } },
        select,
      });
      return row?.version ?? null;
    }
    default:
      return null;
  }
}

function describeChange(c: RevisionChange): string {
  const label = SETTINGS_BY_KEY.get(c.key)?.label ?? c.key;
  const show = (v: unknown) => (v === undefined ? 'inherited' : JSON.stringify(v));
  return `${label} ${show(c.before)} → ${show(c.after)}`;
}
