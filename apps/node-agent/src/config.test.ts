// PUT and GET /v1/config on real agents: the revision in the status,
// idempotency, persistence across a restart, strict bodies, driver failures.
import { createNodeClient, NodeApiError, ZErrorBody, type ConfigSnapshot } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agent, tempDir, TOKEN } from './test-helpers';

const client = (baseUrl: string) => createNodeClient({ baseUrl, token: TOKEN });
const put = (baseUrl: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  fetch(`${baseUrl}/v1/config`, { method: 'PUT', body, headers: { 'content-type': 'application/json', ...headers } });

const snapshot = (revision: number, patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot => ({
  revision,
  defaults: { domain: { maxAccounts: 100 }, account: { quotaMb: 512, imap: true }, prefs: { language: 'en' } },
  domains: [
    { name: 'example.com', settings: { maxAccounts: 1000 } },
    { name: 'example.org', settings: {} },
  ],
  accounts: [{ address: 'User17@Example.com', settings: { quotaMb: 2048 }, enabled: true }],
  accountsReset: true,
  alerts: [],
  ...patch,
});

describe('configuration endpoints', () => {
  it('apply a revision, report it in the status and serve its contents; idempotent by revision', async () => {
    const a = await agent();
    const c = client(a.adminUrl);
    expect((await c.status()).config).toEqual({ revision: 0, appliedAt: null });
    expect(await c.getConfig()).toMatchObject({ revision: 0, appliedAt: null, domains: [], accounts: [] });
    expect((await c.info()).capabilities).toEqual(expect.arrayContaining(['config', 'account-sessions']));

    expect(await c.applyConfig(snapshot(5))).toEqual({ revision: 5, changed: true });
    const status = await c.status();
    expect(status.config?.revision).toBe(5);
    expect(status.config?.appliedAt).toEqual(expect.any(String));
    expect(await c.getConfig()).toEqual({
      ...status.config,
      defaults: snapshot(5).defaults,
      domains: snapshot(5).domains,
      accounts: snapshot(5).accounts,
    });

    // A retry or a late, older push changes nothing.
    expect(await c.applyConfig(snapshot(5, { domains: [] }))).toEqual({ revision: 5, changed: false });
    expect(await c.applyConfig(snapshot(4, { domains: [] }))).toEqual({ revision: 5, changed: false });
    expect((await c.getConfig()).domains).toHaveLength(2);
    expect((await c.status()).config).toEqual(status.config);

    const next = await c.applyConfig(
      snapshot(6, {
        accountsReset: false,
        accounts: [{ address: 'user17@example.com', settings: null, enabled: false }],
      }),
    );
    expect(next).toEqual({ revision: 6, changed: true });
    expect((await c.getConfig()).accounts).toEqual([]);
  });

  it('keep the applied revision when the agent restarts on the same data dir', async () => {
    const dataDir = await tempDir();
    const first = await agent({ dataDir });
    await client(first.adminUrl).applyConfig(snapshot(12));
    const applied = await client(first.adminUrl).getConfig();
    await first.close();

    const second = await agent({ dataDir });
    const c = client(second.adminUrl);
    expect((await c.status()).config).toEqual({ revision: 12, appliedAt: applied.appliedAt });
    expect(await c.getConfig()).toEqual(applied);
    expect(await c.applyConfig(snapshot(12))).toEqual({ revision: 12, changed: false });
  });

  it('reject unknown fields, bad values and a missing token, and change nothing', async () => {
    const a = await agent();
    const good = snapshot(3);
    for (const body of [
      { ...good, extra: true },
      { ...good, defaults: { ...good.defaults, theme: {} } },
      { ...good, domains: [{ name: 'example.com', settings: {}, aliases: [] }] },
      { ...good, accounts: [{ address: 'a@example.com', settings: {}, enabled: true, quota: 1 }] },
      { ...good, accounts: [{ address: 'no-at-sign', settings: {}, enabled: true }] },
      { ...good, revision: 0 },
      { ...good, revision: 1.5 },
      { ...good, domains: [{ name: 'example.com', settings: { nested: { no: 1 } } }] },
    ]) {
      const res = await put(a.adminUrl, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(ZErrorBody.parse(await res.json()).error.code).toBe('invalid-body');
    }
    expect((await put(a.adminUrl, JSON.stringify(good), {})).status).toBe(401);
    expect((await put(a.adminUrl, JSON.stringify(good), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await client(a.adminUrl).status()).config?.revision).toBe(0);
  });

  it('serve GET, PUT and PATCH (a delta) on one path and refuse other methods with all three in Allow', async () => {
    const a = await agent();
    const res = await fetch(`${a.adminUrl}/v1/config`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT, PATCH, GET');
    expect(ZErrorBody.parse(await res.json()).error.code).toBe('method-not-allowed');
  });

  it('answer 500 apply-failed and keep the old revision when the driver cannot reload', async () => {
    const a = await agent();
    const c = client(a.adminUrl);
    await c.applyConfig(snapshot(1));
    const before = await c.getConfig();
    // The simulated driver has no reload hook; give this one a failing one.
    a.driver.applyConfig = () => Promise.reject(new Error('doveadm reload: exit code 75'));
    const err = await c.applyConfig(snapshot(2, { domains: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeApiError);
    expect(err).toMatchObject({ status: 500, code: 'apply-failed' });
    expect((err as Error).message).toContain('doveadm reload: exit code 75');
    expect(await c.getConfig()).toEqual(before);
    expect((await c.status()).config).toMatchObject({
      revision: 1,
      lastError: { revision: 2, message: 'doveadm reload: exit code 75' },
    });

    const reloaded: number[] = [];
    a.driver.applyConfig = async (s) => void reloaded.push(s.revision);
    expect(await c.applyConfig(snapshot(2, { domains: [] }))).toEqual({ revision: 2, changed: true });
    expect(reloaded).toEqual([2]);
    expect((await c.status()).config).not.toHaveProperty('lastError');
  });

  it('stage the whole account set over HTTP and apply it with the snapshot; 409 when incomplete', async () => {
    const a = await agent();
    const c = client(a.adminUrl);
    const acct = { address: 'ann@example.com', settings: {}, enabled: true, id: 'a1', passwordHash: null };
    expect(await c.stageAccounts({ revision: 3, page: 0, accounts: [acct], last: true })).toEqual({
      revision: 3,
      staged: 1,
      complete: true,
    });
    const wrong = await c.applyConfig(snapshot(3, { accountsReset: true, accountsStaged: 2 })).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 409, code: 'stage-incomplete' });
    const late = await c.stageAccounts({ revision: 3, page: 4, accounts: [], last: true }).catch((e: unknown) => e);
    expect(late).toMatchObject({ status: 409, code: 'stage-incomplete' });
    await c.stageAccounts({ revision: 3, page: 0, accounts: [acct], last: true });
    expect(await c.applyConfig(snapshot(3, { accounts: [], accountsReset: true, accountsStaged: 1 }))).toEqual({
      revision: 3,
      changed: true,
    });
    expect((await c.getConfig()).accounts).toEqual([acct]);
  });

  it('accept a snapshot larger than the general 1 MiB body limit', async () => {
    const a = await agent();
    const domains = Array.from({ length: 20_000 }, (_, i) => ({
      name: `domain-${i}.example.com`,
      settings: { note: 'x'.repeat(40) },
    }));
    expect(await client(a.adminUrl).applyConfig(snapshot(1, { domains }))).toEqual({ revision: 1, changed: true });
    expect((await client(a.adminUrl).getConfig()).domains).toHaveLength(20_000);
  });
});
