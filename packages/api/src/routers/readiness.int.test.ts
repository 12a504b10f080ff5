import net from 'node:net';

import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agents: RunningAgent[];
const ids: Record<string, string> = {};

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

function tcpConnect(port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('error', () => resolve('refused'));
  });
}

beforeAll(async () => {
  // Long sessions: the backends stay Draining for the whole test.
  const slow = ['--mean-session-ms=600000'];
  [deps, ...agents] = await Promise.all([
    createTestDeps(),
    startAgentProcess('rd-backend-1', 'backend', slow),
    startAgentProcess('rd-backend-2', 'backend', slow),
    startAgentProcess('rd-frontend-1', 'frontend'),
  ]);
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  for (const a of agents) {
    const node = await admin.nodes.register({
      name: a.name,
      role: a.role === 'backend' ? 'BACKEND' : 'FRONTEND',
      adminUrl: a.adminUrl,
      token: a.token,
      allowPlainHttp: true,
    });
    ids[a.name] = node.id;
  }
  await new Promise((r) => setTimeout(r, 1500)); // let sessions arrive
  await collectOnce(deps);
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
});

describe('Make Non-Ready / Make Ready', () => {
  it('previews what will happen: sessions and accounts on the node, no warning for one of two backends', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const preview = await operator.nodes.readinessPreview({ ids: [ids['rd-backend-1']!], ready: false });
    expect(preview.nodes[0]).toMatchObject({ name: 'rd-backend-1', state: 'ready' });
    expect(preview.sessions).toBe(preview.nodes[0]!.sessions);
    expect(preview.warnings).toEqual([]);
  });

  it('drains a backend through its admin API and records what the node answered', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const res = await operator.nodes.setReadiness({
      ids: [ids['rd-backend-1']!],
      ready: false,
      drainDeadlineMinutes: 5,
    });
    expect(res.failed).toBe(0);
    expect(res.results[0]).toMatchObject({ ok: true, readiness: expect.stringMatching(/draining|drained/) });
    const node = await operator.nodes.get({ id: ids['rd-backend-1']! });
    expect(node.state).toMatch(/draining|drained/);
    expect(node.drainDeadline).toBeGreaterThan(Date.now() + 4 * 60_000);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'node.make-non-ready' },
      orderBy: { id: 'desc' },
    });
    expect(entry).toMatchObject({ outcome: 'SUCCESS', actorRole: 'CLUSTER_OPERATOR', targetName: 'rd-backend-1' });
    expect(entry.before).toEqual({ state: 'ready' });
  });

  it('needs an override with a reason to withdraw the last Ready backend while another drains', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const input = { ids: [ids['rd-backend-2']!], ready: false };
    const preview = await operator.nodes.readinessPreview(input);
    expect(preview.warnings.map((w) => w.code).sort()).toEqual(['concurrent-drain', 'last-ready-backend']);
    const refused = await failure(operator.nodes.setReadiness(input));
    expect(refused.code).toBe('CONFLICT');
    expect((await operator.nodes.get({ id: ids['rd-backend-2']! })).state).toBe('ready');

    const res = await operator.nodes.setReadiness({ ...input, reason: 'storage maintenance, INC-42' });
    expect(res.failed).toBe(0);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'node.make-non-ready', targetName: 'rd-backend-2' },
      orderBy: { id: 'desc' },
    });
    expect(entry.after).toMatchObject({
      reason: 'storage maintenance, INC-42',
      override: ['last-ready-backend', 'concurrent-drain'],
    });
  });

  it('makes several nodes Ready at once, idempotently, and clears the drain deadline', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const both = [ids['rd-backend-1']!, ids['rd-backend-2']!];
    for (let i = 0; i < 2; i++) {
      const res = await operator.nodes.setReadiness({ ids: both, ready: true });
      expect(res.results.map((r) => r.ok && r.readiness)).toEqual(['ready', 'ready']);
    }
    expect((await operator.nodes.get({ id: both[0]! })).drainDeadline).toBeNull();
  });

  it('closes a frontend client port at once and reopens it', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const id = ids['rd-frontend-1']!;
    const imap = (await operator.nodes.get({ id })).listeners.find((l) => l.protocol === 'imap')!;
    expect(await tcpConnect(imap.port)).toBe('open');
    await operator.nodes.setReadiness({ ids: [id], ready: false });
    expect(await tcpConnect(imap.port)).toBe('refused');
    expect((await operator.nodes.get({ id })).listeners.find((l) => l.protocol === 'imap')?.open).toBe(false);
    await operator.nodes.setReadiness({ ids: [id], ready: true });
    expect(await tcpConnect(imap.port)).toBe('open');
  });

  it('ends the sessions on a node and audits how many', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const { ended } = await operator.nodes.endSessions({ id: ids['rd-backend-1']! });
    expect(ended).toBeGreaterThanOrEqual(0);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'node.end-sessions' },
      orderBy: { id: 'desc' },
    });
    expect(entry.after).toEqual({ ended });
  });

  it('reports a node that does not answer without changing what the console shows', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const frontend = agents.find((a) => a.name === 'rd-frontend-1')!;
    await frontend.stop();
    const id = ids['rd-frontend-1']!;
    const before = await deps.db.prisma.nodeStatus.findUniqueOrThrow({ where: { nodeId: id } });
    const res = await operator.nodes.setReadiness({ ids: [id], ready: false });
    expect(res.failed).toBe(1);
    expect(res.results[0]).toMatchObject({ ok: false, error: expect.stringMatching(/refused|reach/i) });
    const after = await deps.db.prisma.nodeStatus.findUniqueOrThrow({ where: { nodeId: id } });
    expect(after.readiness).toBe(before.readiness);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'node.make-non-ready', targetName: 'rd-frontend-1' },
      orderBy: { id: 'desc' },
    });
    expect(entry.outcome).toBe('FAILURE');
  });

  it('is refused (403) for auditors and domain administrators, and validates input', async () => {
    for (const role of ['AUDITOR', 'DOMAIN_ADMIN'] as const) {
      const caller = await callerAs(deps, role);
      expect((await failure(caller.nodes.setReadiness({ ids: [ids['rd-backend-1']!], ready: false }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await failure(caller.nodes.endSessions({ id: ids['rd-backend-1']! }))).code).toBe('FORBIDDEN');
    }
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    expect((await failure(operator.nodes.setReadiness({ ids: [], ready: false }))).code).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          operator.nodes.setReadiness({ ids: [ids['rd-backend-1']!], ready: true, drainDeadlineMinutes: 5 }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const missing = await failure(
      operator.nodes.setReadiness({ ids: ['00000000-0000-4000-8000-000000000000'], ready: false }),
    );
    expect(missing.code).toBe('NOT_FOUND');
  });
});
