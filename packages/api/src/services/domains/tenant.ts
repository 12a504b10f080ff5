import type { Prisma } from '@cc/db';

/**
 * Which shared domains the caller may see. Tenant-bound roles (domain administrators) carry their
 * domain ids, and every query adds them to its `where`: another domain's objects are never loaded,
 * so they answer "not found" exactly like objects that do not exist.
 */
export type DomainScope = { readonly all: true } | { readonly all: false; readonly ids: readonly string[] };

export const ALL_DOMAINS: DomainScope = { all: true };

export function domainWhere(scope: DomainScope): Prisma.SharedDomainWhereInput {
  return scope.all ? {} : { id: { in: [...scope.ids] } };
}

export function accountWhere(scope: DomainScope): Prisma.MailAccountWhereInput {
  return scope.all ? {} : { domainId: { in: [...scope.ids] } };
}
