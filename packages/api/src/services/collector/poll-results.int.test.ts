import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NodeInfo, NodeStatus } from '@cc/node-api';

import { createTestDeps } from '../../../test/db';
import { saveFailures, saveSamples, saveSuccesses, type PollSuccess } from './poll-results';

const info: NodeInfo = {
  apiVersion: 'v1',
  id: '6f1c2a5e-8a1b-4c3d-9e2f-0a1b2c3d4e5f',
  name: 'be-1',
  role: 'backend',
  softwareVersion: '1.2.3',
  startedAt: '2026-01-02T03:04:05.678Z',
  capabilities: ['metrics'],
  driver: 'simulated',
  unsupported: [{ feature: 'upgrade', reason: 'not here' }],
};

const status = (observedAt: string, readiness: NodeStatus['readiness'] = 'ready'): NodeStatus => ({
  observedAt,
  readiness,
  clusterRole: 'controller',
  drain: readiness === 'draining' ? { sessionsAtStart: 9, sessionsRemaining: 4 } : null,
  load: {
    cpuPercent: 37.5,
    memory: { usedBytes: 1_073_741_824, totalBytes: 8_589_934_592 },
    sessions: { imap: 12, pop: 1, smtp: 3, http: 2 },
    accountsOpen: 15,
  },
  listeners: [{ protocol: 'admin', port: 4001, open: true }],
  peers: [],
  config: { revision: 7, appliedAt: '2026-01-02T03:04:06.000Z' },
});

describe('collector writes (one JSON parameter per statement)', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  const ids: string[] = [];
  beforeAll(async () => {
    deps = await createTestDeps();
    for (const name of ['be-1', 'be-2']) {
      const node = await deps.db.prisma.node.create({
        data: { name, role: 'BACKEND', adminUrl: 'http://127.0.0.1:1', tokenEnc: 'x' },
      });
      ids.push(node.id);
    }
  });
  afterAll(() => deps?.dispose());

  const read = (nodeId: string) => deps.db.prisma.nodeStatus.findUniqueOrThrow({ where: { nodeId } });

  it('stores every column of a report, times in UTC, and clears an earlier failure', async () => {
    await saveFailures(deps.db.sql, [
      { nodeId: ids[0]!, at: new Date('2026-01-02T03:04:00.000Z'), error: 'timed out' },
    ]);
    expect(await read(ids[0]!)).toMatchObject({ lastError: 'timed out', failures: 1 });
    const at = new Date('2026-01-02T03:05:01.234Z');
    const rows: PollSuccess[] = ids.map((nodeId) => ({
      nodeId,
      at,
      info,
      status: status('2026-01-02T03:05:00.000Z', 'draining'),
    }));
    await saveSuccesses(deps.db.sql, rows);
    expect(await read(ids[0]!)).toMatchObject({
      lastSeenAt: at,
      lastAttemptAt: at,
      observedAt: new Date('2026-01-02T03:05:00.000Z'),
      startedAt: new Date(info.startedAt),
      agentId: info.id,
      softwareVersion: '1.2.3',
      readiness: 'draining',
      clusterRole: 'controller',
      drainAtStart: 9,
      drainRemaining: 4,
      cpuPercent: 37.5,
      memUsedBytes: 1_073_741_824,
      sessionsImap: 12,
      sessionsTotal: 18,
      accountsOpen: 15,
      queueTotal: null,
      listeners: [{ protocol: 'admin', port: 4001, open: true }],
      capabilities: ['metrics', { feature: 'upgrade', reason: 'not here' }, { driver: 'simulated' }],
      configRevision: 7n,
      lastError: null,
      failures: 0,
    });
  });

  it('never replaces a report with one the node observed earlier', async () => {
    const later = new Date('2026-01-02T03:06:00.000Z');
    await saveSuccesses(deps.db.sql, [
      { nodeId: ids[1]!, at: later, info, status: status('2026-01-02T03:04:00.000Z') },
    ]);
    expect(await read(ids[1]!)).toMatchObject({
      readiness: 'draining',
      lastSeenAt: new Date('2026-01-02T03:05:01.234Z'),
    });
  });

  it('stores the mail queue of a report that has one, and null for one that has none', async () => {
    const queued = { ...status('2026-01-02T03:05:30.000Z'), queue: { active: 4, deferred: 3, total: 7 } };
    await saveSuccesses(deps.db.sql, [
      { nodeId: ids[0]!, at: new Date('2026-01-02T03:05:31.000Z'), info, status: queued },
    ]);
    expect(await read(ids[0]!)).toMatchObject({ queueActive: 4, queueDeferred: 3, queueTotal: 7 });
    await saveSuccesses(deps.db.sql, [
      { nodeId: ids[0]!, at: new Date('2026-01-02T03:05:41.000Z'), info, status: status('2026-01-02T03:05:40.000Z') },
    ]);
    expect(await read(ids[0]!)).toMatchObject({ queueActive: null, queueDeferred: null, queueTotal: null });
  });

  it('counts failures and writes load samples', async () => {
    const at = new Date('2026-01-02T03:07:00.000Z');
    await saveFailures(deps.db.sql, [{ nodeId: ids[1]!, at, error: 'refused' }]);
    await saveFailures(deps.db.sql, [{ nodeId: ids[1]!, at, error: 'refused again' }]);
    expect(await read(ids[1]!)).toMatchObject({ lastError: 'refused again', failures: 2, lastAttemptAt: at });
    await saveSamples(deps.db.sql, [{ nodeId: ids[0]!, at, info, status: status('2026-01-02T03:06:59.000Z') }]);
    const samples = await deps.db.prisma.nodeLoadSample.findMany({ where: { nodeId: ids[0]! } });
    expect(samples).toEqual([
      expect.objectContaining({
        at,
        cpuPercent: 37.5,
        memUsedBytes: 1_073_741_824,
        sessionsTotal: 18,
        accountsOpen: 15,
      }),
    ]);
  });
});
