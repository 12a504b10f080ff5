import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';

import { callerAs, collectOnce, createTestDeps } from '../../test/db';
import { PROBE_OUTCOME } from '../services/nodes/probe-node';
import { startAgentProcess, type RunningAgent } from '../../test/agents';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agent: RunningAgent;

beforeAll(async () => {
  [deps, agent] = await Promise.all([createTestDeps(), startAgentProcess('int-backend-1')]);
});
afterAll(async () => {
  await agent?.stop();
  await deps?.dispose();
});

async function trpcError(p: Promise<unknown>): Promise<TRPCError & { fieldErrors?: Record<string, string[]> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const fieldErrors =
        e.cause instanceof ZodError
          ? (z.flattenError(e.cause).fieldErrors as Record<string, string[]>)
          : (e.cause as { fieldErrors?: Record<string, string[]> })?.fieldErrors;
      return Object.assign(e, { fieldErrors });
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

function auditRows(action: string) {
  return deps.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { id: 'asc' } });
}

describe('nodes.register', () => {
  it('registers a real agent after probing it, and audits without the token', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const node = await admin.nodes.register({
      name: 'backend-a',
      role: 'BACKEND',
      adminUrl: agent.adminUrl,
      token: agent.token,
      allowPlainHttp: true,
    });
    expect(node.name).toBe('backend-a');
    const stored = await deps.db.prisma.node.findUniqueOrThrow({ where: { id: node.id } });
    expect(stored.tokenEnc).not.toContain(agent.token);
    expect(deps.secrets.open(stored.tokenEnc)).toBe(agent.token);
    const [entry] = (await auditRows('node.register')).filter((e) => e.targetId === node.id);
    expect(entry).toMatchObject({ outcome: 'SUCCESS', actorRole: 'SERVER_ADMIN', sourceIp: '127.0.0.9' });
    expect(JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      agent.token,
    );
  });

  it('gives field errors for invalid input and writes nothing', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const before = await deps.db.prisma.node.count();
    const err = await trpcError(
      admin.nodes.register({ name: '-bad name-', role: 'BACKEND', adminUrl: 'ftp://x', token: 'short' }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(await deps.db.prisma.node.count()).toBe(before);
  });

  it('refuses a duplicate name on the name field', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const err = await trpcError(
      admin.nodes.register({
        name: 'backend-a',
        role: 'BACKEND',
        adminUrl: agent.adminUrl,
        token: agent.token,
        allowPlainHttp: true,
      }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.fieldErrors?.name?.[0]).toMatch(/already registered/);
  });

  it('explains an unreachable node and a wrong token on the right fields, and audits the failure', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const unreachable = await trpcError(
      admin.nodes.register({
        name: 'ghost',
        role: 'BACKEND',
        adminUrl: 'http://127.0.0.1:9',
        token: 'x'.repeat(32),
        allowPlainHttp: true,
      }),
    );
    expect(unreachable.code).toBe('BAD_REQUEST');
    expect(unreachable.fieldErrors?.adminUrl?.[0]).toBe(PROBE_OUTCOME.noAnswer);
    const wrongToken = await trpcError(
      admin.nodes.register({
        name: 'wrong-token',
        role: 'BACKEND',
        adminUrl: agent.adminUrl,
        token: 'y'.repeat(32),
        allowPlainHttp: true,
      }),
    );
    expect(wrongToken.fieldErrors?.token?.[0]).toMatch(/token/i);
    const wrongRole = await trpcError(
      admin.nodes.register({
        name: 'wrong-role',
        role: 'FRONTEND',
        adminUrl: agent.adminUrl,
        token: agent.token,
        allowPlainHttp: true,
      }),
    );
    expect(wrongRole.fieldErrors?.role?.[0]).toMatch(/reports role "backend"/);
    const failures = (await auditRows('node.register')).filter((e) => e.outcome === 'FAILURE');
    expect(failures.map((f) => f.targetName)).toEqual(expect.arrayContaining(['ghost', 'wrong-token', 'wrong-role']));
  });
});

describe('nodes.test (Test connection)', () => {
  const base = { role: 'BACKEND' as const, token: 'z'.repeat(32), allowPlainHttp: true };

  it('audits each test, STARTED then its outcome, without the token', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const ok = await admin.nodes.test({
      role: 'BACKEND',
      adminUrl: agent.adminUrl,
      token: agent.token,
      allowPlainHttp: true,
    });
    expect(ok.info?.role).toBe('backend');
    await trpcError(admin.nodes.test({ ...base, adminUrl: 'http://127.0.0.1:9' }));
    const rows = await auditRows('node.test');
    expect(rows.map((r) => r.outcome)).toEqual(['STARTED', 'SUCCESS', 'STARTED', 'FAILURE']);
    expect(rows[1]).toMatchObject({ actorRole: 'SERVER_ADMIN', targetName: agent.adminUrl });
    expect(rows[3]?.error).toBe(PROBE_OUTCOME.noAnswer);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      agent.token,
    );
  });

  it('allows 10 failed attempts a minute per user, then answers TOO_MANY_REQUESTS (audited)', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    // Attempts that reach a node agent are free: an operator registering a fleet is never slowed.
    for (let i = 0; i < 12; i++) {
      await expect(
        admin.nodes.test({ role: 'BACKEND', adminUrl: agent.adminUrl, token: agent.token, allowPlainHttp: true }),
      ).resolves.toMatchObject({ ok: true });
    }
    for (let i = 0; i < 10; i++) {
      expect((await trpcError(admin.nodes.test({ ...base, adminUrl: 'http://127.0.0.1:9' }))).code).toBe('BAD_REQUEST');
    }
    const limited = await trpcError(admin.nodes.test({ ...base, adminUrl: 'http://127.0.0.1:9' }));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.message).toMatch(/At most 10 node connection attempts a minute/);
    expect((await auditRows('node.test')).at(-1)).toMatchObject({ outcome: 'FAILURE', error: limited.message });
    // Registration counts against the same allowance; another user is not affected.
    const reg = admin.nodes.register({ ...base, name: 'limited', adminUrl: agent.adminUrl });
    expect((await trpcError(reg)).code).toBe('TOO_MANY_REQUESTS');
    const other = await callerAs(deps, 'SERVER_ADMIN');
    await expect(
      other.nodes.test({ role: 'BACKEND', adminUrl: agent.adminUrl, token: agent.token, allowPlainHttp: true }),
    ).resolves.toMatchObject({ ok: true });
  });

  it.each([
    'http://2130706433:8010',
    'http://0x7f000001:8010',
    'http://0x7f.0.0.1:8010',
    'http://017700000001:8010',
    'http://127.1:8010',
    'http://admin:pw@127.0.0.1:8010',
    'http://127.0.0.1:8010/admin',
    'http://127.0.0.1:8010/?x',
    'http://127.0.0.1:8010/#x',
    'gopher://127.0.0.1:8010',
  ])('refuses %s for test and register before connecting', async (adminUrl) => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const tested = await trpcError(admin.nodes.test({ ...base, adminUrl }));
    expect(tested.code).toBe('BAD_REQUEST');
    expect(tested.fieldErrors?.adminUrl?.length).toBeGreaterThan(0);
    const registered = await trpcError(admin.nodes.register({ ...base, name: 'odd-url', adminUrl }));
    expect(registered.fieldErrors?.adminUrl?.length).toBeGreaterThan(0);
  });

  it('refuses addresses outside CC_NODE_NETWORKS, names by every address they resolve to', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const good = { role: 'BACKEND' as const, adminUrl: agent.adminUrl, token: agent.token, allowPlainHttp: true };
    const port = new URL(agent.adminUrl).port;
    process.env.CC_NODE_NETWORKS = '10.0.0.0/8, fd00::/8';
    try {
      for (const adminUrl of [agent.adminUrl, `http://localhost:${port}`]) {
        const err = await trpcError(admin.nodes.test({ ...good, adminUrl }));
        expect(err.fieldErrors?.adminUrl?.[0]).toMatch(/outside the networks nodes may be in \(CC_NODE_NETWORKS/);
      }
      const reg = await trpcError(admin.nodes.register({ ...good, name: 'outside' }));
      expect(reg.fieldErrors?.adminUrl?.[0]).toMatch(/CC_NODE_NETWORKS/);
      process.env.CC_NODE_NETWORKS = '127.0.0.0/8';
      await expect(admin.nodes.test(good)).resolves.toMatchObject({ ok: true });
    } finally {
      delete process.env.CC_NODE_NETWORKS;
    }
  });

  it('never echoes what a foreign server on loopback says, nor tells its status apart', async () => {
    const secret = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG';
    const answers: Array<[number, string, string]> = [
      [200, 'text/plain', `${secret}\n`],
      [200, 'application/json', JSON.stringify({ secret })],
      [500, 'text/html', `<h1>${secret}</h1>`],
      [401, 'text/plain', secret],
      [302, 'text/plain', secret],
    ];
    let next = 0;
    const server = http.createServer((_req, res) => {
      const [status, type, body] = answers[next++ % answers.length]!;
      res.writeHead(status, { 'content-type': type, location: `http://internal/${secret}` });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const adminUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const admin = await callerAs(deps, 'SERVER_ADMIN');
      for (let i = 0; i < answers.length; i++) {
        const err = await trpcError(admin.nodes.test({ ...base, adminUrl }));
        expect(err.fieldErrors).toEqual({ adminUrl: [PROBE_OUTCOME.notAnAgent] });
        expect(err.message).toBe(PROBE_OUTCOME.notAnAgent);
      }
      const rows = await auditRows('node.test');
      expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
        'wJalrXUtnFEMI',
      );
    } finally {
      server.close();
    }
  });
});

describe('access', () => {
  it('answers 401 without a session and 403 for roles without the scope (audited as DENIED)', async () => {
    const anonymous = await callerAs(deps, null);
    expect((await trpcError(anonymous.nodes.list({}))).code).toBe('UNAUTHORIZED');
    const auditor = await callerAs(deps, 'AUDITOR');
    await expect(auditor.nodes.list({})).resolves.toBeTruthy();
    const denied = await trpcError(
      auditor.nodes.register({
        name: 'x1',
        role: 'BACKEND',
        adminUrl: agent.adminUrl,
        token: agent.token,
        allowPlainHttp: true,
      }),
    );
    expect(denied.code).toBe('FORBIDDEN');
    expect((await auditRows('nodes.register')).at(-1)).toMatchObject({ outcome: 'DENIED', actorRole: 'AUDITOR' });
    const domainAdmin = await callerAs(deps, 'DOMAIN_ADMIN');
    expect((await trpcError(domainAdmin.nodes.list({}))).code).toBe('FORBIDDEN');
    expect((await trpcError(domainAdmin.cluster.overview())).code).toBe('FORBIDDEN');
  });

  it('returns 404 for a node that does not exist', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const err = await trpcError(admin.nodes.get({ id: '00000000-0000-4000-8000-000000000000' }));
    expect(err.code).toBe('NOT_FOUND');
  });
});

describe('collector and the Single Service Image', () => {
  it('shows a polled node as live with its load, then Down within 3 s of its death', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const victim = await startAgentProcess('int-frontend-1', 'frontend');
    const node = await admin.nodes.register({
      name: 'frontend-a',
      role: 'FRONTEND',
      adminUrl: victim.adminUrl,
      token: victim.token,
      allowPlainHttp: true,
    });
    await collectOnce(deps);

    const live = await admin.nodes.get({ id: node.id });
    expect(live.state).toBe('ready');
    expect(live.clusterRole).toBe('none');
    expect(live.listeners.length).toBeGreaterThan(0);
    const overview = await admin.cluster.overview();
    expect(overview.nodes).toBe(2);
    expect(overview.sessions.total).toBeGreaterThanOrEqual(live.sessions.total);

    await victim.stop();
    const killedAt = Date.now();
    await collectOnce(deps);
    const afterFailure = await admin.nodes.get({ id: node.id });
    expect(afterFailure.lastError).toMatch(/refused|reach/i);
    await new Promise((r) => setTimeout(r, Math.max(0, 3100 - (Date.now() - killedAt))));
    await deps.db.prisma.collectorLease.update({ where: { id: 1 }, data: { heartbeatAt: new Date() } });
    const dead = await admin.nodes.get({ id: node.id });
    expect(dead.state).toBe('down');
    expect(dead.sessions.total).toBe(0);

    const page = await admin.nodes.list({ search: 'frontend', pageSize: 10 });
    expect(page.items.map((n) => n.name)).toEqual(['frontend-a']);
    expect((await admin.nodes.history({ id: node.id, minutes: 5 })).points.length).toBeGreaterThan(0);
    await admin.nodes.remove({ id: node.id });
    expect((await auditRows('node.remove')).at(-1)).toMatchObject({ outcome: 'SUCCESS', targetName: 'frontend-a' });
  });

  it('shows every node Unknown when the collector has stopped heartbeating', async () => {
    const auditor = await callerAs(deps, 'AUDITOR');
    await deps.db.prisma.collectorLease.update({
      where: { id: 1 },
      data: { heartbeatAt: new Date(Date.now() - 60_000) },
    });
    const page = await auditor.nodes.list({});
    expect(page.collector.alive).toBe(false);
    expect(page.items.every((n) => n.state === 'unknown')).toBe(true);
  });
});

describe('audit log', () => {
  it('refuses to change or delete entries', async () => {
    await expect(deps.db.sql.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(deps.db.sql.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});
