// Shared domains: list, read with effective settings, create, rename, delete,
// change settings. Every query carries the caller's domain scope in its where.
import { Prisma, type PrismaClient } from '@cc/db';
import { applyChanges, diffSettings, effectiveSettings } from '@cc/settings';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import { asStored, loadClusterDefaults } from './cluster-defaults';
import { MAIL_HASH_SCHEME } from './password';
import { afterCommit, recordRevision } from './revisions';
import { checkChanges, conflictError, type SettingsEdit } from './settings-edit';
import { domainWhere, type DomainScope } from './tenant';

export interface DomainDeps {
  prisma: PrismaClient;
  actor: Actor;
  domains: DomainScope;
  /** Server administrators change every setting; domain administrators only domain-editable ones. */
  allSettings: boolean;
}

export const NO_SUCH_DOMAIN = 'No such domain (or not one you manage).';

export async function listDomains(
  prisma: PrismaClient,
  scope: DomainScope,
  input: { search?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const rows = await prisma.sharedDomain.findMany({
    where: {
      ...domainWhere(scope),
      // One `name` filter: search and cursor together (Load more on a search) must both apply.
      name: {
        ...(input.search && { contains: input.search.toLowerCase() }),
        ...(input.cursor && { gt: input.cursor }),
      },
    },
    orderBy: { name: 'asc' },
    take: input.limit + 1,
    select: { id: true, name: true, createdAt: true, updatedAt: true, _count: { select: { accounts: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ _count, ...d }) => ({ ...d, accounts: _count.accounts })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.name ?? null) : null,
  };
}

/** The domain in scope, or 404 for one that does not exist or belongs to someone else. */
export async function findDomain(prisma: PrismaClient | Prisma.TransactionClient, scope: DomainScope, name: string) {
  const domain = await prisma.sharedDomain.findFirst({ where: { ...domainWhere(scope), name } });
  if (!domain) throw new AppError('NOT_FOUND', NO_SUCH_DOMAIN);
  return domain;
}

export async function getDomain(prisma: PrismaClient, scope: DomainScope, name: string) {
  const domain = await findDomain(prisma, scope, name);
  const [cluster, accounts, needPassword] = await Promise.all([
    loadClusterDefaults(prisma),
    prisma.mailAccount.count({ where: { domainId: domain.id } }),
    // Hashes the mail servers cannot verify (made before {BLF-CRYPT}): those accounts cannot sign in.
    prisma.mailAccount.count({
      where: { domainId: domain.id, NOT: { passwordHash: { startsWith: MAIL_HASH_SCHEME } } },
    }),
  ]);
  return {
    id: domain.id,
    name: domain.name,
    version: domain.version,
    createdAt: domain.createdAt,
    updatedAt: domain.updatedAt,
    accounts,
    /** Accounts whose password must be set again before they can sign in. */
    accountsNeedingPassword: needPassword,
    settings: effectiveSettings('domain', { cluster, domain: asStored(domain.settings) }),
  };
}

export async function createDomain(deps: DomainDeps, input: { name: string; settings?: Record<string, unknown> }) {
  const audit = { action: 'domains.create', targetType: 'domain', targetName: input.name, domain: input.name };
  return audited(deps.prisma, deps.actor, { ...audit, after: input }, async () => {
    const settings = input.settings
      ? applyChanges({}, checkChanges(input.settings, { level: 'domain', allSettings: deps.allSettings }))
      : {};
    try {
      const result = await deps.prisma.$transaction(async (tx) => {
        const domain = await tx.sharedDomain.create({
          data: { name: input.name, settings: settings as Prisma.InputJsonValue },
          select: { id: true, name: true, version: true },
        });
        const revision = await recordRevision(tx, deps.actor, {
          scope: 'domain',
          domain: domain.name,
          target: domain.name,
          version: 0,
          summary: `Domain ${domain.name} created`,
          changes: diffSettings({}, settings),
        });
        await writeAudit(tx, deps.actor, {
          ...audit,
          targetId: domain.id,
          after: { name: domain.name, settings, revision },
          outcome: 'SUCCESS',
        });
        return { domain, revision };
      });
      return afterCommit(result);
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('CONFLICT', 'name', `The domain ${input.name} already exists.`);
      throw e;
    }
  });
}

export async function renameDomain(
  deps: DomainDeps,
  input: { name: string; newName: string; expectedVersion: number },
) {
  const audit = { action: 'domains.rename', targetType: 'domain', targetName: input.name, domain: input.name };
  return audited(deps.prisma, deps.actor, { ...audit, after: { newName: input.newName } }, async () => {
    if (input.newName === input.name) throw fieldError('BAD_REQUEST', 'newName', 'The new name is the current name.');
    const domain = await findDomain(deps.prisma, deps.domains, input.name);
    try {
      const result = await deps.prisma.$transaction(async (tx) => {
        const saved = await tx.sharedDomain.updateMany({
          where: { id: domain.id, version: input.expectedVersion },
          data: { name: input.newName, version: { increment: 1 } },
        });
        if (saved.count === 0) return { conflict: domain.version } as const;
        const revision = await recordRevision(tx, deps.actor, {
          scope: 'domain',
          domain: input.newName,
          target: input.newName,
          version: input.expectedVersion + 1,
          summary: `Domain ${input.name} renamed to ${input.newName}`,
          changes: [{ key: 'name', before: input.name, after: input.newName }],
          resetAccounts: true,
        });
        await writeAudit(tx, deps.actor, {
          ...audit,
          targetId: domain.id,
          before: { name: input.name },
          after: { name: input.newName, revision },
          outcome: 'SUCCESS',
        });
        return { revision, name: input.newName };
      });
      if ('conflict' in result) {
        throw await conflictError(
          deps.prisma,
          { scope: 'domain', target: input.name },
          input.expectedVersion,
          result.conflict ?? 0,
        );
      }
      return afterCommit(result);
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('CONFLICT', 'newName', `The domain ${input.newName} already exists.`);
      throw e;
    }
  });
}

export async function deleteDomain(deps: DomainDeps, input: { name: string }) {
  const audit = { action: 'domains.delete', targetType: 'domain', targetName: input.name, domain: input.name };
  return audited(deps.prisma, deps.actor, audit, async () => {
    const domain = await findDomain(deps.prisma, deps.domains, input.name);
    const result = await deps.prisma.$transaction(async (tx) => {
      const accounts = await tx.mailAccount.count({ where: { domainId: domain.id } });
      // Accounts go with their domain (foreign key cascade).
      await tx.sharedDomain.delete({ where: { id: domain.id } });
      const revision = await recordRevision(tx, deps.actor, {
        scope: 'domain',
        domain: domain.name,
        target: domain.name,
        version: domain.version + 1,
        summary: `Domain ${domain.name} deleted with ${accounts} account(s)`,
        resetAccounts: true,
      });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetId: domain.id,
        before: { name: domain.name, settings: domain.settings, accounts },
        after: { revision },
        outcome: 'SUCCESS',
      });
      return { revision, accounts };
    });
    return afterCommit(result);
  });
}

export async function updateDomainSettings(deps: DomainDeps, input: SettingsEdit & { name: string }) {
  const audit = { action: 'domains.updateSettings', targetType: 'domain', targetName: input.name, domain: input.name };
  return audited(deps.prisma, deps.actor, { ...audit, after: input.changes }, async () => {
    const domain = await findDomain(deps.prisma, deps.domains, input.name);
    const changes = checkChanges(input.changes, { level: 'domain', allSettings: deps.allSettings });
    const result = await deps.prisma.$transaction(async (tx) => {
      const current = await findDomain(tx, deps.domains, input.name);
      const before = asStored(current.settings);
      const after = applyChanges(before, changes);
      const saved = await tx.sharedDomain.updateMany({
        where: { id: domain.id, version: input.expectedVersion },
        data: { settings: after as Prisma.InputJsonValue, version: { increment: 1 } },
      });
      if (saved.count === 0) return { conflict: current.version } as const;
      const diff = diffSettings(before, after);
      const revision = await recordRevision(tx, deps.actor, {
        scope: 'domain',
        domain: domain.name,
        target: domain.name,
        version: input.expectedVersion + 1,
        summary: `Domain ${domain.name} settings: ${diff.map((d) => d.key).join(', ') || 'no change'}`,
        changes: diff,
      });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetId: domain.id,
        before,
        after: { settings: after, revision },
        outcome: 'SUCCESS',
      });
      return { revision, version: input.expectedVersion + 1 };
    });
    if ('conflict' in result) {
      throw await conflictError(
        deps.prisma,
        { scope: 'domain', target: domain.name },
        input.expectedVersion,
        result.conflict ?? 0,
      );
    }
    return afterCommit(result);
  });
}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}
