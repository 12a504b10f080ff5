// The sizing planner's starting figures come from the live cluster, not from a made-up site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../test/db';
import { callError } from '../../test/errors';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;

beforeAll(async () => {
  deps = await createTestDeps();
  const prisma = deps.db.prisma;
  for (const [domain, count] of [
    ['big.example', 3],
    ['small.example', 1],
  ] as const) {
    const { id } = await prisma.sharedDomain.create({ data: { name: domain } });
    await prisma.mailAccount.createMany({
      data: Array.from({ length: count }, (_, i) => ({ domainId: id, name: `user${i}`, passwordHash: 'x' })),
    });
  }
}, 60_000);

afterAll(async () => {
  await deps?.dispose();
});

describe('cluster.sizingBaseline', () => {
  it('counts accounts, the largest domain, nodes and storage', async () => {
    const auditor = await callerAs(deps, 'AUDITOR');
    const empty = await auditor.cluster.sizingBaseline();
    expect(empty).toMatchObject({ accounts: 4, largestDomainAccounts: 3, nodes: 0, storage: null });
    expect(empty.sessions.total).toBe(0);

    // A node reporting its mail file system: storage is what the nodes report, summed.
    for (const [name, used] of [
      ['sb-backend-1', 2e9],
      ['sb-backend-2', 3e9],
    ] as const) {
      await deps.db.prisma.node.create({
        data: {
          name,
          role: 'BACKEND',
          adminUrl: 'http://127.0.0.1:1',
          tokenEnc: 'x',
          status: { create: { diskUsedBytes: used, diskTotalBytes: 10e9 } },
        },
      });
    }
    const live = await auditor.cluster.sizingBaseline();
    expect(live).toMatchObject({ nodes: 2, backends: 2, frontends: 0, storage: { usedBytes: 5e9, totalBytes: 20e9 } });
  });

  it('is for those who may read the cluster', async () => {
    const domainAdmin = await callerAs(deps, 'DOMAIN_ADMIN');
    expect((await callError(domainAdmin.cluster.sizingBaseline())).code).toBe('FORBIDDEN');
    const anonymous = await callerAs(deps, null);
    expect((await callError(anonymous.cluster.sizingBaseline())).code).toBe('UNAUTHORIZED');
  });
});
