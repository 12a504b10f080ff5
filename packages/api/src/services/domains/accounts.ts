// Accounts in shared domains. Lists are keyset-paged in natural order (user2
// before user10) on the (domain, sortKey, name) and (sortKey, name, domain)
// indexes, so a page costs the same with a million accounts as with ten;
// sortKey is derived from name by a database trigger (cc_natural_key). The
// name column is byte-ordered (COLLATE "C") for prefix search.
import type { Prisma, PrismaClient } from '@cc/db';
import { effectiveSettings, splitAddress, type SettingValue } from '@cc/settings';
import { hasControlCharacter } from '@cc/schemas';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit } from '../audit/write-audit';
import { asStored, loadClusterDefaults } from './cluster-defaults';
import { findDomain, isUniqueViolation, type DomainDeps } from './domains';
import {
  generateMailPassword,
  hashMailPassword,
  mailPasswordError,
  NEEDS_NEW_PASSWORD_REASON,
  needsNewPassword,
} from './password';
import { deletionItem, describeMailboxFate, type MailboxFate } from './mailbox-fate';
import { afterCommit, recordRevision } from './revisions';
import { accountWhere, domainWhere, type DomainScope } from './tenant';

export const NO_SUCH_ACCOUNT = 'No such account (or not in a domain you manage).';

const listSelect = {
  id: true,
  name: true,
  realName: true,
  enabled: true,
  createdAt: true,
  domain: { select: { name: true } },
} satisfies Prisma.MailAccountSelect;

type ListRow = Prisma.MailAccountGetPayload<{ select: typeof listSelect }>;

function toItem({ domain, ...a }: ListRow) {
  return { ...a, domain: domain.name, address: `${a.name}@${domain.name}` };
}

export interface ListAccountsInput {
  /** One domain, or every domain in scope. */
  domain?: string | undefined;
  /** Prefix of the account name (before "@"); "name@dom" narrows to domains starting with "dom". */
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listAccounts(prisma: PrismaClient, scope: DomainScope, input: ListAccountsInput) {
  let search = input.search?.trim().toLowerCase() ?? '';
  let domainPrefix: string | undefined;
  if (search.includes('@')) [search = '', domainPrefix] = search.split('@', 2) as [string, string];
  const domain = input.domain ? await findDomain(prisma, scope, input.domain) : undefined;
  const cursor = decodeCursor(input.cursor);
  const prefixed = !domain && domainPrefix ? await domainsByPrefix(prisma, scope, domainPrefix) : null;
  if (prefixed?.length === 0) return { items: [], nextCursor: null };
  // "user@other" searched within one domain: nothing there matches another domain's prefix.
  if (domain && domainPrefix && !domain.name.startsWith(domainPrefix)) return { items: [], nextCursor: null };
  const where: Prisma.MailAccountWhereInput = {
    ...accountWhere(scope),
    ...(domain && { domainId: domain.id }),
    // The ids themselves (in scope) let the planner read one domain's (domainId, name) index when
    // few domains match; as a join filter it walked the name index through every other domain's
    // accounts (a second for "user@nosuch" among a million).
    ...(prefixed && { domainId: { in: prefixed } }),
    ...(domainPrefix && !domain && !prefixed && { domain: { name: { startsWith: domainPrefix } } }),
    AND: [search ? { name: { startsWith: search } } : {}, cursor ? after(cursor, !domain) : {}],
  };
  const rows = await prisma.mailAccount.findMany({
    where,
    orderBy: [{ sortKey: 'asc' }, { name: 'asc' }, ...(domain ? [] : [{ domainId: 'asc' as const }])],
    take: input.limit + 1,
    select: { ...listSelect, sortKey: true, domainId: true },
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ domainId: _, sortKey: __, ...row }) => toItem(row)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}

/** Rows after the cursor in (sortKey, name[, domainId]) order. */
function after(c: Cursor, acrossDomains: boolean): Prisma.MailAccountWhereInput {
  return {
    // The plain bound lets the index scan start at the cursor; the OR alone would be a filter.
    sortKey: { gte: c.sortKey },
    OR: [
      { sortKey: { gt: c.sortKey } },
      { sortKey: c.sortKey, name: { gt: c.name } },
      ...(acrossDomains ? [{ sortKey: c.sortKey, name: c.name, domainId: { gt: c.domainId } }] : []),
    ],
  };
}

/** Beyond this many matching domains the prefix hardly narrows the search: filter by join instead. */
const MAX_PREFIX_DOMAINS = 200;

/** Ids of the domains in scope whose name starts with `prefix`, or null when there are very many. */
async function domainsByPrefix(prisma: PrismaClient, scope: DomainScope, prefix: string): Promise<string[] | null> {
  const rows = await prisma.sharedDomain.findMany({
    where: { ...domainWhere(scope), name: { startsWith: prefix } },
    select: { id: true },
    take: MAX_PREFIX_DOMAINS + 1,
  });
  return rows.length > MAX_PREFIX_DOMAINS ? null : rows.map((r) => r.id);
}

interface Cursor {
  sortKey: string;
  name: string;
  domainId: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sortKey, c.name, c.domainId])).toString('base64url');
}

function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const parts = JSON.parse(Buffer.from(raw, 'base64url').toString()) as unknown;
    // It came from the client: three strings (a link from before natural order had two) of text a
    // query can carry (no NUL), or the page link is stale.
    if (Array.isArray(parts) && parts.length === 3 && parts.every((p) => typeof p === 'string')) {
      const [sortKey, name, domainId] = parts as [string, string, string];
      if (!hasControlCharacter(sortKey + name + domainId)) return { sortKey, name, domainId };
    }
  } catch {
    // fall through
  }
  throw fieldError('BAD_REQUEST', 'cursor', 'This page link is not valid any more; start from the first page.');
}

/** The account in scope, by address; 404 for one that does not exist or lies in another tenant's domain. */
export async function findAccount(db: PrismaClient | Prisma.TransactionClient, scope: DomainScope, address: string) {
  const parts = splitAddress(address);
  if (!parts) throw fieldError('BAD_REQUEST', 'address', 'Enter an address such as user@example.com.');
  const account = await db.mailAccount.findFirst({
    where: { ...accountWhere(scope), name: parts.localPart, domain: { name: parts.domain } },
    include: { domain: true },
  });
  if (!account) throw new AppError('NOT_FOUND', NO_SUCH_ACCOUNT);
  return { ...account, address: `${account.name}@${account.domain.name}` };
}

export async function getAccount(prisma: PrismaClient, scope: DomainScope, address: string) {
  const a = await findAccount(prisma, scope, address);
  const cluster = await loadClusterDefaults(prisma);
  return {
    id: a.id,
    address: a.address,
    name: a.name,
    domain: a.domain.name,
    realName: a.realName,
    enabled: a.enabled,
    /** Why the mail servers refuse every password for this account until it is set again, or null. */
    passwordProblem: needsNewPassword(a.passwordHash) ? NEEDS_NEW_PASSWORD_REASON : null,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    settings: effectiveSettings('account', {
      cluster,
      domain: asStored(a.domain.settings),
      account: asStored(a.settings),
    }),
  };
}

/** An effective domain-level value (domain setting, else cluster default, else built-in). */
export async function domainSetting(prisma: PrismaClient, domainSettings: unknown, key: string): Promise<SettingValue> {
  const cluster = await loadClusterDefaults(prisma);
  const found = effectiveSettings('domain', { cluster, domain: asStored(domainSettings) }).find((s) => s.key === key);
  if (!found) throw new Error(`Unknown domain setting ${key}`);
  return found.value;
}

/** A chosen password must meet the domain's minimum; none chosen → one is generated and shown once. */
export async function choosePassword(prisma: PrismaClient, domainSettings: unknown, chosen: string | undefined) {
  const min = Number(await domainSetting(prisma, domainSettings, 'passwordMinLength'));
  if (chosen !== undefined && chosen.length < min) {
    throw fieldError('BAD_REQUEST', 'password', `This domain requires passwords of at least ${min} characters.`);
  }
  const unusable = chosen === undefined ? null : mailPasswordError(chosen);
  if (unusable) throw fieldError('BAD_REQUEST', 'password', unusable);
  const password = chosen ?? generateMailPassword();
  return { hash: await hashMailPassword(password), generated: chosen === undefined ? password : undefined };
}

export interface CreateAccountInput {
  domain: string;
  name: string;
  realName?: string | undefined;
  password?: string | undefined;
}

export async function createAccount(deps: DomainDeps, input: CreateAccountInput) {
  const address = `${input.name}@${input.domain}`;
  const audit = { action: 'accounts.create', targetType: 'account', targetName: address, domain: input.domain };
  const safe = { name: input.name, realName: input.realName, passwordChosen: input.password !== undefined };
  return audited(deps.prisma, deps.actor, { ...audit, after: safe }, async () => {
    const domain = await findDomain(deps.prisma, deps.domains, input.domain);
    const limit = Number(await domainSetting(deps.prisma, domain.settings, 'maxAccounts'));
    const password = await choosePassword(deps.prisma, domain.settings, input.password);
    try {
      const result = await deps.prisma.$transaction(async (tx) => {
        if (limit > 0 && (await tx.mailAccount.count({ where: { domainId: domain.id } })) >= limit) {
          throw fieldError('CONFLICT', 'name', `${domain.name} already has its maximum of ${limit} accounts.`);
        }
        const account = await tx.mailAccount.create({
          data: { domainId: domain.id, name: input.name, realName: input.realName ?? '', passwordHash: password.hash },
          select: { id: true, name: true },
        });
        const revision = await recordRevision(tx, deps.actor, {
          scope: 'account',
          domain: domain.name,
          target: address,
          version: 0,
          summary: `Account ${address} created`,
        });
        await writeAudit(tx, deps.actor, {
          ...audit,
          targetId: account.id,
          after: { ...safe, revision },
          outcome: 'SUCCESS',
        });
        return { revision, address, generatedPassword: password.generated };
      });
      return afterCommit(result);
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('CONFLICT', 'name', `The account ${address} already exists.`);
      throw e;
    }
  });
}

export async function renameAccount(
  deps: DomainDeps,
  input: { address: string; newName: string; expectedVersion: number },
) {
  const audit = { action: 'accounts.rename', targetType: 'account', targetName: input.address };
  return audited(deps.prisma, deps.actor, { ...audit, after: { newName: input.newName } }, async () => {
    const a = await findAccount(deps.prisma, deps.domains, input.address);
    if (input.newName === a.name) throw fieldError('BAD_REQUEST', 'newName', 'The new name is the current name.');
    const newAddress = `${input.newName}@${a.domain.name}`;
    try {
      const result = await deps.prisma.$transaction(async (tx) => {
        const saved = await tx.mailAccount.updateMany({
          where: { id: a.id, version: input.expectedVersion },
          data: { name: input.newName, version: { increment: 1 } },
        });
        if (saved.count === 0) throw staleVersion(a.version, input.expectedVersion);
        const revision = await recordRevision(tx, deps.actor, {
          scope: 'account',
          domain: a.domain.name,
          target: newAddress,
          version: input.expectedVersion + 1,
          summary: `Account ${a.address} renamed to ${newAddress}`,
          changes: [{ key: 'address', before: a.address, after: newAddress }],
        });
        await writeAudit(tx, deps.actor, {
          ...audit,
          targetId: a.id,
          domain: a.domain.name,
          before: { address: a.address },
          after: { address: newAddress, revision },
          outcome: 'SUCCESS',
        });
        return { revision, address: newAddress };
      });
      return afterCommit(result);
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('CONFLICT', 'newName', `The account ${newAddress} already exists.`);
      throw e;
    }
  });
}

export async function deleteAccount(deps: DomainDeps, input: { address: string } & MailboxFate) {
  const audit = { action: 'accounts.delete', targetType: 'account', targetName: input.address };
  const fate: MailboxFate =
    input.mailbox === 'archive'
      ? { mailbox: 'archive', archiveFolder: input.archiveFolder }
      : { mailbox: input.mailbox };
  return audited(deps.prisma, deps.actor, { ...audit, after: fate }, async () => {
    const a = await findAccount(deps.prisma, deps.domains, input.address);
    const result = await deps.prisma.$transaction(async (tx) => {
      await tx.mailAccount.delete({ where: { id: a.id } });
      const revision = await recordRevision(tx, deps.actor, {
        scope: 'account',
        domain: a.domain.name,
        target: a.address,
        version: a.version + 1,
        summary: `Account ${a.address} deleted, ${describeMailboxFate(fate)}`,
        changes: [deletionItem(a.id, fate)],
      });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetId: a.id,
        domain: a.domain.name,
        before: { address: a.address, realName: a.realName, enabled: a.enabled, settings: a.settings },
        after: { ...fate, revision },
        outcome: 'SUCCESS',
      });
      return { revision };
    });
    return afterCommit(result);
  });
}

/** Someone else saved first; the message tells the administrator to reload. */
export function staleVersion(current: number, expected: number): AppError {
  return new AppError(
    'CONFLICT',
    `Not saved: this account was changed by someone else after you opened it (version ${expected}, now ${current}). ` +
      'Reload to see the current state, then try again.',
  );
}
