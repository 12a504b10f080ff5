// POST /v1/accounts/sessions and /v1/accounts/sessions/end on real agents.
import { createNodeClient, NodeApiError, ZErrorBody, type SessionCounts } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agent, CLUSTER_SECRET, TOKEN } from './test-helpers';

const client = (baseUrl: string) => createNodeClient({ baseUrl, token: TOKEN });
const total = (s: SessionCounts) => s.imap + s.pop + s.smtp + s.http;
/** The busy end of the simulated account pool (user1..user1000, skewed towards low numbers). */
const busyAccounts = Array.from({ length: 100 }, (_, i) => `user${i + 1}@example.com`);

describe('account session endpoints', () => {
  it('list open accounts of the simulated workload and end exactly one account', async () => {
    // Sessions of 30-90 minutes at 1% of the arrival rate: nothing starts or ends on its own during the test.
    const a = await agent({ seed: 7, meanSessionMs: 3_600_000, scale: 0.01 });
    const c = client(a.adminUrl);
    const { accounts } = await c.accountSessions(busyAccounts);
    expect(accounts.length).toBeGreaterThan(1);
    for (const { address, sessions } of accounts) {
      expect(busyAccounts).toContain(address);
      expect(total(sessions)).toBeGreaterThan(0);
    }
    const busiest = accounts.reduce((x, y) => (total(y.sessions) > total(x.sessions) ? y : x));
    const others = accounts.filter((x) => x !== busiest);
    const before = await c.status();

    // Addresses are matched case-insensitively.
    const { ended } = await c.endAccountSessions(busiest.address.toUpperCase());
    expect(ended).toBe(total(busiest.sessions));
    const after = await c.status();
    expect(after.sessionCounters!.endedByAdmin).toBe(before.sessionCounters!.endedByAdmin + ended);
    // Ended sessions leave the open count: started = endedNormally + endedByAdmin + open.
    const { started, endedNormally, endedByAdmin } = after.sessionCounters!;
    expect(started - endedNormally - endedByAdmin).toBe(total(after.load.sessions));
    // Only that account's sessions ended.
    expect((await c.accountSessions(busyAccounts)).accounts).toEqual(others);
    expect(await c.endAccountSessions(busiest.address)).toEqual({ ended: 0 });
  });

  it('count sessions per protocol, answer in the caller spelling, each account once', async () => {
    const a = await agent({ scale: 0, peers: [], clusterSecret: CLUSTER_SECRET });
    const c = client(a.adminUrl);
    const place = (protocol: string, account: string) =>
      fetch(`${a.adminUrl}/v1/cluster/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cluster-secret': CLUSTER_SECRET },
        body: JSON.stringify({ protocol, account, durationMs: 3_600_000 }),
      });
    for (const [protocol, account] of [
      ['imap', 'carol@example.com'],
      ['imap', 'Carol@example.com'],
      ['http', 'carol@example.com'],
      ['pop', 'dave@example.com'],
    ] as const) {
      expect((await place(protocol, account)).status).toBe(200);
    }
    const { accounts } = await c.accountSessions(['CAROL@example.com', 'nobody@example.com', 'carol@example.com']);
    expect(accounts).toEqual([{ address: 'CAROL@example.com', sessions: { imap: 2, pop: 0, smtp: 0, http: 1 } }]);

    // Ending sessions finishes a drain like POST /v1/sessions/end does.
    expect(await c.setReadiness(false)).toMatchObject({ readiness: 'draining', drain: { sessionsRemaining: 4 } });
    expect(await c.endAccountSessions('carol@example.com')).toEqual({ ended: 3 });
    expect(await c.status()).toMatchObject({
      readiness: 'draining',
      drain: { sessionsAtStart: 4, sessionsRemaining: 1 },
    });
    expect(await c.endAccountSessions('dave@example.com')).toEqual({ ended: 1 });
    expect(await c.status()).toMatchObject({ readiness: 'drained', sessionCounters: { endedByAdmin: 4 } });
  });

  it('find no open accounts on a frontend: it only proxies', async () => {
    const a = await agent({ role: 'frontend', name: 'fe-1' });
    const c = client(a.adminUrl);
    expect(await c.accountSessions(busyAccounts)).toEqual({ accounts: [] });
    expect(await c.endAccountSessions('user1@example.com')).toEqual({ ended: 0 });
    expect((await c.status()).sessionCounters?.endedByAdmin).toBe(0);
  });

  it('answer 501 unsupported when the driver cannot tell sessions apart by account', async () => {
    const a = await agent();
    // A driver without the optional members, as a real mail server driver may be.
    Object.assign(a.driver, { accountSessions: undefined, endAccountSessions: undefined });
    const c = client(a.adminUrl);
    expect((await c.info()).capabilities).not.toContain('account-sessions');
    for (const call of [() => c.accountSessions(['user1@example.com']), () => c.endAccountSessions('u@example.com')]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeApiError);
      expect(err).toMatchObject({ status: 501, code: 'unsupported' });
      expect((err as Error).message).toMatch(/node-1's simulated driver cannot/);
    }
  });

  it('reject bad bodies with 400 and a missing token with 401', async () => {
    const a = await agent();
    const post = (path: string, body: unknown, token = TOKEN) =>
      fetch(`${a.adminUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    for (const [path, body] of [
      ['/v1/accounts/sessions', { accounts: [] }],
      ['/v1/accounts/sessions', { accounts: Array.from({ length: 101 }, (_, i) => `u${i}@example.com`) }],
      ['/v1/accounts/sessions', { accounts: ['no-at-sign'] }],
      ['/v1/accounts/sessions', { accounts: ['u@example.com'], protocol: 'imap' }],
      ['/v1/accounts/sessions/end', {}],
      ['/v1/accounts/sessions/end', { account: 'u@example.com', force: true }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(ZErrorBody.parse(await res.json()).error.code).toBe('invalid-body');
    }
    expect((await post('/v1/accounts/sessions/end', { account: 'user1@example.com' }, 'wrong')).status).toBe(401);
    expect((await client(a.adminUrl).status()).sessionCounters?.endedByAdmin).toBe(0);
  });
});
