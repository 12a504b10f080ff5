// The configuration a node is pushed: the cluster defaults and every shared
// domain at the newest revision, plus the accounts changed since the revision
// the node reported (each whole: id, overrides, enabled, password hash, so a
// push is idempotent; gone addresses say whether they were deleted and what
// happens to the mailbox). A node that starts over gets `accountsReset` and
// the whole account set staged beforehand (account-set.ts).
//
// One bad object must never hold back the rest: every object is turned into
// wire form on its own and checked against the node API's schema; one that
// cannot be is left out, named in `leftOut`, and everything else is pushed.
import type { PrismaClient } from '@cc/db';
import {
  MAX_ACCOUNT_CHANGES,
  ZAccountChange,
  ZAlert,
  ZConfigDomain,
  ZSettingValue,
  type AccountChange,
  type Alert,
  type ConfigDomain,
  type ConfigSnapshot,
  type SettingsMap,
} from '@cc/node-api';
import { splitAddress } from '@cc/settings';
import type { z } from 'zod';

import { errorMessage } from '../../errors';
import { alertForNode, alertRowsForNodes } from '../alerts/alerts';
import { asStored, loadClusterDefaults } from '../domains/cluster-defaults';
import { deletionOf } from '../domains/mailbox-fate';
import { accountChangeOf, accountWireSelect, goneAccountChange } from './account-set';

/** An object (or one setting of it) that could not be sent, and why. */
export interface LeftOut {
  kind: 'alert' | 'domain' | 'account' | 'setting';
  /** The alert's id, the domain's name, the account's address, or `<owner>: <key>` for a setting. */
  id: string;
  /** The domain it belongs to, when it belongs to one (audit entries are filed under it). */
  domain: string | null;
  error: string;
}

export interface BuiltSnapshot {
  snapshot: ConfigSnapshot;
  leftOut: LeftOut[];
}

export async function desiredRevision(prisma: PrismaClient): Promise<bigint> {
  const top = await prisma.configRevision.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return top?.id ?? 0n;
}

/**
 * Builds the snapshot for nodes at `fromRevision`. The revision number is read first: content read
 * afterwards can only be newer, never older than what the number promises (revisions commit in order).
 */
export async function buildSnapshot(prisma: PrismaClient, fromRevision: bigint): Promise<BuiltSnapshot | null> {
  const revision = await desiredRevision(prisma);
  if (revision === 0n || revision <= fromRevision) return null;
  const [defaults, domains, accounts, alertRows] = await Promise.all([
    loadClusterDefaults(prisma),
    prisma.sharedDomain.findMany({ orderBy: { name: 'asc' }, select: { name: true, settings: true } }),
    changedAccounts(prisma, fromRevision, revision),
    alertRowsForNodes(prisma),
  ]);
  const leftOut: LeftOut[] = [];
  const keep = keeper(leftOut);
  const settings = (owner: string, domain: string | null, value: unknown) => wire(value, owner, domain, leftOut);
  const alerts = alertRows.flatMap((r) => {
    const domain = r.domain?.name ?? r.account?.domain.name ?? null;
    return keep<Alert>(ZAlert, { kind: 'alert', id: r.id, domain }, () => alertForNode(r));
  });
  return {
    snapshot: {
      revision: Number(revision),
      defaults: {
        domain: settings('cluster domain defaults', null, defaults.domain),
        account: settings('cluster account defaults', null, defaults.account),
        prefs: settings('cluster preferences', null, defaults.prefs),
      },
      domains: domains.flatMap((d) =>
        keep<ConfigDomain>(ZConfigDomain, { kind: 'domain', id: d.name, domain: d.name }, () => ({
          name: d.name,
          settings: settings(d.name, d.name, d.settings),
        })),
      ),
      accounts: accounts.reset
        ? []
        : accounts.changes.flatMap((c) =>
            keep<AccountChange>(
              ZAccountChange,
              { kind: 'account', id: c.address, domain: domainOf(c.address) },
              () => ({
                ...c,
                settings: c.settings === null ? null : settings(c.address, domainOf(c.address), c.settings),
              }),
            ),
          ),
      accountsReset: accounts.reset,
      alerts,
    },
    leftOut,
  };
}

/** Builds one object and checks it as the node will: [object], or [] with the reason recorded. */
function keeper(leftOut: LeftOut[]) {
  return <T>(schema: z.ZodType, item: Omit<LeftOut, 'error'>, build: () => T): T[] => {
    try {
      const value = build();
      const checked = schema.safeParse(value);
      if (checked.success) return [value];
      const issue = checked.error.issues[0];
      leftOut.push({ ...item, error: `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` });
    } catch (e) {
      leftOut.push({ ...item, error: errorMessage(e) });
    }
    return [];
  };
}

function domainOf(address: string): string | null {
  return splitAddress(address)?.domain ?? null;
}

/** An account change with its overrides as stored (turned into wire form with the rest). */
type StoredAccountChange = Omit<AccountChange, 'settings'> & { settings: unknown };

interface RevisionItems {
  items?: Array<{ key?: string; before?: unknown; after?: unknown }>;
  resetAccounts?: boolean;
}

async function changedAccounts(
  prisma: PrismaClient,
  from: bigint,
  to: bigint,
): Promise<{ reset: true } | { reset: false; changes: StoredAccountChange[] }> {
  // A fresh node has nothing cached: nothing to invalidate account by account.
  if (from === 0n) return { reset: true };
  const revisions = await prisma.configRevision.findMany({
    // Cluster-scoped revisions too: a bulk seed is one and asks for a reset (resetAccounts).
    where: { id: { gt: from, lte: to }, scope: { in: ['account', 'domain', 'cluster'] } },
    orderBy: { id: 'asc' },
    select: { scope: true, target: true, changes: true },
    take: MAX_ACCOUNT_CHANGES + 1,
  });
  if (revisions.length > MAX_ACCOUNT_CHANGES) return { reset: true };
  const addresses = new Set<string>();
  /** New address → the address the node knew it by (the first of a chain of renames). */
  const renamedFrom = new Map<string, string>();
  /** The latest deletion of an address, with its mailbox's fate. */
  const deletions = new Map<string, NonNullable<ReturnType<typeof deletionOf>>>();
  for (const r of revisions) {
    const changes = (r.changes ?? {}) as RevisionItems;
    if (changes.resetAccounts) return { reset: true };
    if (r.scope !== 'account') continue;
    addresses.add(r.target);
    for (const item of changes.items ?? []) {
      // A renamed account's old address must be dropped too.
      if (item.key === 'address' && typeof item.before === 'string') {
        addresses.add(item.before);
        renamedFrom.set(r.target, renamedFrom.get(item.before) ?? item.before);
      }
      const deletion = deletionOf(item);
      if (deletion) deletions.set(r.target, deletion);
    }
  }
  if (addresses.size === 0) return { reset: false, changes: [] };
  const wanted = [...addresses].map(splitAddress).filter((x) => x !== null);
  const rows = await prisma.mailAccount.findMany({
    where: { OR: wanted.map((w) => ({ name: w.localPart, domain: { name: w.domain } })) },
    select: accountWireSelect,
  });
  const found = new Map(rows.map((r) => [`${r.name}@${r.domain.name}`, r]));
  return {
    reset: false,
    changes: [...addresses].map((address): StoredAccountChange => {
      const row = found.get(address);
      if (!row) return goneAccountChange(address, deletions.get(address));
      const from = renamedFrom.get(address);
      return { ...accountChangeOf(row), ...(from && from !== address && { renamedFrom: from }) };
    }),
  };
}

/**
 * Stored JSON to the wire's scalar map. Non-scalars were never valid and are dropped silently; a scalar
 * the node would refuse (too long a key or text) is dropped and reported, so the rest still goes out.
 */
function wire(value: unknown, owner: string, domain: string | null, leftOut: LeftOut[]): SettingsMap {
  const out: SettingsMap = {};
  for (const [k, v] of Object.entries(asStored(value))) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const checked = ZSettingValue.safeParse(v);
    if (k.length >= 1 && k.length <= 64 && checked.success) out[k] = v;
    else {
      const error = checked.success ? 'the key is not 1 to 64 characters' : (checked.error.issues[0]?.message ?? '');
      leftOut.push({ kind: 'setting', id: `${owner}: ${k.slice(0, 64)}`, domain, error });
    }
  }
  return out;
}
