import type { ConfigDelta, ConfigSnapshot } from '@cc/node-api';
import { CONFIG_BASE_MISMATCH, ZConfigDelta } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { configHandlers } from './config-handlers';
import { BaseMismatchError, ConfigStore } from './config-store';
import { HttpError } from './server';
import { tempDir } from './test-helpers';

const alert = { id: 'a1', scope: 'cluster', target: null, text: 'Maintenance', severity: 'info' } as const;
const dates = { postedAt: '2026-01-01T00:00:00.000Z', startsAt: null, expiresAt: null };
const base: ConfigSnapshot = {
  revision: 4,
  defaults: { domain: { maxAccounts: 10 }, account: { quotaMb: 100 }, prefs: { language: 'en' } },
  domains: [
    { name: 'a.example', settings: { maxAccounts: 5 } },
    { name: 'b.example', settings: {} },
  ],
  accounts: [{ address: 'kim@a.example', settings: { quotaMb: 5 }, enabled: true }],
  accountsReset: true,
  alerts: [{ ...alert, ...dates }],
};
const delta: ConfigDelta = {
  base: 4,
  revision: 7,
  defaults: { prefs: { language: 'de' } },
  domains: [
    { name: 'a.example', settings: { maxAccounts: 9 } },
    { name: 'c.example', settings: {} },
  ],
  removedDomains: ['b.example'],
  accounts: [
    { address: 'kim@a.example', settings: null, enabled: false, deleted: { mailbox: 'keep' } },
    { address: 'lee@a.example', settings: {}, enabled: true },
  ],
};

async function storeAt(snapshot: ConfigSnapshot, applied: ConfigSnapshot[] = []) {
  const store = await ConfigStore.load(await tempDir(), {
    onApply: (s) => {
      applied.push(s);
      return undefined;
    },
  });
  await store.apply(snapshot);
  return store;
}

describe('ConfigStore.applyDelta', () => {
  it('applies the change on top of its base exactly as the whole revision would be', async () => {
    const applied: ConfigSnapshot[] = [];
    const store = await storeAt(base, applied);
    expect(ZConfigDelta.parse(delta)).toEqual(delta);
    expect(await store.applyDelta(delta)).toEqual({ revision: 7, changed: true });

    const whole = await storeAt(base);
    await whole.apply({
      revision: 7,
      defaults: { ...base.defaults, prefs: { language: 'de' } },
      domains: [
        { name: 'a.example', settings: { maxAccounts: 9 } },
        { name: 'c.example', settings: {} },
      ],
      accounts: delta.accounts,
      accountsReset: false,
      alerts: base.alerts,
    });
    const { appliedAt: _a, ...got } = store.snapshot();
    const { appliedAt: _b, ...want } = whole.snapshot();
    expect(got).toEqual(want);
    expect(store.alerts()).toEqual(base.alerts);
    // The driver gets the whole revision with only the changed accounts, as from PUT /v1/config.
    expect(applied.at(-1)).toMatchObject({ revision: 7, accountsReset: false, accounts: delta.accounts });
    expect(
      applied
        .at(-1)
        ?.domains.map((d) => d.name)
        .sort(),
    ).toEqual(['a.example', 'c.example']);
  });

  it('replaces the alerts only when the change carries them', async () => {
    const store = await storeAt(base);
    await store.applyDelta({ ...delta, alerts: [] });
    expect(store.alerts()).toEqual([]);
  });

  it('is idempotent by revision: the same change again (or an older one) changes nothing', async () => {
    const store = await storeAt(base);
    await store.applyDelta(delta);
    const after = store.snapshot();
    expect(await store.applyDelta(delta)).toEqual({ revision: 7, changed: false });
    expect(await store.applyDelta({ ...delta, base: 2, revision: 5 })).toEqual({ revision: 7, changed: false });
    expect(store.snapshot()).toEqual(after);
  });

  it('refuses a change whose base is not the applied revision, and changes nothing', async () => {
    const store = await storeAt(base);
    const before = store.snapshot();
    await expect(store.applyDelta({ ...delta, base: 3 })).rejects.toBeInstanceOf(BaseMismatchError);
    expect(store.snapshot()).toEqual(before);
    // The next push in line still applies.
    expect(await store.applyDelta(delta)).toEqual({ revision: 7, changed: true });
  });

  it('answers a wrong base with 409 base-mismatch, so the console sends the whole snapshot', async () => {
    const handlers = configHandlers(await storeAt(base), 'fe-1', () => {});
    const refused = await Promise.resolve(
      handlers.applyConfigDelta({ req: {} as never, body: { ...delta, base: 5 } }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 409, code: CONFIG_BASE_MISMATCH });
  });
});
