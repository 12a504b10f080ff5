import { createNodeClient } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDomains } from '../services/domains/seed';
import { Reconciler } from '../services/propagation/reconciler';
import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, collectOnce, createTestDeps, domainAdminCaller } from '../../test/db';
import { callError } from '../../test/errors';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let deps: Deps;
let admin: Caller;
let dora: Caller; // domain administrator of example.com
let agents: RunningAgent[];
let reconciler: Reconciler;

const alertCount = () => deps.db.prisma.clusterAlert.count();
const client = (a: RunningAgent) => createNodeClient({ baseUrl: a.adminUrl, token: a.token });

beforeAll(async () => {
  [deps, ...agents] = await Promise.all([
    createTestDeps(),
    startAgentProcess('al-backend-1', 'backend', ['--seed=3']),
    startAgentProcess('al-frontend-1', 'frontend'),
  ]);
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(
    deps.db.prisma,
    [
      { name: 'example.com', accounts: 1000 },
      { name: 'example.net', accounts: 5 },
    ],
    'seed-password-123',
  );
  dora = await domainAdminCaller(deps, ['example.com']);
  for (const a of agents) {
    const role = a.role === 'backend' ? 'BACKEND' : 'FRONTEND';
    await admin.nodes.register({ name: a.name, role, adminUrl: a.adminUrl, token: a.token, allowPlainHttp: true });
  }
  reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
  await collectOnce(deps);
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
});

describe('cluster alerts', () => {
  it('posts a cluster-wide alert, delivers it to every node, shows it to open accounts, and removes it', async () => {
    const posted = await admin.alerts.post({
      scope: 'cluster',
      text: 'Maintenance tonight 22:00 UTC',
      severity: 'warning',
    });
    expect((await admin.alerts.list({ status: 'active' })).map((a) => a.id)).toContain(posted.id);
    expect((await admin.alerts.forAccount({ address: 'user1@example.net' })).map((a) => a.id)).toContain(posted.id);

    expect((await reconciler.reconcile()).every((p) => p.ok)).toBe(true);
    await collectOnce(deps);
    await new Promise((r) => setTimeout(r, 1200)); // one agent tick: open accounts see it
    const delivery = await admin.alerts.delivery({ id: posted.id });
    expect(delivery).toMatchObject({ total: 2, delivered: 2 });
    expect(delivery.shownTo).toBeGreaterThan(0);
    expect(delivery.nodes.find((n) => n.name === 'al-backend-1')?.shownTo).toBeGreaterThan(0);
    expect(delivery.nodes.find((n) => n.name === 'al-frontend-1')?.shownTo).toBe(0);

    await admin.alerts.remove({ id: posted.id });
    await reconciler.reconcile();
    await collectOnce(deps);
    expect(await admin.alerts.delivery({ id: posted.id })).toMatchObject({ removalApplied: 2 });
    for (const a of agents) expect((await client(a).alerts()).alerts.map((x) => x.id)).not.toContain(posted.id);
    expect((await admin.alerts.list({ status: 'removed' })).map((a) => a.id)).toContain(posted.id);
    const audit = await deps.db.prisma.auditEvent.findMany({ where: { targetId: posted.id }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(['alerts.post:SUCCESS', 'alerts.remove:SUCCESS']);
  });

  it("counts delivery by the nodes' own answers when the collector's last report lags, beside the accounts it is for", async () => {
    const posted = await admin.alerts.post({ scope: 'domain', domain: 'example.net', text: 'Stale report drill' });
    expect((await reconciler.reconcile()).every((p) => p.ok)).toBe(true);
    // No collection after the push: node_status still holds the revision before the alert.
    await new Promise((r) => setTimeout(r, 1200));
    const lagging = await deps.db.prisma.nodeStatus.findMany({ select: { configRevision: true } });
    expect(lagging.every((s) => s.configRevision < BigInt(posted.revision))).toBe(true);
    const delivery = await admin.alerts.delivery({ id: posted.id });
    expect(delivery).toMatchObject({ total: 2, delivered: 2, targeted: 5 });
    expect(delivery.nodes.every((n) => n.delivered)).toBe(true);

    await admin.alerts.remove({ id: posted.id });
    await reconciler.reconcile();
    expect(await admin.alerts.delivery({ id: posted.id })).toMatchObject({ removalApplied: 2 });
    // A domain administrator gets the accounts of their own scope, never the cluster's total.
    const cluster = await admin.alerts.post({ scope: 'cluster', text: 'Count check' });
    expect((await admin.alerts.delivery({ id: cluster.id })).targeted).toBe(1005);
    expect((await dora.alerts.delivery({ id: cluster.id })).targeted).toBeNull();
    await admin.alerts.remove({ id: cluster.id });
    await reconciler.reconcile();
    await collectOnce(deps);
  });

  it('lets a domain administrator post to their domain and accounts only (403 otherwise)', async () => {
    const before = await alertCount();
    for (const input of [
      { scope: 'cluster' as const, text: 'Everyone!' },
      { scope: 'domain' as const, domain: 'example.net', text: 'Not yours' },
      { scope: 'account' as const, address: 'user1@example.net', text: 'Not yours either' },
      { scope: 'domain' as const, domain: 'nonexistent.example', text: 'Does it exist?' },
    ]) {
      expect((await callError(dora.alerts.post(input))).code).toBe('FORBIDDEN');
    }
    expect(await alertCount()).toBe(before);
    const denied = await deps.db.prisma.auditEvent.count({ where: { action: 'alerts.post', outcome: 'DENIED' } });
    expect(denied).toBe(4);

    const own = await dora.alerts.post({
      scope: 'domain',
      domain: 'example.com',
      text: 'Webmail moves to mail.example.com',
    });
    const mine = await dora.alerts.post({
      scope: 'account',
      address: 'user7@example.com',
      text: 'Your quota is nearly full',
    });
    expect((await dora.alerts.forAccount({ address: 'user7@example.com' })).map((a) => a.id)).toEqual(
      expect.arrayContaining([own.id, mine.id]),
    );
    expect((await admin.alerts.forAccount({ address: 'user1@example.net' })).map((a) => a.id)).not.toContain(own.id);

    const other = await admin.alerts.post({ scope: 'domain', domain: 'example.net', text: 'For example.net' });
    const cluster = await admin.alerts.post({ scope: 'cluster', text: 'For everybody' });
    expect((await dora.alerts.list({ status: 'all' })).map((a) => a.id)).not.toContain(other.id);
    expect((await callError(dora.alerts.remove({ id: other.id }))).code).toBe('NOT_FOUND');
    expect((await callError(dora.alerts.remove({ id: cluster.id }))).code).toBe('FORBIDDEN');
    expect((await callError(dora.alerts.delivery({ id: other.id }))).code).toBe('NOT_FOUND');
    // Counts, but no node names, for someone who may not see nodes.
    const seen = await dora.alerts.delivery({ id: own.id });
    expect(seen.total).toBe(2);
    expect(seen.nodes).toEqual([]);
  });

  it('refuses bad input with a clear error and posts nothing', async () => {
    const before = await alertCount();
    const now = Date.now();
    const cases = [
      [{ scope: 'cluster', text: '   ' }, 'text', /Enter the alert text/],
      [{ scope: 'cluster', text: 'x'.repeat(2001) }, 'text', /At most 2000/],
      [{ scope: 'cluster', text: 'bell \u0007' }, 'text', /Control characters/],
      [
        {
          scope: 'cluster',
          text: 'Backwards',
          startsAt: new Date(now + 7200_000),
          expiresAt: new Date(now + 3600_000),
        },
        'expiresAt',
        /after the start/,
      ],
      [{ scope: 'cluster', text: 'Too late', expiresAt: new Date(now - 1000) }, 'expiresAt', /in the past/],
      [{ scope: 'domain', text: 'Where?' }, 'domain', /Enter the domain/],
      [{ scope: 'domain', domain: 'nowhere.example', text: 'Hello' }, 'domain', /No shared domain nowhere.example/],
      [{ scope: 'account', address: 'ghost@example.com', text: 'Hello' }, 'address', /No account ghost@example.com/],
    ] as const;
    for (const [input, field, why] of cases) {
      const err = await callError(admin.alerts.post(input as Parameters<Caller['alerts']['post']>[0]));
      expect(err.code, JSON.stringify(input).slice(0, 80)).toBe('BAD_REQUEST');
      expect(err.fieldErrors[field]?.[0]).toMatch(why);
    }
    expect(await alertCount()).toBe(before);
  });
});
