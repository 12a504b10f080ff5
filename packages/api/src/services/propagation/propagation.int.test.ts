import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { createNodeClient } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDomains } from '../domains/seed';
import { startAgentProcess, type RunningAgent } from '../../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../../test/db';
import { Reconciler } from './reconciler';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
let agents: RunningAgent[];
let reconciler: Reconciler;
// backend-3 keeps its data directory and token across a restart.
const keptDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-prop-kept-'));

const client = (a: RunningAgent) => createNodeClient({ baseUrl: a.adminUrl, token: a.token });
const quotaDefaults = async () => (await admin.settings.clusterDefaults()).find((f) => f.family === 'account')!;

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  agents = await Promise.all([
    startAgentProcess('pr-backend-1', 'backend', ['--seed=7']),
    startAgentProcess('pr-backend-2', 'backend', ['--seed=8']),
    startAgentProcess('pr-backend-3', 'backend', [`--data-dir=${keptDir}`]),
  ]);
  for (const a of agents) {
    await admin.nodes.register({
      name: a.name,
      role: 'BACKEND',
      adminUrl: a.adminUrl,
      token: a.token,
      allowPlainHttp: true,
    });
  }
  await seedDomains(deps.db.prisma, [{ name: 'example.com', accounts: 1000 }], 'seed-password-123');
  reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets, timeoutMs: 2000 });
  await collectOnce(deps);
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
  fs.rmSync(keptDir, { recursive: true, force: true });
});

describe('settings propagation', () => {
  it('pushes a committed change to every node, which reports it applied', async () => {
    const { revision } = await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await quotaDefaults()).version,
      changes: { mailboxQuotaMB: 4096 },
    });
    const pushed = await reconciler.reconcile();
    expect(pushed.map((p) => p.ok)).toEqual([true, true, true]);
    for (const a of agents) {
      const config = await client(a).getConfig();
      expect(config.revision).toBe(Number(revision));
      expect(config.defaults.account).toEqual({ mailboxQuotaMB: 4096 });
      expect(config.domains.map((d) => d.name)).toEqual(['example.com']);
    }
    await collectOnce(deps);
    const status = await admin.config.status({ revision });
    expect(status.overall).toMatchObject({ applied: 3, total: 3, lagging: [] });
    expect(status.revision).toMatchObject({ id: revision, applied: 3, total: 3 });
    // Nothing left to do: a second pass pushes nothing.
    expect(await reconciler.reconcile()).toEqual([]);
  });

  it('names a node that is down as lagging, and it catches up on its return without anyone acting', async () => {
    const [, , third] = agents as [RunningAgent, RunningAgent, RunningAgent];
    await third.stop();
    await collectOnce(deps);
    // The collector's verdict after 3 s of silence, without waiting for it.
    await deps.db.prisma.nodeStatus.updateMany({
      where: { node: { name: third.name } },
      data: { lastSeenAt: new Date(Date.now() - 10_000) },
    });
    const { revision } = await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await quotaDefaults()).version,
      changes: { mailboxQuotaMB: 8192 },
    });
    expect((await reconciler.reconcile()).map((p) => p.node).sort()).toEqual(['pr-backend-1', 'pr-backend-2']);
    await collectOnce(deps);
    const lagging = await admin.config.status({ revision });
    expect(lagging.revision).toMatchObject({ applied: 2, total: 3 });
    expect(lagging.revision?.lagging).toEqual([
      expect.objectContaining({ name: 'pr-backend-3', state: 'down', reason: expect.stringMatching(/^down since/) }),
    ]);

    // Same data directory, token and port: the node comes back with the revision it had.
    const port = new URL(third.adminUrl).port;
    const restarted = await startAgentProcess('pr-backend-3', 'backend', [
      `--data-dir=${keptDir}`,
      `--token=${third.token}`, // the last --token wins
      `--admin-port=${port}`,
    ]);
    const back = { ...restarted, token: third.token };
    agents[2] = back;
    expect((await client(back).getConfig()).revision).toBeLessThan(Number(revision));
    await collectOnce(deps);
    expect((await reconciler.reconcile()).map((p) => p.node)).toEqual(['pr-backend-3']);
    expect((await client(back).getConfig()).defaults.account).toEqual({ mailboxQuotaMB: 8192 });
    await collectOnce(deps);
    expect((await admin.config.status({ revision })).revision).toMatchObject({ applied: 3, lagging: [] });
  });

  it('loses nothing when the process that committed dies before pushing: any reconciler finds it', async () => {
    const account = await admin.accounts.get({ address: 'user5@example.com' });
    const { revision } = await admin.accounts.updateSettings({
      address: 'user5@example.com',
      expectedVersion: account.version,
      changes: { imapEnabled: false },
    });
    // A brand-new reconciler (another console process, or this one restarted) knows only the database.
    const fresh = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
    expect(await fresh.reconcile()).toHaveLength(3);
    for (const a of agents) {
      const config = await client(a).getConfig();
      expect(config.revision).toBe(Number(revision));
      // Account-level changes travel with the revision: the node holding the account has them at once.
      expect(config.accounts).toContainEqual(
        expect.objectContaining({ address: 'user5@example.com', settings: { imapEnabled: false }, enabled: true }),
      );
    }
  });

  it('shows where an account is open and ends its sessions on every node', async () => {
    // The simulated backends open sessions for user1..user1000@example.com; find one that is open.
    let open: string | undefined;
    for (let n = 1; n <= 60 && !open; n += 20) {
      const batch = Array.from({ length: 20 }, (_, i) => `user${n + i}@example.com`);
      const res = await client(agents[0]!).accountSessions(batch);
      open = res.accounts[0]?.address;
    }
    expect(open).toBeDefined();
    const where = await admin.accounts.where({ address: open! });
    if (where.detail !== 'nodes') throw new Error('a server administrator sees each node');
    expect(where.openOn.map((o) => o.node.name)).toContain('pr-backend-1');
    const ended = await admin.accounts.endSessions({ address: open! });
    expect(ended.ended).toBeGreaterThan(0);
    expect(ended.nodesAsked).toBe(3);
    expect((await admin.accounts.where({ address: open! })).nodesOpen).toBe(0);
    const audit = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'accounts.endSessions', targetName: open! },
      orderBy: { id: 'desc' }, // the outcome entry, after the one written before the nodes were asked
    });
    expect(audit?.outcome).toBe('SUCCESS');
  });

  it('pushes later revisions past an object that cannot be sent, and says what was left out', async () => {
    // A domain alert whose expiry the database holds but JavaScript cannot represent (bypassing input checks).
    const good = await admin.alerts.post({ scope: 'domain', domain: 'example.com', text: 'Maintenance tonight' });
    const bad = await admin.alerts.post({ scope: 'domain', domain: 'example.com', text: 'Poisoned' });
    await deps.db.prisma.$executeRaw`
      UPDATE cluster_alert SET "expiresAt" = '275760-09-13T00:00:00Z'::timestamp WHERE id = ${bad.id}`;
    const { revision } = await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await quotaDefaults()).version,
      changes: { mailboxQuotaMB: 16384 },
    });
    await collectOnce(deps);
    const pushed = await reconciler.reconcile();
    expect(pushed.map((p) => p.ok)).toEqual([true, true, true]);
    for (const a of agents) {
      const config = await client(a).getConfig();
      expect(config.revision).toBe(Number(revision));
      expect(config.defaults.account).toEqual({ mailboxQuotaMB: 16384 });
      const held = (await client(a).alerts()).alerts.map((x) => x.id);
      expect(held).toContain(good.id);
      expect(held).not.toContain(bad.id);
    }
    // Reported: once in the audit log, and with the propagation status.
    const failures = await deps.db.prisma.auditEvent.findMany({
      where: { action: 'config.push', targetType: 'alert', targetId: bad.id, outcome: 'FAILURE' },
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error).toMatch(/Invalid time value/);
    await collectOnce(deps);
    const status = await admin.config.status({ revision });
    expect(status.revision).toMatchObject({ applied: 3, total: 3 });
    expect(status.leftOut).toEqual([expect.stringContaining(`alert ${bad.id}`)]);

    // Still not blocking: the next revision goes out too, and the failure is not audited again.
    const next = await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await quotaDefaults()).version,
      changes: { mailboxQuotaMB: 32768 },
    });
    expect((await reconciler.reconcile()).map((p) => p.ok)).toEqual([true, true, true]);
    expect((await client(agents[0]!).getConfig()).revision).toBe(Number(next.revision));
    expect(
      await deps.db.prisma.auditEvent.count({ where: { targetId: bad.id, action: 'config.push', outcome: 'FAILURE' } }),
    ).toBe(1);
    await deps.db.prisma.$executeRaw`UPDATE cluster_alert SET "expiresAt" = NULL WHERE id = ${bad.id}`;
  });

  it('tries the next revision at once on a node that refused the previous one, and keeps pushing to the others', async () => {
    // A node that answers 400 to its first configuration, then applies whatever comes.
    const puts: number[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        // An agent from before account staging: the console sends the snapshot alone.
        if (req.url === '/v1/config/accounts') {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 'not-found', message: 'no such route' } }));
          return;
        }
        const { revision } = JSON.parse(body) as { revision: number };
        puts.push(revision);
        res.setHeader('content-type', 'application/json');
        if (puts.length === 1) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: { code: 'bad-request', message: 'refused this revision' } }));
        } else res.end(JSON.stringify({ revision, changed: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const fake = await deps.db.prisma.node.create({
      data: {
        name: 'pr-refusing',
        role: 'BACKEND',
        adminUrl: `http://127.0.0.1:${port}`,
        tokenEnc: deps.secrets.seal('fake-token'),
        status: { create: { lastSeenAt: new Date() } },
      },
    });
    try {
      const change = (mailboxQuotaMB: number) =>
        quotaDefaults().then((d) =>
          admin.settings.updateClusterDefaults({
            family: 'account',
            expectedVersion: d.version,
            changes: { mailboxQuotaMB },
          }),
        );
      const first = await change(1024);
      const one = await reconciler.reconcile();
      expect(one.find((p) => p.node === 'pr-refusing')).toMatchObject({ ok: false, error: /refused this revision/ });
      expect(one.filter((p) => p.ok)).toHaveLength(3);
      expect(puts).toEqual([Number(first.revision)]);

      // No backoff wait for a newer revision: it is offered at once, to the refusing node as well.
      const second = await change(2048);
      const two = await reconciler.reconcile();
      expect(two.map((p) => p.ok)).toEqual([true, true, true, true]);
      expect(puts).toEqual([Number(first.revision), Number(second.revision)]);
      for (const a of agents) expect((await client(a).getConfig()).revision).toBe(Number(second.revision));
    } finally {
      await deps.db.prisma.node.delete({ where: { id: fake.id } });
      server.close();
    }
  });
});
