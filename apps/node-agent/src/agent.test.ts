import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeClient, NodeApiError, ZErrorBody, ZHeartbeat } from '@cc/node-api';
import { buildOpenApiDocument } from '@cc/node-api/openapi';
import { describe, expect, it } from 'vitest';
import { checkAgentOptions, startAgent } from './agent';
import { sha256 } from './auth';
import { IDENTITY_FILE } from './identity';
import { agent, CLUSTER_SECRET, tempDir, TOKEN, waitFor } from './test-helpers';

const client = (baseUrl: string, token = TOKEN) => createNodeClient({ baseUrl, token });

describe('agent admin API', () => {
  it('serves info and status that satisfy the contract', async () => {
    const a = await agent({ name: 'backend-7', softwareVersion: '2.3.4' });
    const c = client(a.adminUrl);
    const info = await c.info();
    expect(info).toMatchObject({
      apiVersion: 'v1',
      id: a.id,
      name: 'backend-7',
      role: 'backend',
      softwareVersion: '2.3.4',
      driver: 'simulated',
    });
    expect(info.capabilities).toEqual(expect.arrayContaining(['metrics', 'cluster-election']));
    // A lone backend elects itself once its first (empty) poll round is done.
    const status = await waitFor(
      async () => {
        const s = await c.status();
        return s.clusterRole === 'controller' ? s : undefined;
      },
      2000,
      'controller role',
    );
    expect(status.readiness).toBe('ready');
    expect(status.drain).toBeNull();
    expect(status.peers).toEqual([]);
    expect(status.listeners).toContainEqual({ protocol: 'admin', port: Number(new URL(a.adminUrl).port), open: true });
    expect(status.load.sessions.imap).toBeGreaterThan(0);
  });

  it('reports frontends outside the election with no open accounts', async () => {
    const a = await agent({ role: 'frontend', name: 'fe-1' });
    const s = await client(a.adminUrl).status();
    expect(s.clusterRole).toBe('none');
    expect(s.load.accountsOpen).toBe(0);
    expect((await client(a.adminUrl).info()).capabilities).not.toContain('cluster-election');
  });

  it('rejects a missing or wrong token with 401 and changes nothing', async () => {
    const dataDir = await tempDir();
    const a = await agent({ dataDir });
    const identityBefore = await stat(join(dataDir, IDENTITY_FILE));
    const before = await a.driver.status();
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong' },
      { authorization: TOKEN },
      { authorization: 'Basic dGVzdA==' },
    ]) {
      for (const path of ['/v1/info', '/v1/status', '/v1/metrics']) {
        const res = await fetch(a.adminUrl + path, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(ZErrorBody.parse(await res.json()).error.code).toBe('unauthorized');
      }
    }
    const err = await client(a.adminUrl, 'wrong')
      .info()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeApiError);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect((await a.driver.status()).readiness).toBe(before.readiness);
    expect((await stat(join(dataDir, IDENTITY_FILE))).mtimeMs).toBe(identityBefore.mtimeMs);
  });

  it('accepts a pre-hashed token', async () => {
    const a = await agent({ token: undefined, tokenHash: `sha256:${sha256('hashed-secret').toString('hex')}` });
    expect((await client(a.adminUrl, 'hashed-secret').info()).name).toBe('node-1');
    await expect(client(a.adminUrl, TOKEN).info()).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('serves /healthz and the OpenAPI document without auth; 404 and 405 as JSON', async () => {
    const a = await agent();
    expect(await (await fetch(`${a.adminUrl}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${a.adminUrl}/v1/openapi.json`)).json()).toEqual(buildOpenApiDocument());
    const notFound = await fetch(`${a.adminUrl}/v1/nope`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(notFound.status).toBe(404);
    expect(ZErrorBody.parse(await notFound.json()).error.code).toBe('not-found');
    const wrongMethod = await fetch(`${a.adminUrl}/v1/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(ZErrorBody.parse(await wrongMethod.json()).error.code).toBe('method-not-allowed');
  });

  it('answers heartbeats only with the cluster secret', async () => {
    const a = await agent({ peers: [], clusterSecret: CLUSTER_SECRET });
    expect((await fetch(`${a.adminUrl}/v1/cluster/heartbeat`)).status).toBe(401);
    expect(
      (await fetch(`${a.adminUrl}/v1/cluster/heartbeat`, { headers: { 'x-cluster-secret': 'nope' } })).status,
    ).toBe(401);
    const ok = await fetch(`${a.adminUrl}/v1/cluster/heartbeat`, { headers: { 'x-cluster-secret': CLUSTER_SECRET } });
    expect(ZHeartbeat.parse(await ok.json())).toMatchObject({ name: 'node-1', role: 'backend', alive: true });
    // The admin token is not a cluster secret.
    const b = await agent({ name: 'node-2' });
    expect((await fetch(`${b.adminUrl}/v1/cluster/heartbeat`, { headers: { 'x-cluster-secret': '' } })).status).toBe(
      401,
    );
  });

  it('exposes Prometheus metrics with HELP and TYPE for every family', async () => {
    const a = await agent();
    const text = await client(a.adminUrl).metrics();
    const families = [
      'cc_node_sessions',
      'cc_node_accounts_open',
      'cc_node_cpu_percent',
      'cc_node_memory_used_bytes',
      'cc_node_ready',
      'cc_node_up_seconds',
    ];
    for (const f of families) {
      expect(text).toContain(`# HELP ${f} `);
      expect(text).toContain(`# TYPE ${f} gauge`);
    }
    expect(text).toContain('# TYPE cc_node_sessions_started_total counter');
    expect(text).toMatch(/^cc_node_sessions_ended_total\{by="admin"\} 0$/m);
    for (const p of ['imap', 'pop', 'smtp', 'http'])
      expect(text).toMatch(new RegExp(`^cc_node_sessions\\{protocol="${p}"\\} \\d+$`, 'm'));
    expect(text).toMatch(/^cc_node_ready 1$/m);
    expect(text).toMatch(
      /^cc_node_info\{name="node-1",role="backend",driver="simulated",version="1.0.0",id="[0-9a-f-]{36}"\} 1$/m,
    );
    // Every non-comment line is `name{labels} number`.
    for (const line of text.trimEnd().split('\n')) {
      if (!line.startsWith('#')) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?\d+(\.\d+)?$/);
    }
  });

  it('shows load moving from one second to the next', async () => {
    const a = await agent({ seed: 99 });
    const c = client(a.adminUrl);
    const first = await c.status();
    await new Promise((r) => setTimeout(r, 2200));
    const second = await c.status();
    expect(second.observedAt > first.observedAt).toBe(true);
    expect(second.load).not.toEqual(first.load);
  });

  it('keeps its identity across restarts with the same data dir', async () => {
    const dataDir = await tempDir();
    const first = await startAgent({ role: 'backend', name: 'persist', token: TOKEN, dataDir });
    const id = (await client(first.adminUrl).info()).id;
    await first.close();
    const second = await agent({ name: 'persist', dataDir });
    expect((await client(second.adminUrl).info()).id).toBe(id);
    const other = await agent({ name: 'persist' });
    expect(other.id).not.toBe(id);
    expect(JSON.parse(await readFile(join(dataDir, IDENTITY_FILE), 'utf8'))).toMatchObject({ id, name: 'persist' });
  });

  it('refuses to start with a damaged identity file or a busy port', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, IDENTITY_FILE), '{"id": "oops"');
    await expect(agent({ dataDir })).rejects.toThrow(/damaged/);
    const a = await agent();
    await expect(agent({ name: 'node-2', adminPort: Number(new URL(a.adminUrl).port) })).rejects.toThrow(
      /already in use/,
    );
  });

  it.each([
    [{ token: undefined }, /admin token is required/],
    [{ tokenHash: 'a'.repeat(64) }, /either --token or --token-hash/],
    [{ name: '../escape' }, /name "..\/escape" must be/],
    [{ tokenHash: 'abc', token: undefined }, /64 hex digits/],
    [{ peers: ['http://127.0.0.1:1'] }, /cluster secret is required/],
    [{ peers: ['127.0.0.1:1'], clusterSecret: 's' }, /peer "127.0.0.1:1": The admin URL must start with http/],
    [{ adminPort: 70000 }, /admin port must be/],
    [{ clientPorts: { imap: 1143 } }, /--imap-port is for frontends only/],
    [{ role: 'frontend' as const, clientPorts: { pop: -1 } }, /pop port must be 0-65535/],
    [{ meanSessionMs: 0 }, /mean session length/],
    [{ scale: -1 }, /scale must be 0-100/],
  ])('rejects bad options %j', (patch, message) => {
    expect(() => checkAgentOptions({ role: 'backend', name: 'n1', token: 't', ...patch })).toThrow(message);
  });
});
