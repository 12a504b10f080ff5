// GET /v1/ports, PUT /v1/cluster/members and POST /v1/probe on real agents,
// with real sockets on 127.0.0.1 and 127.0.0.2 (all of 127/8 is loopback on
// Linux, so 127.0.0.2 is a reachable host that is simply not a member).
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createNodeClient, ZErrorBody, type NodeApiError } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from './agent';
import { MEMBERS_FILE } from './cluster/members';
import { agent, CLUSTER_SECRET, freePort, tempDir, TOKEN } from './test-helpers';

const client = (baseUrl: string, token = TOKEN) => createNodeClient({ baseUrl, token });
const call = (url: string, method: string, body: string, token = TOKEN) =>
  fetch(url, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A TCP listener that records every connection it accepts, and when each closed. */
async function target(host = '127.0.0.1') {
  const accepted: Socket[] = [];
  const closed: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => {});
    socket.once('close', () => closed.push(socket));
  });
  servers.push(server);
  server.listen(0, host);
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, accepted, closed };
}

const settle = () => new Promise((r) => setTimeout(r, 150));
const refusedWith = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: NodeApiError) => e,
  );

describe('GET /v1/ports', () => {
  it('lists admin and client listeners with their host; a Non-Ready frontend shows its client ports closed', async () => {
    const a = await agent({ role: 'frontend', name: 'fe-ports', scale: 0 });
    const c = client(a.adminUrl);
    expect((await c.info()).capabilities).toContain('port-probe');
    const { listeners } = await c.ports();
    expect(listeners.map((l) => l.protocol).sort()).toEqual(['admin', 'http', 'imap', 'pop', 'smtp']);
    expect(listeners.every((l) => l.open && l.host === '127.0.0.1')).toBe(true);
    expect(listeners).toContainEqual({
      protocol: 'admin',
      port: Number(new URL(a.adminUrl).port),
      open: true,
      host: '127.0.0.1',
    });
    expect(listeners.map(({ host: _host, ...l }) => l)).toEqual((await c.status()).listeners);

    await c.setReadiness(false);
    const after = (await c.ports()).listeners;
    expect(after.filter((l) => l.protocol !== 'admin').every((l) => !l.open)).toBe(true);
    expect(after.find((l) => l.protocol === 'admin')?.open).toBe(true);
    // Closed means refusing: the listing says what a client would see.
    const imap = after.find((l) => l.protocol === 'imap')!;
    const code = await new Promise((r) =>
      connect(imap.port, '127.0.0.1').once('error', (e: NodeJS.ErrnoException) => r(e.code)),
    );
    expect(code).toBe('ECONNREFUSED');
  });

  it('answers 401 without the right token', async () => {
    const a = await agent();
    for (const token of ['wrong', '']) {
      const res = await fetch(`${a.adminUrl}/v1/ports`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    }
  });
});

describe('cluster members and POST /v1/probe', () => {
  it('probes a member: open port ok, closed port refused, and the connection is closed at once', async () => {
    const a = await agent();
    const c = client(a.adminUrl);
    const open = await target();
    expect(await c.setMembers([{ name: 'b1', host: '127.0.0.1' }])).toEqual({ members: 1 });

    const ok = await c.probe({ host: '127.0.0.1', port: open.port });
    expect(ok).toEqual({ ok: true, ms: expect.any(Number) });
    expect(ok.ms).toBeLessThan(1000);
    await settle();
    expect(open.accepted).toHaveLength(1);
    expect(open.closed).toHaveLength(1);

    const closedPort = await freePort();
    expect(await c.probe({ host: '127.0.0.1', port: closedPort, timeoutMs: 500 })).toEqual({
      ok: false,
      ms: expect.any(Number),
      error: 'connection refused',
    });
  });

  it('refuses a host that is not a member with 403 and never connects to it', async () => {
    const a = await agent();
    const c = client(a.adminUrl);
    const other = await target('127.0.0.2');
    // 127.0.0.2 is really there: the refusal below is the agent's doing, not the network's.
    const direct = connect(other.port, '127.0.0.2');
    await once(direct, 'connect');
    direct.destroy();
    await settle();
    expect(other.accepted).toHaveLength(1);

    await c.setMembers([{ name: 'b1', host: '127.0.0.1' }]);
    for (const host of ['127.0.0.2', '::ffff:127.0.0.2', '::ffff:127.0.0.1', 'localhost']) {
      const res = await call(`${a.adminUrl}/v1/probe`, 'POST', JSON.stringify({ host, port: other.port }));
      expect(res.status, host).toBe(403);
      const body = ZErrorBody.parse(await res.json());
      expect(body.error.code).toBe('not-a-cluster-node');
      expect(body.error.message).toContain(`${host} is not a registered cluster node of node-1`);
    }
    const err = await refusedWith(c.probe({ host: '127.0.0.2', port: other.port }));
    expect(err).toMatchObject({ kind: 'http', status: 403, code: 'not-a-cluster-node' });
    await settle();
    expect(other.accepted).toHaveLength(1);

    // Registered, the same host is probed.
    await c.setMembers([{ name: 'b2', host: '127.0.0.2' }]);
    expect((await c.probe({ host: '127.0.0.2', port: other.port })).ok).toBe(true);
    await settle();
    expect(other.accepted).toHaveLength(2);
    // The list was replaced, not extended.
    expect(await refusedWith(c.probe({ host: '127.0.0.1', port: other.port }))).toMatchObject({ status: 403 });
  });

  it('allows the --peers hosts without a member list; names compare case-insensitively', async () => {
    const open = await target();
    const a = await agent({ peers: ['http://127.0.0.1:1', 'http://LocalHost:2'], clusterSecret: CLUSTER_SECRET });
    const c = client(a.adminUrl);
    expect((await c.probe({ host: '127.0.0.1', port: open.port })).ok).toBe(true);
    // Allowed, whatever the name resolves to here.
    const res = await call(`${a.adminUrl}/v1/probe`, 'POST', JSON.stringify({ host: 'LOCALHOST', port: 1 }));
    expect(res.status).toBe(200);
    expect(await refusedWith(c.probe({ host: '127.0.0.2', port: open.port }))).toMatchObject({ status: 403 });
  });

  it('rate-limits probes with 429 and Retry-After; refused hosts do not use up the budget', async () => {
    const a = await agent({ probeLimit: { max: 3, windowMs: 60_000 } });
    const c = client(a.adminUrl);
    const open = await target();
    await c.setMembers([{ name: 'b1', host: '127.0.0.1' }]);
    expect(await refusedWith(c.probe({ host: '127.0.0.2', port: open.port }))).toMatchObject({ status: 403 });
    for (let i = 0; i < 3; i++) expect((await c.probe({ host: '127.0.0.1', port: open.port })).ok).toBe(true);
    const res = await call(`${a.adminUrl}/v1/probe`, 'POST', JSON.stringify({ host: '127.0.0.1', port: open.port }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(ZErrorBody.parse(await res.json()).error).toMatchObject({
      code: 'rate-limited',
      message: /at most 3 per 60 s/,
    });
    await settle();
    expect(open.accepted).toHaveLength(3);
  });

  it('answers 400 for bad bodies and 401 for a wrong token, attempting and storing nothing', async () => {
    const dataDir = await tempDir();
    const a = await agent({ dataDir });
    const open = await target();
    const member = (i: number) => ({ name: `node-${i}-${'x'.repeat(100)}`, host: `10.${i >> 8}.${i & 255}.1` });
    const probes = [
      '{"host":"127.0.0.1"}',
      '{"host":"127.0.0.1","port":0}',
      '{"host":"127.0.0.1","port":65536}',
      '{"host":"127.0.0.1","port":"80"}',
      `{"host":"127.0.0.1","port":${open.port},"timeoutMs":10}`,
      `{"host":"127.0.0.1","port":${open.port},"timeoutMs":6000}`,
      `{"host":"127.1","port":${open.port}}`,
      `{"host":"127.0.0.1:${open.port}","port":${open.port}}`,
      `{"host":"127.0.0.1","port":${open.port},"source":"10.0.0.1"}`,
      'not json',
    ];
    const memberLists = [
      '{}',
      '{"members":{}}',
      '{"members":[{"name":"b1"}]}',
      '{"members":[{"name":"b1","host":"not a host"}]}',
      JSON.stringify({ members: Array.from({ length: 2001 }, (_, i) => member(i)) }),
    ];
    for (const [path, method, bodies] of [
      ['/v1/probe', 'POST', probes],
      ['/v1/cluster/members', 'PUT', memberLists],
    ] as const) {
      for (const body of bodies) {
        const res = await call(a.adminUrl + path, method, body);
        expect(res.status, `${path} ${body.slice(0, 80)}`).toBe(400);
        expect(ZErrorBody.parse(await res.json()).error.code).toBe('invalid-body');
      }
    }
    const allowed = JSON.stringify({ members: [{ name: 'b1', host: '127.0.0.1' }] });
    for (const token of ['wrong', '']) {
      expect((await call(`${a.adminUrl}/v1/cluster/members`, 'PUT', allowed, token)).status).toBe(401);
      const probe = JSON.stringify({ host: '127.0.0.1', port: open.port });
      expect((await call(`${a.adminUrl}/v1/probe`, 'POST', probe, token)).status).toBe(401);
    }
    await expect(readFile(join(dataDir, MEMBERS_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    await settle();
    expect(open.accepted).toHaveLength(0);
    // The largest list is well over the default 64 KiB body limit and still accepted.
    const full = Array.from({ length: 2000 }, (_, i) => member(i));
    expect(JSON.stringify({ members: full }).length).toBeGreaterThan(200_000);
    expect(await client(a.adminUrl).setMembers(full)).toEqual({ members: 2000 });
  });

  it('keeps the member list across a restart with the same data dir', async () => {
    const dataDir = await tempDir();
    const open = await target();
    const first = await startAgent({ role: 'backend', name: 'persist', token: TOKEN, dataDir });
    try {
      await client(first.adminUrl).setMembers([
        { name: 'b1', host: '127.0.0.1' },
        { name: 'b6', host: '[FD00::6]' },
      ]);
    } finally {
      await first.close();
    }
    expect(JSON.parse(await readFile(join(dataDir, MEMBERS_FILE), 'utf8'))).toEqual({
      members: [
        { name: 'b1', host: '127.0.0.1' },
        { name: 'b6', host: 'fd00::6' },
      ],
    });
    const second = await agent({ name: 'persist', dataDir });
    expect((await client(second.adminUrl).probe({ host: '127.0.0.1', port: open.port })).ok).toBe(true);

    // A damaged list is dropped (nothing extra may be probed) and reported, not fatal.
    await second.close();
    await writeFile(join(dataDir, MEMBERS_FILE), '{"members": [');
    const events: Array<Record<string, unknown>> = [];
    const third = await agent({ name: 'persist', dataDir, log: (e) => events.push(e) });
    expect(await refusedWith(client(third.adminUrl).probe({ host: '127.0.0.1', port: open.port }))).toMatchObject({
      status: 403,
    });
    expect(events).toContainEqual(expect.objectContaining({ event: 'members-file-damaged' }));
  });
});
