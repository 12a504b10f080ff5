// Bulk creation of shared domains and accounts for demos and benchmarks:
// one INSERT ... SELECT generate_series per domain, so a million accounts
// take seconds, not hours. Every account gets the same (hashed) password.
import type { PrismaClient } from '@cc/db';

import { SYSTEM_ACTOR, writeAudit } from '../audit/write-audit';
import { hashMailPassword } from './password';
import { afterCommit, recordRevision } from './revisions';

export interface SeedDomain {
  name: string;
  /** Accounts named `${prefix}1` … `${prefix}${accounts}`. */
  accounts: number;
  prefix?: string;
  settings?: Record<string, string | number | boolean>;
}

/** Creates the domains that do not exist yet, with their accounts; returns how many accounts were added. */
export async function seedDomains(prisma: PrismaClient, domains: SeedDomain[], password: string) {
  const hash = await hashMailPassword(password);
  let accounts = 0;
  const created: string[] = [];
  const result = await prisma.$transaction(
    async (tx) => {
      for (const d of domains) {
        const exists = await tx.sharedDomain.findUnique({ where: { name: d.name }, select: { id: true } });
        if (exists) continue;
        const domain = await tx.sharedDomain.create({ data: { name: d.name, settings: d.settings ?? {} } });
        if (d.accounts > 0) {
          accounts += await tx.$executeRaw`
            INSERT INTO mail_account (id, "domainId", name, "passwordHash", "updatedAt")
            SELECT gen_random_uuid()::text, ${domain.id}, ${d.prefix ?? 'user'} || g, ${hash}, now()
            FROM generate_series(1, ${d.accounts}::int) AS g`;
        }
        created.push(d.name);
      }
      if (created.length === 0) return null;
      const revision = await recordRevision(tx, SYSTEM_ACTOR, {
        scope: 'cluster',
        domain: null,
        target: 'seed',
        version: 0,
        summary: `Seeded ${created.length} domain(s) with ${accounts} account(s)`,
        resetAccounts: true,
      });
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: 'domains.seed',
        targetType: 'domain',
        targetName: created.slice(0, 20).join(', '),
        after: { domains: created.length, accounts, revision },
        outcome: 'SUCCESS',
      });
      return { revision };
    },
    { timeout: 10 * 60_000 },
  );
  if (result) afterCommit(result);
  return { domains: created.length, accounts };
}
