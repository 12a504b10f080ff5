// The mutating admin endpoints on a real agent: auth, body checks,
// idempotency, and the node-to-node placement endpoint.
import { createNodeClient, ZErrorBody } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agent, CLUSTER_SECRET, TOKEN, waitFor } from './test-helpers';

const client = (baseUrl: string) => createNodeClient({ baseUrl, token: TOKEN });
const post = (url: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const place = (baseUrl: string, body: unknown, secret = CLUSTER_SECRET) =>
  post(`${baseUrl}/v1/cluster/sessions`, JSON.stringify(body), { 'x-cluster-secret': secret });
const session = { protocol: 'imap', account: 'user1@example.com', durationMs: 60_000 };

describe('readiness and session endpoints', () => {
  it('refuse a missing or wrong token with 401 and change nothing', async () => {
    const a = await agent();
    const before = await client(a.adminUrl).status();
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }]) {
      for (const [path, body] of [
        ['/v1/readiness', '{"ready":false}'],
        ['/v1/sessions/end', '{}'],
      ] as const) {
        const res = await post(a.adminUrl + path, body, headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(ZErrorBody.parse(await res.json()).error.code).toBe('unauthorized');
      }
    }
    const after = await client(a.adminUrl).status();
    expect(after).toMatchObject({ readiness: 'ready', drain: null });
    expect(after.sessionCounters?.endedByAdmin).toBe(0);
    expect(after.sessionCounters?.started).toBeGreaterThanOrEqual(before.sessionCounters!.started);
  });

  it('answer 400 with the JSON error shape for bad bodies, and change nothing', async () => {
    const a = await agent();
    for (const [path, body] of [
      ['/v1/readiness', 'not json'],
      ['/v1/readiness', '{}'],
      ['/v1/readiness', '{"ready":"no"}'],
      ['/v1/readiness', '{"ready":false,"deadline":30}'],
      ['/v1/sessions/end', ''],
      ['/v1/sessions/end', '{"force":true}'],
    ] as const) {
      const res = await post(a.adminUrl + path, body);
      expect(res.status, `${path} ${body}`).toBe(400);
      expect(ZErrorBody.parse(await res.json()).error.code).toBe('invalid-body');
    }
    expect((await fetch(`${a.adminUrl}/v1/readiness`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      405,
    );
    const s = await client(a.adminUrl).status();
    expect(s).toMatchObject({ readiness: 'ready', sessionCounters: { endedByAdmin: 0 } });
  });

  it('make a backend drain and Ready again, idempotently; endSessions finishes the drain', async () => {
    const a = await agent({ name: 'b-drain' });
    const c = client(a.adminUrl);
    expect((await c.info()).capabilities).toEqual(
      expect.arrayContaining(['readiness', 'drain', 'end-sessions', 'cluster-election']),
    );
    const first = await c.setReadiness(false);
    expect(first.readiness).toBe('draining');
    expect(first.drain!.sessionsAtStart).toBeGreaterThan(0);
    const second = await c.setReadiness(false);
    expect(second.drain?.sessionsAtStart).toBe(first.drain?.sessionsAtStart);
    expect(await c.metrics()).toMatch(/^cc_node_ready 0$/m);

    const open = second.drain!.sessionsRemaining;
    const { ended } = await c.endSessions();
    // Some may have ended on their own meanwhile; none can have started.
    expect(ended).toBeGreaterThan(0);
    expect(ended).toBeLessThanOrEqual(open);
    const drained = await c.status();
    expect(drained).toMatchObject({ readiness: 'drained', drain: { sessionsRemaining: 0 } });
    expect(drained.sessionCounters?.endedByAdmin).toBe(ended);

    for (let i = 0; i < 2; i++) expect(await c.setReadiness(true)).toMatchObject({ readiness: 'ready', drain: null });
  });

  it('keep a standalone backend generating its own arrivals', async () => {
    const a = await agent({ meanSessionMs: 2000 });
    const c = client(a.adminUrl);
    const before = (await c.status()).sessionCounters!.started;
    await waitFor(
      async () => ((await c.status()).sessionCounters!.started > before ? true : undefined),
      3000,
      'new sessions',
    );
  });

  it('place cluster sessions only with the cluster secret, and only on a Ready backend', async () => {
    const a = await agent({ peers: [], clusterSecret: CLUSTER_SECRET });
    const c = client(a.adminUrl);
    expect((await place(a.adminUrl, session, 'wrong')).status).toBe(401);
    const withToken = await post(`${a.adminUrl}/v1/cluster/sessions`, JSON.stringify(session));
    expect(withToken.status).toBe(401);
    expect((await place(a.adminUrl, { ...session, protocol: 'admin' })).status).toBe(400);
    expect((await place(a.adminUrl, { ...session, extra: 1 })).status).toBe(400);

    const before = (await c.status()).sessionCounters!.started;
    const ok = await place(a.adminUrl, session);
    expect(ok.status).toBe(200);
    expect((await ok.json()) as unknown).toEqual({ sessions: expect.any(Number) });
    expect((await c.status()).sessionCounters!.started).toBeGreaterThan(before);

    await c.setReadiness(false);
    const refused = await place(a.adminUrl, session);
    expect(refused.status).toBe(409);
    expect(ZErrorBody.parse(await refused.json()).error.code).toBe('not-ready');

    const fe = await agent({ role: 'frontend', name: 'fe-9', clusterSecret: CLUSTER_SECRET });
    const notBackend = await place(fe.adminUrl, session);
    expect(notBackend.status).toBe(409);
    expect(ZErrorBody.parse(await notBackend.json()).error.code).toBe('not-a-backend');
  });
});
