// Bulk creation of shared domains and accounts for demos and benchmarks:
// one INSERT ... SELECT generate_series per domain, so a million accounts
// take seconds, not hours. Every account gets the same password, hashed once
// ({BLF-CRYPT}, which the mail servers verify).
// `npm run seed` (scripts/seed.mjs) drives seedMany: 100 domains, 1,000,000 accounts.
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

const hashes = new Map<string, Promise<string>>();

/** Every seeded account shares one password: bcrypt it once per process, not once per call. */
function sharedHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashMailPassword(password)));
  return hash;
}

/** Creates the domains that do not exist yet, with their accounts; returns how many accounts were added. */
export async function seedDomains(
  prisma: PrismaClient,
  domains: SeedDomain[],
  password: string,
  hash?: string,
): Promise<{ domains: number; accounts: number }> {
  hash ??= await sharedHash(password);
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

export interface SeedManyInput {
  /** Domains `d1.<suffix>` … `d<domains>.<suffix>`. */
  domains: number;
  /** Spread evenly over the domains (the first ones take the remainder): `user1` … in each. */
  accounts: number;
  suffix: string;
  password: string;
  /** Accounts per transaction (whole domains); default 100,000, which PGlite writes comfortably. */
  batchAccounts?: number;
  /** After each committed batch, e.g. to report progress or checkpoint PGlite (see scripts/seed.mjs). */
  onBatch?: (done: { domains: number; accounts: number; skipped: number }) => void | Promise<void>;
}

/** Domain names and account counts of a seedMany run, in order. */
export function seedPlan(input: Pick<SeedManyInput, 'domains' | 'accounts' | 'suffix'>): SeedDomain[] {
  const per = Math.floor(input.accounts / input.domains);
  const extra = input.accounts % input.domains;
  return Array.from({ length: input.domains }, (_, i) => ({
    name: `d${i + 1}.${input.suffix}`,
    accounts: per + (i < extra ? 1 : 0),
  }));
}

/**
 * Many domains and accounts in batches of whole domains, each batch one transaction with its own
 * revision and audit entry (seedDomains). Idempotent: domains that exist are left alone, so a run cut
 * short is completed by running it again; it never adds accounts to an existing domain.
 */
export async function seedMany(prisma: PrismaClient, input: SeedManyInput) {
  const plan = seedPlan(input);
  const batchAccounts = input.batchAccounts ?? 100_000;
  const hash = await sharedHash(input.password);
  const done = { domains: 0, accounts: 0, skipped: 0 };
  for (let i = 0; i < plan.length;) {
    const batch: SeedDomain[] = [];
    let size = 0;
    while (i < plan.length && (batch.length === 0 || size + plan[i]!.accounts <= batchAccounts)) {
      size += plan[i]!.accounts;
      batch.push(plan[i++]!);
    }
    const seeded = await seedDomains(prisma, batch, input.password, hash);
    done.domains += seeded.domains;
    done.accounts += seeded.accounts;
    done.skipped += batch.length - seeded.domains;
    await input.onBatch?.({ ...done });
  }
  // Fresh statistics, so the first searches already get index plans, and a visibility map, so they can
  // answer from the indexes alone instead of every later query paying for the bulk load's cleanup.
  if (done.accounts > 0) await prisma.$executeRawUnsafe('VACUUM (ANALYZE) mail_account, shared_domain');
  return done;
}
