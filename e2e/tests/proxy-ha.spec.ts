// Issue 21, item 5: the README's production layout. nginx with TLS in front of two console processes on
// one PostgreSQL database; one console is killed with SIGKILL and the other carries on. The cluster is
// three agents of its own: the shared demo agents already take revisions from the e2e console's database,
// and a node ignores any revision at or below the one it has, so a second database's pushes would either
// prove nothing or overwrite the other specs' configuration.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import pg from 'pg';

import {
  freePort,
  planCluster,
  spawnConsole,
  startAgents,
  stopProcess,
  waitForHealth,
  type StartedNode,
} from '../../scripts/lib/cluster.mjs';

import { createFreshDatabase, dropDatabase } from '../support/database';
import { ensureNginx, selfSignedCertificate, servedBy, startNginx } from '../support/nginx';

const ADMIN = { email: 'admin@proxy.test', password: 'proxy-password-0123456789' };
type Json = Record<string, unknown>;

/** A raw request from a chosen loopback source address (Playwright cannot bind one). */
function rawPost(url: string, body: Json, o: { localAddress: string; headers: Record<string, string>; ca?: string }) {
  const u = new URL(url);
  const data = JSON.stringify(body);
  const options = {
    method: 'POST',
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    localAddress: o.localAddress,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...o.headers },
    ...(o.ca ? { ca: o.ca } : {}),
  };
  return new Promise<number>((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).request(options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(data);
  });
}

async function trpc(api: APIRequestContext, origin: string, procedure: string, input: unknown, mutation = false) {
  const res = mutation
    ? await api.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin } })
    : await api.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const text = await res.text();
  expect(res.status(), `${procedure}: ${text.slice(0, 500)}`).toBe(200);
  return (JSON.parse(text) as { result: { data: { json: Json } } }).result.data.json;
}

test.describe('[PRODUCTION] two consoles behind nginx (TLS) on one PostgreSQL', () => {
  test.skip(!process.env.DATABASE_URL, 'needs PostgreSQL (DATABASE_URL)');
  const pids: number[] = [];
  let dir = '';
  let databaseUrl: string | null = null;
  let db: pg.Client | null = null;
  let context: BrowserContext | null = null;

  test.afterAll(async () => {
    await context?.close();
    await db?.end();
    await Promise.all(pids.map((pid) => stopProcess(pid, { graceMs: 2000 })));
    if (databaseUrl) await dropDatabase(databaseUrl);
    if (dir && !process.env.E2E_KEEP_DATA) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('sign-in, a console killed, the survivor takes over; the audit trusts only the proxy', async ({ browser }) => {
    test.setTimeout(150_000);
    const nginxBin = ensureNginx();
    test.skip('reason' in nginxBin, 'reason' in nginxBin ? nginxBin.reason : '');
    if (!('bin' in nginxBin)) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-proxy-'));
    const log = fs.createWriteStream(path.join(dir, 'processes.log'));
    const write = (line: string) => log.write(`${line}\n`);

    // Agents, database, certificate and the two consoles' shared settings.
    const plan = await planCluster({ frontends: 1, backends: 2, dataDir: dir, meanSessionMs: 20_000 });
    const { agents } = await startAgents(plan, { dataDir: dir, log: write });
    pids.push(...agents.map((a) => a.pid));
    databaseUrl = (await createFreshDatabase())!.url;
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { cert, key } = selfSignedCertificate(dir);
    const [proxyPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `https://127.0.0.1:${proxyPort}`;
    const shared = {
      DATABASE_URL: databaseUrl,
      CC_PUBLIC_URL: publicUrl,
      CC_TRUSTED_PROXIES: '127.0.0.1',
      CC_SECRET_KEY: randomBytes(32).toString('base64'),
      CC_ADMIN_EMAIL: ADMIN.email,
      CC_ADMIN_PASSWORD: ADMIN.password,
      CC_SIGNIN_PER_MINUTE: '1000',
      CC_UPGRADE_LEASE_MS: '3000',
    };
    const startConsole = (name: string, port: number) => {
      const env = { ...shared, CC_DATA_DIR: path.join(dir, name) };
      const child = spawnConsole({ port, env, log: (l: string) => write(`[${name}] ${l}`) });
      pids.push(child.pid!);
      return { child, pid: child.pid!, url: `http://127.0.0.1:${port}` };
    };

    // Console A alone first: it leads the collector, serves the browser's live view and takes the upgrade.
    const a = startConsole('console-a', portA);
    await waitForHealth(a.url, { child: a.child });
    const nginx = await startNginx(nginxBin.bin, { dir, port: proxyPort, upstreams: [portA, portB], cert, key });
    pids.push(nginx.pid!);

    await test.step('sign in through the proxy: Secure cookie, HSTS', async () => {
      context = await browser.newContext({ baseURL: publicUrl, ignoreHTTPSErrors: true });
      const res = await context.request.post('/api/auth/sign-in/email', {
        data: ADMIN,
        headers: { origin: publicUrl },
      });
      expect(res.status(), await res.text()).toBe(200);
      expect(res.headers()['strict-transport-security']).toBe('max-age=31536000');
      const session = res
        .headersArray()
        .filter((h) => h.name.toLowerCase() === 'set-cookie')
        .map((h) => h.value)
        .find((v) => v.startsWith('__Secure-cc.session_token='));
      expect(session, 'the session cookie carries the __Secure- prefix').toBeDefined();
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/;\s*HttpOnly/i);
    });
    const api = context!.request;

    await test.step('the audit takes X-Forwarded-For only from the trusted proxy', async () => {
      const sourceIp = async (userAgent: string) => {
        const r = await db!.query<{ sourceIp: string | null }>(
          `SELECT "sourceIp" FROM audit_event WHERE action = 'auth.sign-in' AND "userAgent" = $1 ORDER BY id DESC LIMIT 1`,
          [userAgent],
        );
        return r.rows[0]?.sourceIp;
      };
      // Through nginx from 127.0.0.5 with a forged entry: nginx appends the real peer, the console takes it.
      const forged = { 'x-forwarded-for': '203.0.113.9', origin: publicUrl };
      const viaProxy = await rawPost(`${publicUrl}/api/auth/sign-in/email`, ADMIN, {
        localAddress: '127.0.0.5',
        headers: { ...forged, 'user-agent': 'proxy-ha via-proxy' },
        ca: fs.readFileSync(cert, 'utf8'),
      });
      expect(viaProxy).toBe(200);
      expect(await sourceIp('proxy-ha via-proxy')).toBe('127.0.0.5');
      // Straight to the console from 127.0.0.6, which is no proxy: the same header is ignored.
      const direct = await rawPost(`${a.url}/api/auth/sign-in/email`, ADMIN, {
        localAddress: '127.0.0.6',
        headers: { ...forged, 'user-agent': 'proxy-ha direct' },
      });
      expect(direct).toBe(200);
      expect(await sourceIp('proxy-ha direct')).toBe('127.0.0.6');
    });

    await test.step('register the nodes through the proxy', async () => {
      for (const n of agents as StartedNode[]) {
        const input = { name: n.name, role: n.role.toUpperCase(), adminUrl: n.adminUrl, token: n.token };
        await trpc(api, publicUrl, 'nodes.register', { ...input, tlsFingerprint: n.fingerprint256 }, true);
      }
    });

    // The nodes page's live stream (nodes.watch, server-sent events) runs on A: the only console up.
    const live = await context!.newPage();
    await live.goto('/nodes');
    await expect(live.getByTestId('node-row')).toHaveCount(3);
    await expect(live.locator('[data-testid="node-row"][data-state="ready"]')).toHaveCount(3, { timeout: 15_000 });
    await expect(live.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
    // Every state the indicator goes through from here on, to see the stream drop and come back.
    await live.evaluate(() => {
      const el = document.querySelector('[data-testid="live-status"]')!;
      const seen: string[] = ((window as unknown as { liveStates: string[] }).liveStates = []);
      new MutationObserver(() => seen.push(el.getAttribute('data-status') ?? '')).observe(el, { attributes: true });
    });
    const page = await context!.newPage();

    // An upgrade run that A's worker holds; 10-30 s sessions keep its first node draining for a while.
    const preflight = async () =>
      (await trpc(api, publicUrl, 'upgrades.preflight', { targetVersion: '1.1.0' })) as Json;
    const failing = async () =>
      ((await preflight()).checks as Array<{ ok: boolean; detail: string }>).filter((c) => !c.ok).map((c) => c.detail);
    await expect.poll(failing, { timeout: 20_000 }).toEqual([]);
    const order = ((await preflight()).plan as { order: Array<{ id: string }> }).order.map((n) => n.id);
    const run = { targetVersion: '1.1.0', order, drainDeadlineSeconds: 600, deadlineAction: 'wait' };
    const { id: runId } = await trpc(api, publicUrl, 'upgrades.start', { ...run, pauseAfterEachNode: false }, true);
    const leaseOwner = async () =>
      (await db!.query<{ leaseOwner: string | null }>('SELECT "leaseOwner" FROM upgrade_run WHERE id = $1', [runId]))
        .rows[0]?.leaseOwner ?? '';
    const collectorHolder = async () =>
      (await db!.query<{ holder: string }>('SELECT holder FROM collector_lease WHERE id = 1')).rows[0]?.holder ?? '';
    await expect.poll(leaseOwner, { timeout: 10_000 }).toContain(`:${a.pid}:`);
    expect(await collectorHolder()).toMatch(new RegExp(`:${a.pid}$`));

    // Console B joins behind the same proxy; then A dies without a goodbye.
    const b = startConsole('console-b', portB);
    await waitForHealth(b.url, { child: b.child });
    // nginx took B out for fail_timeout when it refused earlier requests: wait until it is back in.
    await expect
      .poll(async () => (await trpc(api, publicUrl, 'cluster.overview', {}), servedBy(dir, portB)), { timeout: 15_000 })
      .toBe(true);
    process.kill(a.pid, 'SIGKILL');
    const killedAt = new Date();

    await test.step('the session carries on through the survivor', async () => {
      const me = await trpc(api, publicUrl, 'nodes.list', { pageSize: 10 });
      expect((me.items as unknown[]).length).toBe(3);
      await page.goto('/settings');
      await expect(page.getByTestId('defaults-prefs')).toBeVisible();
    });

    await test.step('the collector and the upgrade worker move to the survivor', async () => {
      await expect.poll(collectorHolder, { timeout: 10_000 }).toMatch(new RegExp(`:${b.pid}$`));
      await expect.poll(leaseOwner, { timeout: 10_000 }).toContain(`:${b.pid}:`);
      const handOver = await db!.query<{ message: string }>(
        `SELECT message FROM upgrade_event WHERE "runId" = $1 AND message LIKE '%stopped renewing it%'`,
        [runId],
      );
      expect(handOver.rows.map((r) => r.message).join('\n')).toContain(`:${a.pid}:`);
      // Nodes stay fresh: every one heard from after the kill.
      await expect
        .poll(
          async () => (await db!.query('SELECT 1 FROM node_status WHERE "lastSeenAt" > $1', [killedAt])).rowCount ?? 0,
          { timeout: 10_000 },
        )
        .toBe(3);
      await trpc(api, publicUrl, 'upgrades.abort', { id: runId }, true);
    });

    await test.step('the reconciler on the survivor applies a change made after the kill', async () => {
      const prefs = page.getByTestId('defaults-prefs');
      await prefs.getByLabel('Messages per page').fill('35');
      await prefs.getByRole('button', { name: 'Save changes' }).click();
      await expect(prefs.getByTestId('propagation-revision')).toContainText('applied on 3 of 3 nodes', {
        timeout: 20_000,
      });
    });

    await test.step('the live view opened before the kill reconnects and keeps updating', async () => {
      await expect(live.getByTestId('live-status')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
      const states = await live.evaluate(() => (window as unknown as { liveStates: string[] }).liveStates);
      expect(states, 'the stream dropped with console A').toContain('reconnecting');
      const total = live.getByTestId('cluster-totals').getByTestId('total-sessions');
      const first = await total.innerText();
      await expect.poll(() => total.innerText(), { timeout: 15_000 }).not.toBe(first);
    });
  });
});
