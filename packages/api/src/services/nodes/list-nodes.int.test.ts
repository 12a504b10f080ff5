import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createTestDeps } from '../../../test/db';
import { changeFeed } from '../../change-feed';
import { transformer } from '../../transformer';
import { clusterOverview } from './cluster-overview';
import { listNodes } from './list-nodes';
import { ilikeContains, readNodesPage, readOverview } from './ssi-snapshot';

// One raw query each (rows, total, lease): checked here against what the console shows.
describe('listNodes and clusterOverview', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  const ago = (ms: number) => new Date(now - ms);
  beforeAll(async () => {
    deps = await createTestDeps();
    const { prisma } = deps.db;
    const node = (name: string, role: 'FRONTEND' | 'BACKEND') =>
      prisma.node.create({
        data: { name, role, adminUrl: `http://127.0.0.1:1/${name}`, tokenEnc: 'x', createdAt: ago(60_000) },
      });
    const report = (nodeId: string, seenMsAgo: number, readiness: string, more: Record<string, unknown> = {}) =>
      prisma.nodeStatus.create({
        data: {
          nodeId,
          lastSeenAt: ago(seenMsAgo),
          readiness,
          clusterRole: 'member',
          softwareVersion: '1.0.0',
          startedAt: ago(3_600_000),
          cpuPercent: 10,
          memUsedBytes: 100,
          memTotalBytes: 1000,
          sessionsImap: 3,
          sessionsPop: 1,
          sessionsSmtp: 2,
          sessionsHttp: 4,
          sessionsTotal: 10,
          accountsOpen: 5,
          ...more,
        },
      });
    const [b1, b2, b3, f1, f2] = await Promise.all([
      node('be-1', 'BACKEND'),
      node('be-2', 'BACKEND'),
      node('be-3', 'BACKEND'),
      node('fe-1', 'FRONTEND'),
      node('fe_2', 'FRONTEND'),
    ]);
    await node('fe-3', 'FRONTEND'); // never heard from
    await report(b1.id, 500, 'ready', { clusterRole: 'controller', cpuPercent: 30 });
    await report(b2.id, 800, 'draining', { clusterRole: 'backup', drainAtStart: 20, drainRemaining: 7 });
    await report(b3.id, 60_000, 'ready', { clusterRole: 'controller' }); // down: its report is history
    await report(f1.id, 100, 'non-ready', { clusterRole: 'none', queueActive: 9, queueDeferred: 3, queueTotal: 12 });
    await report(f2.id, 100, 'starting', { clusterRole: 'none', queueActive: 4, queueDeferred: 1, queueTotal: 5 });
    await prisma.collectorLease.create({ data: { id: 1, holder: 'test', heartbeatAt: ago(1000) } });
  });
  afterAll(() => deps?.dispose());

  it('pages frontends before backends, by name, with the total and each row as the console shows it', async () => {
    const first = await listNodes(deps.db.prisma, { page: 1, pageSize: 4 }, now);
    expect(first.items.map((n) => n.name)).toEqual(['fe-1', 'fe-3', 'fe_2', 'be-1']);
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4, collector: { alive: true, holder: 'test' } });
    const byName = Object.fromEntries(first.items.map((n) => [n.name, n]));
    expect(byName['fe-3']).toMatchObject({ state: 'down', lastSeenAt: null, softwareVersion: null, cpuPercent: null });
    expect(byName['fe-1']).toMatchObject({ state: 'non-ready', queue: { total: 12, deferred: 3 } });
    // A live node's queue only: fe_2's report is not current (state unknown), be-1 has no queue.
    expect(byName['fe_2']?.queue).toBeNull();
    expect(byName['fe_2']).toMatchObject({ state: 'unknown', clusterRole: null, softwareVersion: '1.0.0' });
    expect(byName['be-1']).toMatchObject({
      state: 'ready',
      clusterRole: 'controller',
      lastSeenAt: ago(500).getTime(),
      startedAt: ago(3_600_000).getTime(),
      sessions: { imap: 3, pop: 1, smtp: 2, http: 4, total: 10 },
      accountsOpen: 5,
      cpuPercent: 30,
      memUsedBytes: 100,
      memTotalBytes: 1000,
      drain: null,
      queue: null,
    });
    const second = await listNodes(deps.db.prisma, { page: 2, pageSize: 4 }, now);
    expect(second.items.map((n) => n.name)).toEqual(['be-2', 'be-3']);
    expect(second.items[0]).toMatchObject({ state: 'draining', drain: { atStart: 20, remaining: 7 } });
    expect(second.items[1]).toMatchObject({
      state: 'down',
      clusterRole: null,
      sessions: { total: 0 },
      cpuPercent: null,
    });
    // Past the end: no rows, still the total and the collector.
    expect(await listNodes(deps.db.prisma, { page: 3, pageSize: 4 }, now)).toMatchObject({
      items: [],
      total: 6,
      collector: { alive: true },
    });
  });

  it('filters by role and by name, case-insensitively', async () => {
    const backends = await listNodes(deps.db.prisma, { page: 1, pageSize: 10, role: 'BACKEND' }, now);
    expect(backends.items.map((n) => n.name)).toEqual(['be-1', 'be-2', 'be-3']);
    const found = await listNodes(deps.db.prisma, { page: 1, pageSize: 10, search: 'FE-' }, now);
    expect(found.items.map((n) => n.name)).toEqual(['fe-1', 'fe-3']);
    expect(found.total).toBe(2);
    const none = await listNodes(deps.db.prisma, { page: 1, pageSize: 10, search: 'nothing', role: 'FRONTEND' }, now);
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('totals only the nodes heard from lately, and names the live Controller and Backup', async () => {
    const o = await clusterOverview(deps.db.prisma, now);
    expect(o).toMatchObject({
      nodes: 6,
      frontends: 3,
      backends: 3,
      states: { ready: 1, draining: 1, drained: 0, 'non-ready': 1, unknown: 1, down: 2 },
      sessions: { total: 40, imap: 12, pop: 4, smtp: 8, http: 16 },
      accountsOpen: 20,
      queue: { total: 17, deferred: 4 },
      collector: { alive: true, holder: 'test' },
    });
    expect(o.avgCpuPercent).toBeCloseTo(15);
    expect(o.controller?.name).toBe('be-1');
    expect(o.backup?.name).toBe('be-2');
  });

  it('knows nothing current without a live collector', async () => {
    const later = now + 60_000;
    const o = await clusterOverview(deps.db.prisma, later);
    expect(o).toMatchObject({ collector: { alive: false }, states: { unknown: 6, ready: 0 }, sessions: { total: 0 } });
    expect(o.controller).toBeNull();
    expect(o.queue).toBeNull();
    expect(
      (await listNodes(deps.db.prisma, { page: 1, pageSize: 10 }, later)).items.every((n) => n.state === 'unknown'),
    ).toBe(true);
  });

  it('travels as plain JSON: what the browser receives equals what the service returned', async () => {
    for (const out of [
      await listNodes(deps.db.prisma, { page: 1, pageSize: 10 }, now),
      await clusterOverview(deps.db.prisma, now),
    ]) {
      const sent = transformer.serialize(out);
      expect(sent.meta).toBeUndefined();
      expect(transformer.deserialize(JSON.parse(JSON.stringify(sent)))).toEqual(out);
    }
  });

  // nodes.list, cluster.overview and nodes.watch answer from an in-memory image of the same rows.
  describe('from the in-memory image', () => {
    // Until the notifications flow, reads go to the database (which would make these tests moot).
    beforeAll(() => vi.waitFor(() => expect(changeFeed(deps.db).listening).toBe(true)));
    const inputs = [
      { page: 1, pageSize: 4 },
      { page: 2, pageSize: 4 },
      { page: 3, pageSize: 4 },
      { page: 1, pageSize: 500 },
      { page: 1, pageSize: 10, role: 'BACKEND' as const },
      { page: 1, pageSize: 1, role: 'FRONTEND' as const },
      ...['FE-', 'fe_', 'E-3', '%', '\\_', 'b%2', 'nothing', '-'].map((search) => ({ page: 1, pageSize: 10, search })),
      { page: 1, pageSize: 10, search: 'fe', role: 'FRONTEND' as const },
    ];

    it('answers exactly as the queries do, for every filter, page and moment', async () => {
      for (const at of [now, now - 2_000, now + 2_500, now + 60_000]) {
        for (const input of inputs) {
          expect(await readNodesPage(deps.db, input, at), JSON.stringify(input)).toEqual(
            await listNodes(deps.db.prisma, input, at),
          );
        }
        // The average may differ in its last bits (summed in another order).
        const overview = await readOverview(deps.db, at);
        const expected = await clusterOverview(deps.db.prisma, at);
        expect({ ...overview, avgCpuPercent: 0 }).toEqual({ ...expected, avgCpuPercent: 0 });
        expect(overview.avgCpuPercent).toBeCloseTo(expected.avgCpuPercent);
      }
    });

    it('sees a change committed by anyone at the next read, and is not rebuilt for reads without one', async () => {
      const { prisma } = deps.db;
      await readNodesPage(deps.db, { page: 1, pageSize: 10 }, now);
      const queries = vi.spyOn(prisma, '$queryRaw');
      const reloads = vi.spyOn(deps.db.sql, 'query');
      for (let i = 0; i < 5; i++) await readNodesPage(deps.db, { page: 1, pageSize: 10 }, now);
      await readOverview(deps.db, now);
      expect(reloads).not.toHaveBeenCalled();
      const be1 = await prisma.node.findUniqueOrThrow({ where: { name: 'be-1' } });
      await prisma.nodeStatus.update({ where: { nodeId: be1.id }, data: { sessionsImap: 30, sessionsTotal: 37 } });
      try {
        const page = await readNodesPage(deps.db, { page: 1, pageSize: 10, role: 'BACKEND' }, now);
        expect(page.items[0]).toMatchObject({ name: 'be-1', sessions: { imap: 30, total: 37 } });
        expect((await readOverview(deps.db, now)).sessions.total).toBe(67);
        expect(reloads).toHaveBeenCalledTimes(1); // one reload for both reads
        expect(queries).not.toHaveBeenCalled(); // and never the queries
      } finally {
        queries.mockRestore();
        reloads.mockRestore();
        await prisma.nodeStatus.update({ where: { nodeId: be1.id }, data: { sessionsImap: 3, sessionsTotal: 10 } });
      }
    });

    it('matches names as ILIKE does', () => {
      expect(['fe-1', 'fe_2', 'be-3'].filter(ilikeContains('E_'))).toEqual(['fe-1', 'fe_2', 'be-3']);
      expect(['fe-1', 'fe_2'].filter(ilikeContains('e\\_'))).toEqual(['fe_2']);
      expect(['a.b', 'axb'].filter(ilikeContains('a.b'))).toEqual(['a.b']);
      expect(['100%', '100'].filter(ilikeContains('0\\%'))).toEqual(['100%']);
    });
  });
});
