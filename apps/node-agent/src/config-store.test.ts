import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZAppliedConfig, type Alert, type ConfigSnapshot } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, ConfigApplyError, ConfigStore } from './config-store';
import { tempDir } from './test-helpers';

const snap = (revision: number, patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot => ({
  revision,
  defaults: { domain: { maxAccounts: 10 }, account: { quotaMb: 100 }, prefs: { language: 'en' } },
  domains: [{ name: 'example.com', settings: { maxAccounts: 50 } }],
  accounts: [],
  accountsReset: false,
  alerts: [],
  ...patch,
});
const alert = (id: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  scope: 'cluster',
  target: null,
  text: `Alert ${id}`,
  severity: 'info',
  postedAt: '2026-01-01T00:00:00.000Z',
  startsAt: null,
  expiresAt: null,
  ...patch,
});
const account = (address: string, settings: Record<string, string | number | boolean> | null, enabled = true) => ({
  address,
  settings,
  enabled,
});

describe('ConfigStore', () => {
  it('starts empty at revision 0 without a file', async () => {
    const store = await ConfigStore.load(await tempDir());
    expect(store.status()).toEqual({ revision: 0, appliedAt: null });
    expect(store.snapshot()).toEqual({
      revision: 0,
      appliedAt: null,
      defaults: { domain: {}, account: {}, prefs: {} },
      domains: [],
      accounts: [],
    });
  });

  it('applies a newer revision and ignores an equal or older one', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.load(dir);
    const before = Date.now();
    expect(await store.apply(snap(3, { accounts: [account('a@example.com', { quotaMb: 5 })] }))).toEqual({
      revision: 3,
      changed: true,
    });
    const applied = store.snapshot();
    expect(ZAppliedConfig.parse(applied)).toEqual(applied);
    expect(applied).toMatchObject({
      revision: 3,
      defaults: snap(3).defaults,
      domains: snap(3).domains,
      accounts: [account('a@example.com', { quotaMb: 5 })],
    });
    expect(Date.parse(applied.appliedAt!)).toBeGreaterThanOrEqual(before - 1);
    const written = await stat(join(dir, CONFIG_FILE));

    for (const revision of [3, 2, 1]) {
      const stale = snap(revision, { domains: [], accounts: [], accountsReset: true });
      expect(await store.apply(stale)).toEqual({ revision: 3, changed: false });
    }
    expect(store.snapshot()).toEqual(applied);
    expect((await stat(join(dir, CONFIG_FILE))).mtimeMs).toBe(written.mtimeMs);
  });

  it('accumulates accounts case-insensitively, deletes on null settings, drops all on accountsReset', async () => {
    const store = await ConfigStore.load(await tempDir());
    await store.apply(
      snap(1, { accounts: [account('Ann@Example.com', { a: 1 }), account('bob@example.com', { b: 1 })] }),
    );
    // Replaces Ann's whole override (not merged), in the newest spelling; adds Cid.
    await store.apply(
      snap(2, { accounts: [account('ann@example.com', { a: 2 }, false), account('cid@example.com', {})] }),
    );
    expect(store.snapshot().accounts).toEqual([
      account('ann@example.com', { a: 2 }, false),
      account('bob@example.com', { b: 1 }),
      account('cid@example.com', {}),
    ]);
    await store.apply(snap(3, { accounts: [account('BOB@example.COM', null, false), account('x@y.z', null)] }));
    expect(store.snapshot().accounts.map((a) => a.address)).toEqual(['ann@example.com', 'cid@example.com']);
    // Defaults and domains are replaced by every revision.
    await store.apply(snap(4, { domains: [], accountsReset: true, accounts: [account('dan@example.com', { d: 1 })] }));
    expect(store.snapshot()).toMatchObject({
      revision: 4,
      domains: [],
      accounts: [account('dan@example.com', { d: 1 })],
    });
  });

  it('keeps the applied revision across a new store on the same directory', async () => {
    const dir = await tempDir();
    const first = await ConfigStore.load(dir);
    await first.apply(snap(7, { accounts: [account('Eve@Example.com', { quotaMb: 1 })] }));
    const second = await ConfigStore.load(dir);
    expect(second.snapshot()).toEqual(first.snapshot());
    // Still keyed case-insensitively after the reload.
    await second.apply(snap(8, { accounts: [account('eve@example.com', null)] }));
    expect(second.snapshot().accounts).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, CONFIG_FILE), 'utf8'))).toMatchObject({ revision: 8, accounts: [] });
  });

  it('keeps the alerts of the newest revision in memory and on disk, not in the applied config', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.load(dir);
    expect(store.alerts()).toEqual([]);
    const first = [
      alert('a1'),
      alert('a2', { scope: 'domain', target: 'example.com', startsAt: '2030-01-01T00:00:00Z' }),
    ];
    await store.apply(snap(1, { alerts: first }));
    expect(store.alerts()).toEqual(first);
    expect(store.snapshot()).not.toHaveProperty('alerts');
    // Every revision replaces the whole list; an older one changes nothing.
    await store.apply(snap(2, { alerts: [first[1]!] }));
    await store.apply(snap(1, { alerts: first }));
    expect(store.alerts()).toEqual([first[1]]);
    expect(JSON.parse(await readFile(join(dir, CONFIG_FILE), 'utf8'))).toMatchObject({
      revision: 2,
      alerts: [first[1]],
    });
    expect((await ConfigStore.load(dir)).alerts()).toEqual([first[1]]);
    await store.apply(snap(3));
    expect((await ConfigStore.load(dir)).alerts()).toEqual([]);
  });

  it('loads a file written before alerts existed with no alerts', async () => {
    const dir = await tempDir();
    // What an agent wrote before alerts existed: the applied config only.
    const { revision, defaults, domains } = snap(4);
    const old = { revision, appliedAt: '2026-01-01T00:00:00.000Z', defaults, domains, accounts: [] };
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify(old));
    const store = await ConfigStore.load(dir);
    expect(store.status()).toEqual({ revision: 4, appliedAt: '2026-01-01T00:00:00.000Z' });
    expect(store.snapshot()).toEqual(old);
    expect(store.alerts()).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"revision": 3, "appliedAt"'],
    ['the wrong shape', JSON.stringify({ revision: -1, appliedAt: null, defaults: {}, domains: [], accounts: [] })],
  ])('starts at revision 0 with a warning on a file with %s', async (_what, text) => {
    const dir = await tempDir();
    await writeFile(join(dir, CONFIG_FILE), text);
    const events: Array<Record<string, unknown>> = [];
    const store = await ConfigStore.load(dir, { log: (e) => events.push(e) });
    expect(store.status()).toEqual({ revision: 0, appliedAt: null });
    expect(events).toEqual([expect.objectContaining({ event: 'config-file-damaged', file: join(dir, CONFIG_FILE) })]);
    // The console's next push repairs the file.
    expect(await store.apply(snap(1))).toEqual({ revision: 1, changed: true });
    expect((await ConfigStore.load(dir)).status().revision).toBe(1);
  });

  it('rolls back in memory and on disk when the driver cannot take the revision', async () => {
    const dir = await tempDir();
    const seen: number[] = [];
    let failWith: string | undefined;
    const onApply = async (s: ConfigSnapshot) => {
      seen.push(s.revision);
      if (failWith) throw new Error(failWith);
    };
    const store = await ConfigStore.load(dir, { onApply });
    await store.apply(snap(2, { accounts: [account('a@example.com', { q: 1 })], alerts: [alert('kept')] }));
    const good = store.snapshot();

    failWith = 'reload refused';
    const err = await store.apply(snap(3, { accountsReset: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigApplyError);
    expect((err as Error).message).toBe('reload refused');
    expect(store.snapshot()).toEqual(good);
    expect(store.alerts()).toEqual([alert('kept')]);
    const reloaded = await ConfigStore.load(dir);
    expect(reloaded.snapshot()).toEqual(good);
    expect(reloaded.alerts()).toEqual([alert('kept')]);

    // Not applied means the same revision is tried again, not skipped.
    failWith = undefined;
    expect(await store.apply(snap(3, { accountsReset: true }))).toEqual({ revision: 3, changed: true });
    expect(store.snapshot().accounts).toEqual([]);
    expect(seen).toEqual([2, 3, 3]);
  });

  it('rolls a failed first revision back to an empty configuration', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.load(dir, { onApply: () => Promise.reject(new Error('no')) });
    await expect(store.apply(snap(1))).rejects.toThrow('no');
    expect((await ConfigStore.load(dir)).status()).toEqual({ revision: 0, appliedAt: null });
  });

  it('applies one revision at a time, in the order they arrive', async () => {
    const log: string[] = [];
    const store = await ConfigStore.load(await tempDir(), {
      onApply: async (s) => {
        log.push(`start ${s.revision}`);
        await new Promise((r) => setTimeout(r, 20));
        log.push(`end ${s.revision}`);
      },
    });
    const results = await Promise.all([store.apply(snap(2)), store.apply(snap(1)), store.apply(snap(5))]);
    expect(results).toEqual([
      { revision: 2, changed: true },
      { revision: 2, changed: false },
      { revision: 5, changed: true },
    ]);
    expect(log).toEqual(['start 2', 'end 2', 'start 5', 'end 5']);
  });
});
