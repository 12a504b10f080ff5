import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDeps } from '../../../test/db';
import { leaseGaps } from './timeline';
import { UpgradeWorker } from './worker';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps?.dispose());

describe('upgrade worker: taking a run over', () => {
  it('records how long nobody held the lease when it resumes a run mid-node', async () => {
    const prisma = deps.db.prisma;
    const leaseMs = 10_000;
    // A console died 4 s after its last renewal's lease ran out: 14 s without a worker.
    const run = await prisma.upgradeRun.create({
      data: {
        targetVersion: '2.0.0',
        state: 'running',
        drainDeadlineSeconds: 60,
        deadlineAction: 'wait',
        startedAt: new Date(Date.now() - 30_000),
        leaseOwner: 'dead-console:1:aaaaaa',
        leaseUntil: new Date(Date.now() - 4000),
        steps: {
          create: {
            position: 0,
            nodeId: 'gone',
            nodeName: 'backend-1',
            nodeRole: 'BACKEND',
            phase: 'checking',
            phaseStartedAt: new Date(Date.now() - 20_000),
          },
        },
      },
    });
    const worker = new UpgradeWorker({ prisma, secrets: deps.secrets, leaseMs });
    await worker.tick();
    const events = await prisma.upgradeEvent.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' } });
    const gaps = leaseGaps(events);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.to - gaps[0]!.from).toBeGreaterThanOrEqual(13_500);
    expect(gaps[0]!.to - gaps[0]!.from).toBeLessThan(16_000);
    expect(events[0]!.message).toContain('dead-console:1:aaaaaa');
    // Nothing more is recorded on the next tick.
    await worker.tick();
    expect(leaseGaps(await prisma.upgradeEvent.findMany({ where: { runId: run.id } }))).toHaveLength(1);
  });
});
