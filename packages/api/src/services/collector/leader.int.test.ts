import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '@cc/db';

import { createTestDeps } from '../../../test/db';
import { SecretBox } from '../secrets/secret-box';
import { runCollectorWhenLeader } from './leader';

// Leadership is between processes sharing one PostgreSQL server; PGlite has a single process by design.
describe.skipIf(!process.env.DATABASE_URL)('collector leadership (PostgreSQL)', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  let second: Database;
  beforeAll(async () => {
    deps = await createTestDeps();
    // A second "console process": its own pools and connections to the same database.
    const url = await deps.db.sql.query<{ db: string }>('SELECT current_database() AS db');
    const target = new URL(process.env.DATABASE_URL!);
    target.pathname = `/${url[0]!.db}`;
    second = await openDatabase({ url: target.toString(), migrate: false });
  });
  afterAll(async () => {
    await second?.close();
    await deps?.dispose();
  });

  it('runs exactly one collector, and another process takes over when the leader goes', async () => {
    const secrets = new SecretBox(randomBytes(32));
    const a = runCollectorWhenLeader({ db: deps.db, secrets, retryMs: 200, heartbeatMs: 200 });
    await waitFor(() => a.isLeader());
    const b = runCollectorWhenLeader({ db: second, secrets, retryMs: 200, heartbeatMs: 200 });
    await new Promise((r) => setTimeout(r, 800));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.stop();
    await waitFor(() => b.isLeader());
    const lease = await deps.db.prisma.collectorLease.findUniqueOrThrow({ where: { id: 1 } });
    expect(Date.now() - lease.heartbeatAt.getTime()).toBeLessThan(2000);
    await b.stop();
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
