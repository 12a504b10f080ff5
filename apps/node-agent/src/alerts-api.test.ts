// GET /v1/alerts on real agents: alerts pushed with the configuration, shown
// to the accounts open on the node, removed by a newer revision, kept on disk.
import { createNodeClient, type Alert, type ConfigSnapshot } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agent, CLUSTER_SECRET, tempDir, TOKEN } from './test-helpers';

const client = (baseUrl: string) => createNodeClient({ baseUrl, token: TOKEN });
const alert = (id: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  scope: 'cluster',
  target: null,
  text: `Maintenance ${id}`,
  severity: 'warning',
  postedAt: new Date().toISOString(),
  startsAt: null,
  expiresAt: null,
  ...patch,
});
const snapshot = (revision: number, alerts: Alert[]): ConfigSnapshot => ({
  revision,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: [{ name: 'example.com', settings: {} }],
  accounts: [],
  accountsReset: true,
  alerts,
});
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** A standalone backend without arrivals of its own, so the test places every session. */
async function quietBackend(dataDir?: string) {
  const a = await agent({ scale: 0, peers: [], clusterSecret: CLUSTER_SECRET, ...(dataDir && { dataDir }) });
  const place = async (protocol: string, account: string) => {
    const res = await fetch(`${a.adminUrl}/v1/cluster/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cluster-secret': CLUSTER_SECRET },
      body: JSON.stringify({ protocol, account, durationMs: 3_600_000 }),
    });
    expect(res.status).toBe(200);
  };
  return { a, c: client(a.adminUrl), place };
}

describe('alerts endpoint', () => {
  it('shows alerts to the open accounts in scope, drops removed ones and keeps the list across a restart', async () => {
    const dataDir = await tempDir();
    const { a, c, place } = await quietBackend(dataDir);
    expect((await c.info()).capabilities).toContain('alerts');
    expect(await c.alerts()).toEqual({ alerts: [] });
    await place('imap', 'ann@example.com');
    await place('imap', 'Bob@Example.com');
    await place('http', 'bob@example.com');
    await place('pop', 'cid@example.org');
    expect((await c.accountSessions(['bob@example.com'])).accounts).toHaveLength(1);

    const alerts = [
      alert('everyone'),
      alert('example-com', { scope: 'domain', target: 'Example.COM' }),
      alert('bob', { scope: 'account', target: 'BOB@example.com', severity: 'critical' }),
      alert('example-net', { scope: 'domain', target: 'example.net' }),
      alert('tonight', { startsAt: inAnHour() }),
    ];
    expect(await c.applyConfig(snapshot(1, alerts))).toEqual({ revision: 1, changed: true });
    expect(await c.alerts()).toEqual({
      alerts: [
        { id: 'everyone', active: true, shownTo: 3 },
        { id: 'example-com', active: true, shownTo: 2 },
        { id: 'bob', active: true, shownTo: 1 },
        { id: 'example-net', active: true, shownTo: 0 },
        { id: 'tonight', active: false, shownTo: 0 },
      ],
    });

    // Shown stays shown after the session ends; an account open for a tick between two requests counts too.
    expect(await c.endAccountSessions('bob@example.com')).toEqual({ ended: 2 });
    await place('smtp', 'dan@example.com');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await c.endAccountSessions('dan@example.com')).toEqual({ ended: 1 });
    const shown = async () => Object.fromEntries((await c.alerts()).alerts.map((d) => [d.id, d.shownTo]));
    expect(await shown()).toEqual({ everyone: 4, 'example-com': 3, bob: 1, 'example-net': 0, tonight: 0 });

    // A newer revision without the account alert removes it; the others keep their counts.
    const remaining = alerts.filter((x) => x.id !== 'bob');
    await c.applyConfig(snapshot(2, remaining));
    expect(await shown()).toEqual({ everyone: 4, 'example-com': 3, 'example-net': 0, tonight: 0 });
    expect(await c.getConfig()).not.toHaveProperty('alerts');

    await a.close();
    const restarted = await quietBackend(dataDir);
    expect((await restarted.c.status()).config?.revision).toBe(2);
    // The list is on disk; the counts are this run's (no one is open yet).
    expect(await restarted.c.alerts()).toEqual({
      alerts: remaining.map(({ id }) => ({ id, active: id !== 'tonight', shownTo: 0 })),
    });
    await restarted.place('imap', 'eve@example.com');
    expect((await restarted.c.alerts()).alerts[0]).toEqual({ id: 'everyone', active: true, shownTo: 1 });
  });

  it('shows nothing on a frontend or with a driver that cannot list open accounts', async () => {
    const fe = client((await agent({ role: 'frontend', name: 'fe-1' })).adminUrl);
    const be = await agent({ seed: 7, meanSessionMs: 3_600_000, scale: 0.01 });
    Object.assign(be.driver, { openAccounts: undefined });
    for (const c of [fe, client(be.adminUrl)]) {
      expect((await c.status()).load.sessions.imap).toBeGreaterThan(0);
      await c.applyConfig(snapshot(1, [alert('everyone')]));
      expect(await c.alerts()).toEqual({ alerts: [{ id: 'everyone', active: true, shownTo: 0 }] });
    }
  });

  it('needs the admin token', async () => {
    const a = await agent();
    expect((await fetch(`${a.adminUrl}/v1/alerts`)).status).toBe(401);
    const wrong = await fetch(`${a.adminUrl}/v1/alerts`, { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
  });
});
