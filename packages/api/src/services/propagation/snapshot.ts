// The configuration a node is pushed: the cluster defaults and every shared
// domain at the newest revision, plus the accounts changed since the revision
// the node reported (their whole overrides, so a push is idempotent).
import type { PrismaClient } from '@cc/db';
import { MAX_ACCOUNT_CHANGES, type AccountChange, type ConfigSnapshot, type SettingsMap } from '@cc/node-api';
import { splitAddress } from '@cc/settings';

import { alertsForNodes } from '../alerts/alerts';
import { asStored, loadClusterDefaults } from '../domains/cluster-defaults';

export async function desiredRevision(prisma: PrismaClient): Promise<bigint> {
  const top = await prisma.configRevision.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return top?.id ?? 0n;
}

/**
 * Builds the snapshot for nodes at `fromRevision`. The revision number is read first: content read
 * afterwards can only be newer, never older than what the number promises (revisions commit in order).
 */
export async function buildSnapshot(prisma: PrismaClient, fromRevision: bigint): Promise<ConfigSnapshot | null> {
  const revision = await desiredRevision(prisma);
  if (revision === 0n || revision <= fromRevision) return null;
  const [defaults, domains, accounts, alerts] = await Promise.all([
    loadClusterDefaults(prisma),
    prisma.sharedDomain.findMany({ orderBy: { name: 'asc' }, select: { name: true, settings: true } }),
    changedAccounts(prisma, fromRevision, revision),
    alertsForNodes(prisma),
  ]);
  return {
    revision: Number(revision),
    defaults: { domain: wire(defaults.domain), account: wire(defaults.account), prefs: wire(defaults.prefs) },
    domains: domains.map((d) => ({ name: d.name, settings: wire(d.settings) })),
    accounts: accounts.reset ? [] : accounts.changes,
    accountsReset: accounts.reset,
    alerts,
  };
}

interface RevisionItems {
  items?: Array<{ key?: string; before?: unknown }>;
  resetAccounts?: boolean;
}

async function changedAccounts(
  prisma: PrismaClient,
  from: bigint,
  to: bigint,
): Promise<{ reset: true } | { reset: false; changes: AccountChange[] }> {
  // A fresh node has nothing cached: nothing to invalidate account by account.
  if (from === 0n) return { reset: true };
  const revisions = await prisma.configRevision.findMany({
    where: { id: { gt: from, lte: to }, scope: { in: ['account', 'domain'] } },
    select: { scope: true, target: true, changes: true },
    take: MAX_ACCOUNT_CHANGES + 1,
  });
  if (revisions.length > MAX_ACCOUNT_CHANGES) return { reset: true };
  const addresses = new Set<string>();
  for (const r of revisions) {
    const changes = (r.changes ?? {}) as RevisionItems;
    if (changes.resetAccounts) return { reset: true };
    if (r.scope !== 'account') continue;
    addresses.add(r.target);
    // A renamed account's old address must be dropped too.
    for (const item of changes.items ?? []) {
      if (item.key === 'address' && typeof item.before === 'string') addresses.add(item.before);
    }
  }
  if (addresses.size === 0) return { reset: false, changes: [] };
  const wanted = [...addresses].map(splitAddress).filter((x) => x !== null);
  const rows = await prisma.mailAccount.findMany({
    where: { OR: wanted.map((w) => ({ name: w.localPart, domain: { name: w.domain } })) },
    select: { name: true, enabled: true, settings: true, domain: { select: { name: true } } },
  });
  const found = new Map(rows.map((r) => [`${r.name}@${r.domain.name}`, r]));
  return {
    reset: false,
    changes: [...addresses].map((address) => {
      const row = found.get(address);
      return row
        ? { address, settings: wire(row.settings), enabled: row.enabled }
        : { address, settings: null, enabled: false };
    }),
  };
}

/** Stored JSON to the wire's scalar map (anything else was never valid and is dropped). */
function wire(value: unknown): SettingsMap {
  const out: SettingsMap = {};
  for (const [k, v] of Object.entries(asStored(value))) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
