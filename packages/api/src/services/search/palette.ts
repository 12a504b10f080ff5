import type { PrismaClient } from '@cc/db';
import { can, type Role } from '@cc/permissions';

import { accountWhere, domainWhere, type DomainScope } from '../domains/tenant';

/** Enough candidates per kind for the palette to rank; it shows the best few. */
const PER_KIND = 8;

export interface PaletteHits {
  nodes: { id: string; name: string; role: string }[];
  domains: { name: string }[];
  accounts: { address: string; domain: string; name: string }[];
}

/**
 * Nodes, domains and accounts whose names contain what was typed, for the command palette. Nodes
 * only for roles that see the cluster; domains and accounts only in the caller's domains (the
 * tenant is in every where, so a domain administrator never gets another domain's names). Accounts
 * match by prefix (their names are byte-ordered, so that stays an index range on 100,000 rows);
 * "name@dom" narrows to accounts in domains starting with "dom".
 */
export async function paletteSearch(
  prisma: PrismaClient,
  role: Role,
  scope: DomainScope,
  query: string,
): Promise<PaletteHits> {
  const q = query.trim().toLowerCase();
  const [local, domainPart] = q.includes('@') ? q.split('@', 2) : [q, undefined];
  const [nodes, domains, accounts] = await Promise.all([
    can(role, 'cluster:read')
      ? prisma.node.findMany({
          where: { name: { contains: q, mode: 'insensitive' } },
          orderBy: { name: 'asc' },
          take: PER_KIND,
          select: { id: true, name: true, role: true },
        })
      : [],
    can(role, 'domains:read')
      ? prisma.sharedDomain.findMany({
          where: { ...domainWhere(scope), name: { contains: domainPart ?? q } },
          orderBy: { name: 'asc' },
          take: PER_KIND,
          select: { name: true },
        })
      : [],
    can(role, 'domains:read') && local
      ? prisma.mailAccount.findMany({
          where: {
            ...accountWhere(scope),
            name: { startsWith: local },
            ...(domainPart && { domain: { name: { startsWith: domainPart } } }),
          },
          // Natural order (user2 before user10), as in the accounts list.
          orderBy: [{ sortKey: 'asc' }, { name: 'asc' }],
          take: PER_KIND,
          select: { name: true, domain: { select: { name: true } } },
        })
      : [],
  ]);
  return {
    nodes,
    domains,
    accounts: accounts.map((a) => ({ name: a.name, domain: a.domain.name, address: `${a.name}@${a.domain.name}` })),
  };
}
