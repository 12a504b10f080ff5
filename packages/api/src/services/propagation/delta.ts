// A revision's change for a node that holds an older one (PATCH /v1/config):
// what the revisions between the node's and the newest name, each object
// whole. It is cut from the snapshot built for that node's revision, so a
// delta and the snapshot it stands for can never disagree; the node applies
// it only on top of `base`, and anything else falls back to a whole snapshot.
import type { PrismaClient } from '@cc/db';
import { MAX_ACCOUNT_CHANGES, type ConfigDefaults, type ConfigDelta } from '@cc/node-api';

import type { BuiltSnapshot } from './snapshot';

const FAMILIES = ['domain', 'account', 'prefs'] as const satisfies ReadonlyArray<keyof ConfigDefaults>;

interface RevisionRow {
  scope: string;
  target: string;
  changes: unknown;
}

interface Items {
  items?: Array<{ key?: string; before?: unknown }>;
  resetAccounts?: boolean;
}

/**
 * The change from `base` to the snapshot's revision, or null when only a whole snapshot will do: the
 * node is fresh, further behind than the retained changes (MAX_ACCOUNT_CHANGES revisions), or a
 * revision in between resets the accounts.
 */
export async function buildDelta(
  prisma: PrismaClient,
  built: BuiltSnapshot,
  base: bigint,
): Promise<ConfigDelta | null> {
  const { snapshot } = built;
  if (base <= 0n || snapshot.accountsReset || BigInt(snapshot.revision) <= base) return null;
  const rows: RevisionRow[] = await prisma.configRevision.findMany({
    where: { id: { gt: base, lte: BigInt(snapshot.revision) } },
    orderBy: { id: 'asc' },
    select: { scope: true, target: true, changes: true },
    take: MAX_ACCOUNT_CHANGES + 1,
  });
  if (rows.length > MAX_ACCOUNT_CHANGES) return null;
  return deltaOf(snapshot, base, rows);
}

/** Cuts the delta out of the snapshot: pure, so the rules are tested without a database. */
export function deltaOf(snapshot: BuiltSnapshot['snapshot'], base: bigint, rows: RevisionRow[]): ConfigDelta | null {
  const families = new Set<(typeof FAMILIES)[number]>();
  const domains = new Set<string>();
  let alerts = false;
  for (const r of rows) {
    const changes = (r.changes ?? {}) as Items;
    if (changes.resetAccounts) return null;
    if (r.scope === 'cluster') {
      const family = FAMILIES.find((f) => f === r.target);
      // A cluster-wide change that is not one family (a bulk seed): every family, they are small.
      for (const f of family ? [family] : FAMILIES) families.add(f);
    } else if (r.scope === 'domain') {
      domains.add(r.target);
      // A renamed domain's old name must go too.
      for (const item of changes.items ?? [])
        if (item.key === 'name' && typeof item.before === 'string') domains.add(item.before);
    } else if (r.scope === 'alert') alerts = true;
  }
  const present = new Map(snapshot.domains.map((d) => [d.name, d]));
  const defaults: ConfigDelta['defaults'] = {};
  for (const f of families) defaults[f] = snapshot.defaults[f];
  return {
    base: Number(base),
    revision: snapshot.revision,
    defaults,
    domains: [...domains].flatMap((name) => present.get(name) ?? []),
    // A domain left out of the snapshot (see LeftOut) is dropped by the node, as with a whole snapshot.
    removedDomains: [...domains].filter((name) => !present.has(name)),
    accounts: snapshot.accounts,
    ...(alerts && { alerts: snapshot.alerts }),
  };
}
