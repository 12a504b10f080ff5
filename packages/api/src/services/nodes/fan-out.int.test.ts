// The fan-out against real agents: one over pinned HTTPS, one over plain HTTP, then one stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../../test/db';
import { SYSTEM_ACTOR } from '../audit/write-audit';
import { auditedBatch, fanOut, selectNodes } from './fan-out';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
let agents: RunningAgent[];

beforeAll(async () => {
  [deps, ...agents] = await Promise.all([
    createTestDeps(),
    startAgentProcess('fo-backend-1', 'backend', [], { tls: true }),
    startAgentProcess('fo-backend-2', 'backend'),
  ]);
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  for (const a of agents) {
    await admin.nodes.register({
      name: a.name,
      role: 'BACKEND',
      adminUrl: a.adminUrl,
      token: a.token,
      ...(a.fingerprint256 ? { tlsFingerprint: a.fingerprint256 } : { allowPlainHttp: true }),
    });
  }
  await collectOnce(deps);
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
});

const opts = () => ({ prisma: deps.db.prisma, secrets: deps.secrets, timeoutMs: 2000 });
const audit = (action: string) => ({
  actor: SYSTEM_ACTOR,
  entry: (n: { id: string; name: string }) => ({ action, targetType: 'node', targetId: n.id, targetName: n.name }),
  started: () => ({ asked: true }),
  success: (_n: unknown, v: { readiness: string }) => ({ readiness: v.readiness }),
});
const trail = (action: string) =>
  deps.db.prisma.auditEvent.findMany({
    where: { action },
    orderBy: { id: 'asc' },
    select: { outcome: true, targetName: true, after: true, error: true },
  });

describe('fan-out against real agents', () => {
  it('calls every live node (pinned TLS and plain HTTP) and audits STARTED for all before any SUCCESS', async () => {
    const targets = await selectNodes(deps.db.prisma, {});
    expect(targets.map((t) => [t.name, t.state])).toEqual([
      ['fo-backend-1', 'ready'],
      ['fo-backend-2', 'ready'],
    ]);
    const results = await fanOut(targets, (c) => c.setReadiness(true), {
      ...opts(),
      idempotent: true,
      audit: audit('test.fan-out'),
    });
    expect(results.map((r) => r.ok && r.value.readiness)).toEqual(['ready', 'ready']);
    const rows = await trail('test.fan-out');
    expect(rows.map((r) => r.outcome)).toEqual(['STARTED', 'STARTED', 'SUCCESS', 'SUCCESS']);
    expect(rows[2]!.after).toEqual({ readiness: 'ready' });
  });

  it('types a stopped node as unreachable (FAILURE on record), and skips it once the console says Down', async () => {
    await agents[1]!.stop();
    const targets = await selectNodes(deps.db.prisma, { role: 'BACKEND' });
    const [up, gone] = await fanOut(targets, (c) => c.status(), {
      ...opts(),
      idempotent: true,
      audit: audit('test.fan-out-2'),
    });
    expect(up).toMatchObject({ ok: true, attempts: 1 });
    expect(gone).toMatchObject({
      ok: false,
      attempts: 2,
      reason: { kind: 'unreachable', message: expect.stringMatching(/refused/) },
    });
    const failed = (await trail('test.fan-out-2')).filter((r) => r.outcome === 'FAILURE');
    expect(failed).toMatchObject([{ targetName: 'fo-backend-2', error: expect.stringMatching(/refused/) }]);

    await deps.db.prisma.nodeStatus.updateMany({
      where: { node: { name: 'fo-backend-2' } },
      data: { lastSeenAt: new Date(Date.now() - 60_000) },
    });
    const again = await selectNodes(deps.db.prisma, {});
    expect(again.map((t) => t.state)).toEqual(['ready', 'down']);
    const skipped = await fanOut(again, (c) => c.status(), opts());
    expect(skipped[1]).toMatchObject({ ok: false, attempts: 0, reason: { kind: 'skipped-down' } });
  });

  it('keeps one STARTED and one closing entry for a batch, with what the caller commits', async () => {
    const targets = await selectNodes(deps.db.prisma, {});
    const { result: results } = await auditedBatch(
      deps.db.prisma,
      {
        actor: SYSTEM_ACTOR,
        entry: { action: 'test.batch', targetType: 'cluster' },
        started: { nodes: targets.map((t) => t.name) },
        close: (rs: Awaited<ReturnType<typeof fanOut<unknown>>>) => ({
          after: { ok: rs.filter((r) => r.ok).length },
          error: rs.some((r) => !r.ok) ? 'some did not answer' : null,
        }),
      },
      () => fanOut(targets, (c) => c.status(), opts()),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect((await trail('test.batch')).map((r) => [r.outcome, r.after])).toEqual([
      ['STARTED', { nodes: ['fo-backend-1', 'fo-backend-2'] }],
      ['FAILURE', { ok: 1 }],
    ]);
  });

  it('refuses a selection naming a node that does not exist', async () => {
    await expect(selectNodes(deps.db.prisma, { ids: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
