// PUT /v1/config/accounts: the whole account set staged in pages, applied with the snapshot that
// announces it; and the error a refused revision leaves in the status.
import type { ConfigSnapshot } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { ConfigStore, StageIncompleteError, type ApplyContext } from './config-store';
import { tempDir } from './test-helpers';

const snap = (revision: number, patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot => ({
  revision,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: [{ name: 'example.com', settings: {} }],
  accounts: [],
  accountsReset: false,
  alerts: [],
  ...patch,
});
const acct = (n: number) => ({ address: `u${n}@example.com`, settings: {}, enabled: true, id: `id${n}` });

describe('staged account sets', () => {
  it('applies the staged pages atomically with the snapshot and hands the driver the whole set', async () => {
    const seen: ApplyContext[] = [];
    const store = await ConfigStore.load(await tempDir(), { onApply: async (_, ctx) => void seen.push(ctx) });
    await store.apply(snap(1, { accounts: [acct(99)] }));
    expect(store.stageAccounts({ revision: 2, page: 0, accounts: [acct(1), acct(2)], last: false })).toEqual({
      revision: 2,
      staged: 2,
      complete: false,
    });
    expect(store.stageAccounts({ revision: 2, page: 1, accounts: [acct(3)], last: true }).complete).toBe(true);
    await store.apply(snap(2, { accountsReset: true, accountsStaged: 3 }));
    expect([...seen[1]!.accounts.keys()]).toEqual(['u1@example.com', 'u2@example.com', 'u3@example.com']);
    expect([...seen[1]!.previous.keys()]).toEqual(['u99@example.com']);
    expect(store.snapshot().accounts.map((a) => a.id)).toEqual(['id1', 'id2', 'id3']);
  });

  it('refuses a snapshot whose count does not match, and pages out of order', async () => {
    const store = await ConfigStore.load(await tempDir());
    store.stageAccounts({ revision: 5, page: 0, accounts: [acct(1)], last: false });
    expect(() => store.stageAccounts({ revision: 5, page: 2, accounts: [], last: true })).toThrow(StageIncompleteError);
    await expect(store.apply(snap(5, { accountsReset: true, accountsStaged: 1 }))).rejects.toThrow(/last page missing/);
    // Staging for another revision drops the older stage.
    store.stageAccounts({ revision: 6, page: 0, accounts: [acct(1)], last: true });
    expect(() => store.stageAccounts({ revision: 5, page: 1, accounts: [], last: true })).toThrow(/expected page 0/);
    await expect(store.apply(snap(6, { accountsReset: true, accountsStaged: 2 }))).rejects.toThrow(/1 staged/);
    expect(store.status().revision).toBe(0);
    expect(await store.apply(snap(6, { accountsReset: true, accountsStaged: 1 }))).toEqual({
      revision: 6,
      changed: true,
    });
  });

  it('reports the refused revision with its reason until a newer one applies', async () => {
    let fail = true;
    const store = await ConfigStore.load(await tempDir(), {
      onApply: async () => {
        if (fail) throw new Error('doveconf: unknown setting');
      },
    });
    await expect(store.apply(snap(3))).rejects.toThrow(/unknown setting/);
    expect(store.status()).toMatchObject({
      revision: 0,
      lastError: { revision: 3, message: 'doveconf: unknown setting' },
    });
    fail = false;
    await store.apply(snap(4));
    expect(store.status()).toEqual({ revision: 4, appliedAt: expect.any(String) });
  });

  it('keeps ids and hashes but not the one-off delete and rename markers', async () => {
    const store = await ConfigStore.load(await tempDir());
    await store.apply(
      snap(1, {
        accounts: [
          { ...acct(1), passwordHash: '{PLAIN}x', renamedFrom: 'old@example.com' },
          { ...acct(2), settings: null, deleted: { mailbox: 'remove' } },
        ],
      }),
    );
    expect(store.snapshot().accounts).toEqual([{ ...acct(1), passwordHash: '{PLAIN}x' }]);
  });

  it('forgets the applied revision on request (the mail server lost its files), on disk too', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.load(dir);
    await store.apply(snap(4, { accounts: [acct(1)] }));
    await store.forget('files gone');
    expect(store.status().revision).toBe(0);
    expect((await ConfigStore.load(dir)).status().revision).toBe(0);
    expect(await store.apply(snap(4, { accounts: [acct(1)], accountsReset: true }))).toEqual({
      revision: 4,
      changed: true,
    });
  });
});
