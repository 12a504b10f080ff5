// Accounts as nodes receive them, and the whole account set for nodes that
// start over (fresh, far behind, or told to reset): Dovecot nodes write
// passwd-files from it, so they need every account, not only the overrides.
// The set is staged page by page (PUT /v1/config/accounts) before the
// snapshot that applies it; pages are read by keyset on the account id, so
// staging a million accounts never holds more than one page in memory.
import type { Prisma, PrismaClient } from '@cc/db';
import {
  MAX_STAGED_ACCOUNTS_PAGE,
  NodeApiError,
  STAGE_INCOMPLETE,
  ZAccountChange,
  ZSettingValue,
  type AccountChange,
  type AccountDeletion,
  type ApplyConfigResponse,
  type ConfigSnapshot,
  type NodeClient,
  type SettingsMap,
} from '@cc/node-api';

import { asStored } from '../domains/cluster-defaults';
import { dovecotHash } from '../domains/password';

export const accountWireSelect = {
  id: true,
  name: true,
  enabled: true,
  settings: true,
  passwordHash: true,
  domain: { select: { name: true } },
} satisfies Prisma.MailAccountSelect;
export type AccountWireRow = Prisma.MailAccountGetPayload<{ select: typeof accountWireSelect }>;

/** A live account as nodes get it; `settings` still as stored (the snapshot turns it into wire form). */
export function accountChangeOf(row: AccountWireRow) {
  return {
    address: `${row.name}@${row.domain.name}`,
    id: row.id,
    settings: row.settings as unknown,
    enabled: row.enabled,
    // Hashes Dovecot cannot verify go out as null: the node keeps the account but refuses its logins.
    passwordHash: dovecotHash(row.passwordHash),
  };
}

/** A gone address: deleted (with what happens to its mailbox), or the old name of a renamed account. */
export function goneAccountChange(address: string, deletion?: { id?: string; deleted: AccountDeletion }) {
  return {
    address,
    settings: null,
    enabled: false,
    ...(deletion?.id && { id: deletion.id }),
    ...(deletion && { deleted: deletion.deleted }),
  };
}

/** Stored overrides to the wire's scalar map; anything the node would refuse is dropped. */
export function wireSettings(value: unknown): SettingsMap {
  const out: SettingsMap = {};
  for (const [k, v] of Object.entries(asStored(value))) {
    if (k.length >= 1 && k.length <= 64 && ZSettingValue.safeParse(v).success) out[k] = v as SettingsMap[string];
  }
  return out;
}

export type AccountPage = Awaited<ReturnType<typeof accountPage>>;
/** Reads a page of the account set (accountPage, or a cache of it shared by the nodes of one pass). */
export type PageReader = (after: string | null, size: number) => Promise<AccountPage>;

/** One page of every account, in id order after `after`; rows the wire refuses are skipped (and named). */
export async function accountPage(prisma: PrismaClient, after: string | null, size = MAX_STAGED_ACCOUNTS_PAGE) {
  const rows = await prisma.mailAccount.findMany({
    where: after === null ? {} : { id: { gt: after } },
    orderBy: { id: 'asc' },
    take: size,
    select: accountWireSelect,
  });
  const accounts: AccountChange[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    const change = { ...accountChangeOf(row), settings: wireSettings(row.settings) };
    if (ZAccountChange.safeParse(change).success) accounts.push(change);
    else skipped.push(change.address);
  }
  return { accounts, skipped, next: rows.length === size ? (rows.at(-1)?.id ?? null) : null };
}

/**
 * Stages every account on the node for `revision`; returns how many were staged, or null when the
 * node has no staging endpoint (an agent from before it: it gets the snapshot alone, as before).
 */
export async function stageAccountSet(
  prisma: PrismaClient,
  client: NodeClient,
  revision: number,
  pageSize = MAX_STAGED_ACCOUNTS_PAGE,
  read: PageReader = (after, size) => accountPage(prisma, after, size),
): Promise<number | null> {
  let staged = 0;
  let after: string | null = null;
  for (let page = 0; ; page++) {
    const { accounts, next } = await read(after, pageSize);
    try {
      await client.stageAccounts({ revision, page, accounts, last: next === null });
    } catch (e) {
      if (page === 0 && e instanceof NodeApiError && e.status === 404) return null;
      throw e;
    }
    staged += accounts.length;
    if (next === null) return staged;
    after = next;
  }
}

/**
 * Applies a snapshot. A reset first stages the whole account set and announces its size; a node
 * that answers stage-incomplete (it restarted, or another console staged meanwhile) is staged again.
 */
/**
 * Whether a node keeps the whole account set (its info lists the 'accounts' capability). A node not
 * yet described is given the set: sending it needlessly costs time, withholding it loses logins.
 */
export function keepsAccountSet(capabilities: unknown): boolean {
  if (!Array.isArray(capabilities)) return true;
  return capabilities.includes('accounts');
}

export async function pushSnapshot(
  prisma: PrismaClient,
  client: NodeClient,
  snapshot: ConfigSnapshot,
  pageSize?: number,
  stage = true,
  read?: PageReader,
): Promise<ApplyConfigResponse> {
  if (!snapshot.accountsReset || !stage) return client.applyConfig(snapshot);
  for (let attempt = 1; ; attempt++) {
    const staged = await stageAccountSet(prisma, client, snapshot.revision, pageSize, read);
    if (staged === null) return client.applyConfig(snapshot);
    try {
      return await client.applyConfig({ ...snapshot, accountsStaged: staged });
    } catch (e) {
      if (attempt >= 3 || !(e instanceof NodeApiError && e.code === STAGE_INCOMPLETE)) throw e;
    }
  }
}
