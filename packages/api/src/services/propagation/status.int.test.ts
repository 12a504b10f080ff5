import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDomains } from '../domains/seed';
import { callerAs, createTestDeps, domainAdminCaller } from '../../../test/db';
import { writePushRecords } from './acks';
import { LAGGING_NAMED } from './status';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
let revision: bigint;

// 30 nodes without agents, their reports and push answers written as the collector and reconciler do.
const NODES = 30;
const name = (i: number) => `st-node-${String(i).padStart(2, '0')}`;

/** A collector heartbeat just now: nodes' states are judged (not "status unknown"). */
const heartbeat = () =>
  deps.db.prisma.collectorLease.upsert({
    where: { id: 1 },
    create: { holder: 'test', heartbeatAt: new Date() },
    update: { heartbeatAt: new Date() },
  });

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(deps.db.prisma, [{ name: 'status.example', accounts: 0 }], 'seed-password-123');
  const defaults = (await admin.settings.clusterDefaults()).find((f) => f.family === 'prefs')!;
  ({ revision } = await admin.settings.updateClusterDefaults({
    family: 'prefs',
    expectedVersion: defaults.version,
    changes: { messagesPerPage: 33 },
  }));
  const ids: string[] = [];
  for (let i = 1; i <= NODES; i++) {
    const node = await deps.db.prisma.node.create({
      data: {
        name: name(i),
        role: 'FRONTEND',
        adminUrl: `http://127.0.0.1:${20000 + i}`,
        tokenEnc: deps.secrets.seal('token'),
        // Nodes 1-2 report the revision; node 30 has not been heard from for a minute.
        status: {
          create: {
            lastSeenAt: new Date(Date.now() - (i === NODES ? 60_000 : 0)),
            configRevision: i <= 2 ? revision : 0n,
            readiness: 'ready',
          },
        },
      },
    });
    ids.push(node.id);
  }
  // Node 3 acknowledged the push (its report predates it); node 4's push failed.
  await writePushRecords(deps.db.prisma, [
    { nodeId: ids[2]!, revision, at: new Date(), ok: true, error: null },
    { nodeId: ids[3]!, revision, at: new Date(), ok: false, error: 'connection refused' },
  ]);
});
afterAll(async () => {
  await deps?.dispose();
});

describe('config.status at scale', () => {
  it('counts every node, names the first lagging ones with their reasons and counts the rest', async () => {
    await heartbeat();
    const status = await admin.config.status({ revision });
    expect(status.desired).toBe(revision);
    for (const progress of [status.overall, status.revision!]) {
      // Reported (1, 2) and acknowledged (3) count as applied.
      expect(progress).toMatchObject({ applied: 3, total: NODES });
      expect(progress.lagging).toHaveLength(LAGGING_NAMED);
      expect(progress.lagging.map((n) => n.name)).toEqual(Array.from({ length: LAGGING_NAMED }, (_, i) => name(i + 4)));
    }
    expect(status.overall.lagging[0]).toMatchObject({
      name: name(4),
      state: 'ready',
      applied: 0n,
      reason: 'push failed: connection refused',
    });
    expect(status.overall.lagging[1]).toMatchObject({ name: name(5), reason: 'applying' });
  });

  it('says why a node that is down lags', async () => {
    const down = await deps.db.prisma.node.findFirstOrThrow({ where: { name: name(NODES) } });
    await deps.db.prisma.node.update({ where: { id: down.id }, data: { name: 'st-node-00' } });
    try {
      await heartbeat();
      const { overall } = await admin.config.status({});
      expect(overall.lagging[0]).toMatchObject({
        name: 'st-node-00',
        state: 'down',
        reason: expect.stringMatching(/^down since \d\d:\d\d:\d\d UTC; catches up when it returns$/),
      });
    } finally {
      await deps.db.prisma.node.update({ where: { id: down.id }, data: { name: name(NODES) } });
    }
  });

  it('gives a domain administrator the counts without node names', async () => {
    const domainAdmin = await domainAdminCaller(deps, ['status.example']);
    const status = await domainAdmin.config.status({});
    expect(status.overall).toMatchObject({ applied: 3, total: NODES, lagging: [] });
  });
});
