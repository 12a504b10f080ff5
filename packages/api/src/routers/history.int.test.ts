import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../test/db';
import { callError } from '../../test/errors';
import { SYSTEM_ACTOR, writeAudit } from '../services/audit/write-audit';
import { maintainHistory } from '../services/history/rollup';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let a: string;
let b: string;
const MIN = 60_000;

/** Raw samples every 2 s over [from, to): node A at cpu 10/30 alternating, node B at 80. */
async function seedRaw(nodeId: string, from: number, to: number, cpu: (i: number) => number) {
  const rows = [];
  for (let t = from, i = 0; t < to; t += 2000, i++) {
    rows.push({
      nodeId,
      at: new Date(t),
      cpuPercent: cpu(i),
      memUsedBytes: 2e9,
      memTotalBytes: 8e9,
      sessionsTotal: 10,
      sessionsImap: 6,
      sessionsPop: 1,
      sessionsSmtp: 2,
      sessionsHttp: 1,
      accountsOpen: 4,
      queueTotal: i % 2 ? 3 : null,
    });
  }
  await deps.db.prisma.nodeLoadSample.createMany({ data: rows });
}

const lastBucket = (resolution: number) =>
  deps.db.prisma.nodeLoadRollup.findFirstOrThrow({ where: { nodeId: a, resolution }, orderBy: { at: 'desc' } });
const rollupCount = async (resolution: number) =>
  deps.db.prisma.nodeLoadRollup.count({ where: { nodeId: a, resolution } });

beforeAll(async () => {
  deps = await createTestDeps();
  const node = (name: string) =>
    deps.db.prisma.node.create({
      data: { name, role: 'BACKEND', adminUrl: 'http://127.0.0.1:9', tokenEnc: deps.secrets.seal('token-0123456789') },
    });
  [a, b] = [(await node('hist-a')).id, (await node('hist-b')).id];
}, 60_000);
afterAll(() => deps?.dispose());

describe('load history tiers', () => {
  it('rolls raw samples up into 1- and 10-minute buckets, idempotently, and prunes each tier by age', async () => {
    const now = Math.floor(Date.now() / (10 * MIN)) * 10 * MIN + 30_000;
    await seedRaw(a, now - 25 * MIN, now, (i) => (i % 2 ? 30 : 10));
    await seedRaw(b, now - 25 * MIN, now, () => 80);
    // Raw samples from 3 h ago are past the raw tier's retention.
    await seedRaw(a, now - 180 * MIN, now - 179 * MIN, () => 50);
    await maintainHistory(deps.db.sql, now);
    const minutes = await rollupCount(60);
    // 25 closed minutes (the current one is still open); the 3 h old raw minute is dropped, not rolled up.
    expect(minutes).toBe(25);
    expect(await lastBucket(60)).toMatchObject({
      samples: 30,
      cpuMin: 10,
      cpuAvg: 20,
      cpuMax: 30,
      sessionsImap: 6,
      queueMax: 3,
    });
    // 10-minute buckets wait for their last minute: the three closed ones before `now` (the first partial).
    expect(await rollupCount(600)).toBe(3);
    const ten = await lastBucket(600);
    expect(ten).toMatchObject({ samples: 300, cpuAvg: 20, cpuMax: 30, accountsMax: 4 });
    expect(ten.queueAvg).toBeCloseTo(3);
    expect(await deps.db.prisma.nodeLoadSample.count({ where: { at: { lt: new Date(now - 120 * MIN) } } })).toBe(0);

    // A second pass (another leader after a restart) changes nothing.
    await maintainHistory(deps.db.sql, now);
    expect([await rollupCount(60), await rollupCount(600)]).toEqual([25, 3]);
    expect(await lastBucket(600)).toMatchObject({ samples: 300 });

    // A day later, the 1-minute tier is gone and the 10-minute one stays.
    await maintainHistory(deps.db.sql, now + 25 * 60 * MIN);
    expect(await rollupCount(60)).toBe(0);
    expect(await rollupCount(600)).toBe(3);
  });

  it('reads the tier that keeps a range under about a thousand points', async () => {
    await deps.db.prisma.nodeLoadSample.deleteMany({});
    await deps.db.prisma.nodeLoadRollup.deleteMany({});
    const now = Date.now();
    await seedRaw(a, now - 20 * MIN, now, () => 25);
    await seedRaw(b, now - 20 * MIN, now, () => 75);
    await maintainHistory(deps.db.sql, now);
    // Seven days of 10-minute buckets, straight into the table.
    await deps.db.sql.query(
      `INSERT INTO node_load_rollup ("nodeId", resolution, at, samples, "cpuMin", "cpuAvg", "cpuMax", "memUsedMin",
         "memUsedAvg", "memUsedMax", "memTotalBytes", "sessionsMin", "sessionsAvg", "sessionsMax", "sessionsImap",
         "sessionsPop", "sessionsSmtp", "sessionsHttp", "accountsAvg", "accountsMax")
       SELECT $1, 600, g, 300, 5, 40, 90, 1e9, 2e9, 3e9, 8e9, 1, 10, 20, 6, 1, 2, 1, 4, 5
       FROM generate_series(date_bin('10 minutes', $2::timestamp - interval '7 days', TIMESTAMP '1970-01-01'),
         $2::timestamp - interval '20 minutes', interval '10 minutes') g
       ON CONFLICT DO NOTHING`,
      [a, new Date(now).toISOString()],
    );
    const admin = await callerAs(deps, 'SERVER_ADMIN');

    const raw = await admin.nodes.history({ id: a, minutes: 15 });
    expect(raw.resolution).toBe(0);
    expect(raw.points.length).toBeGreaterThanOrEqual(440);
    expect(raw.points[0]).toMatchObject({ cpu: 25, imap: 6, memTotal: 8e9 });

    const hour = await admin.nodes.history({ id: a, minutes: 60 });
    expect(hour.resolution).toBe(60);
    expect(hour.points.length).toBeGreaterThanOrEqual(19);
    expect(hour.points.length).toBeLessThanOrEqual(21);

    const week = await admin.nodes.history({ id: a, minutes: 7 * 24 * 60 });
    expect(week.resolution).toBe(600);
    expect(week.points.length).toBeGreaterThan(1000);
    expect(week.points.length).toBeLessThanOrEqual(1010);
    expect(week.points[0]).toMatchObject({ cpu: 40, cpuMax: 90, sessionsMax: 20 });

    // Cluster-wide: sums across nodes, CPU as a spread (A at 25, B at 75).
    const cluster = await admin.cluster.history({ minutes: 15 });
    const full = cluster.points.filter((p) => p.nodes === 2);
    expect(full.length).toBeGreaterThan(60);
    expect(full[1]).toMatchObject({ imap: 12, accounts: 8, cpuMin: 25, cpuMedian: 50, cpuMax: 75, memMedian: 25 });
  });

  it('keeps cluster history from domain administrators and bounds the range', async () => {
    const domainAdmin = await callerAs(deps, 'DOMAIN_ADMIN');
    expect((await callError(domainAdmin.nodes.history({ id: a, minutes: 15 }))).code).toBe('FORBIDDEN');
    expect((await callError(domainAdmin.cluster.history({ minutes: 15 }))).code).toBe('FORBIDDEN');
    expect((await callError(domainAdmin.cluster.timeline({}))).code).toBe('FORBIDDEN');
    const auditor = await callerAs(deps, 'AUDITOR');
    expect((await callError(auditor.nodes.history({ id: a, minutes: 7 * 24 * 60 + 1 }))).code).toBe('BAD_REQUEST');
    const missing = callError(auditor.nodes.history({ id: '00000000-0000-4000-8000-000000000000', minutes: 15 }));
    expect((await missing).code).toBe('NOT_FOUND');
    expect((await callError((await callerAs(deps, null)).cluster.history({}))).code).toBe('UNAUTHORIZED');
  });

  it('puts readiness changes, nodes going Down and back, and configuration passes on the timeline', async () => {
    const entry = { targetType: 'node', targetId: a, targetName: 'hist-a' };
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { ...entry, action: 'node.make-non-ready', outcome: 'SUCCESS' });
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { ...entry, action: 'accounts.create', outcome: 'SUCCESS' });
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, {
      action: 'config.push',
      targetType: 'config-revision',
      targetId: '7',
      outcome: 'STARTED',
    });
    const down = new Date(Date.now() - 60_000);
    await deps.db.prisma.healthFinding.create({
      data: {
        kind: 'node_down',
        severity: 'critical',
        key: `node_down:${b}`,
        subjects: [{ type: 'node', id: b, name: 'hist-b' }],
        openedAt: down,
        closedAt: new Date(down.getTime() + 30_000),
        summary: 'Node hist-b is Down',
        explanation: '-',
        suggestedAction: '-',
      },
    });
    const events = await (await callerAs(deps, 'AUDITOR')).cluster.timeline({ hours: 1 });
    expect(events.map((e) => e.text)).toEqual([
      'hist-a made Non-Ready by system',
      'hist-b is back up',
      'hist-b went Down',
    ]);
    expect(events[2]).toMatchObject({ severity: 'critical', href: `/nodes/${b}` });
  });
});
