import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDeps } from '../../../test/db';
import { listAccounts } from './accounts';
import { seedDomains, seedMany, seedPlan } from './seed';
import { ALL_DOMAINS, type DomainScope } from './tenant';

// "name@domain-prefix" searches resolve the domain prefix to ids first (see domainsByPrefix).
describe('account search by "name@domain prefix"', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    await seedDomains(
      deps.db.prisma,
      [
        { name: 'alpha.example', accounts: 12 },
        { name: 'alps.example', accounts: 3 },
        { name: 'beta.example', accounts: 12 },
      ],
      'seed-password-123',
    );
  });
  afterAll(() => deps?.dispose());

  const addresses = async (search: string, scope: DomainScope = ALL_DOMAINS) => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAccounts(deps.db.prisma, scope, { search, limit: 5, cursor });
      all.push(...page.items.map((a) => a.address));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };

  it('finds the accounts of every domain starting with the prefix, in name order, page by page', async () => {
    const found = await addresses('user1@alp');
    // Names in byte order; one name in several domains comes in domain id order.
    expect(found.map((a) => a.split('@')[0])).toEqual(['user1', 'user1', 'user10', 'user11', 'user12']);
    expect(found.slice().sort()).toEqual([
      'user10@alpha.example',
      'user11@alpha.example',
      'user12@alpha.example',
      'user1@alpha.example',
      'user1@alps.example',
    ]);
    expect(await addresses('USER2@BETA')).toEqual(['user2@beta.example']);
  });

  it('answers at once when no domain starts with the prefix', async () => {
    expect(await addresses('user1@nosuch')).toEqual([]);
  });

  it('stays inside a domain administrator’s domains', async () => {
    const beta = await deps.db.prisma.sharedDomain.findUniqueOrThrow({ where: { name: 'beta.example' } });
    expect(await addresses('user3@', { all: false, ids: [beta.id] })).toEqual(['user3@beta.example']);
    expect(await addresses('user3@alp', { all: false, ids: [beta.id] })).toEqual([]);
  });

  it('filters by join when very many domains match, with the same answer', async () => {
    await seedMany(deps.db.prisma, {
      domains: 210,
      accounts: 210,
      suffix: 'many.example',
      password: 'seed-password-123',
    });
    const found = await addresses('user1@d');
    expect(found).toHaveLength(210);
    expect(found.every((a) => a.startsWith('user1@d') && a.endsWith('.many.example'))).toBe(true);
  });
});

// Issue 24: pages in natural order (user2 before user10), whoever wrote the rows (seedDomains inserts
// by raw SQL; the key is computed by the database).
describe('natural order', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    await seedDomains(deps.db.prisma, [{ name: 'nat.example', accounts: 25 }], 'seed-password-123');
  });
  afterAll(() => deps?.dispose());

  const pages = async (domain?: string) => {
    const names: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listAccounts(deps.db.prisma, ALL_DOMAINS, { domain, limit: 10, cursor });
      names.push(page.items.map((a) => a.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return names;
  };
  const users = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `user${from + i}`);

  it('pages user1..user10, user11..user20, user21..user25, in one domain and across domains', async () => {
    const expected = [users(1, 10), users(11, 20), users(21, 25)];
    expect(await pages('nat.example')).toEqual(expected);
    expect(await pages()).toEqual(expected);
  });

  it('sorts a renamed account by its new name; leading zeros and equal keys keep a stable order', async () => {
    const { prisma } = deps.db;
    await prisma.mailAccount.update({ where: { id: (await byName('user25')).id }, data: { name: 'user3a' } });
    await prisma.mailAccount.update({ where: { id: (await byName('user24')).id }, data: { name: 'user003' } });
    // A write of the key itself is overwritten from the name.
    await prisma.mailAccount.update({ where: { id: (await byName('user1')).id }, data: { sortKey: 'zzz' } });
    const all = (await pages()).flat();
    expect(all.slice(0, 5)).toEqual(['user1', 'user2', 'user003', 'user3', 'user3a']);
    expect(all.at(-1)).toBe('user23');
    expect(all).toHaveLength(25);
  });

  it('refuses a page link from before natural order with the usual field error', async () => {
    const old = Buffer.from(JSON.stringify(['user10', 'some-domain-id'])).toString('base64url');
    await expect(listAccounts(deps.db.prisma, ALL_DOMAINS, { limit: 10, cursor: old })).rejects.toMatchObject({
      message: expect.stringMatching(/not valid any more/),
    });
  });

  const byName = (name: string) => deps.db.prisma.mailAccount.findFirstOrThrow({ where: { name } });
});

describe('seedMany', () => {
  it('spreads the accounts over the domains, the first ones taking the remainder', () => {
    expect(seedPlan({ domains: 3, accounts: 10, suffix: 's.example' })).toEqual([
      { name: 'd1.s.example', accounts: 4 },
      { name: 'd2.s.example', accounts: 3 },
      { name: 'd3.s.example', accounts: 3 },
    ]);
  });
});
