import type { ConfigSnapshot } from '@cc/node-api';
import { describe, expect, it } from 'vitest';

import { deltaOf } from './delta';

const snapshot: ConfigSnapshot = {
  revision: 9,
  defaults: { domain: { a: 1 }, account: { b: 2 }, prefs: { c: 3 } },
  domains: [
    { name: 'kept.example', settings: {} },
    { name: 'new.example', settings: { maxAccounts: 5 } },
  ],
  accounts: [{ address: 'kim@kept.example', settings: {}, enabled: true }],
  accountsReset: false,
  alerts: [],
};

describe('deltaOf', () => {
  it('carries only the changed families, domains (a renamed one also as removed) and alerts', () => {
    const rows = [
      { scope: 'cluster', target: 'prefs', changes: { items: [] } },
      { scope: 'domain', target: 'new.example', changes: { items: [{ key: 'name', before: 'old.example' }] } },
      { scope: 'domain', target: 'gone.example', changes: { items: [] } },
      { scope: 'account', target: 'kim@kept.example', changes: { items: [] } },
    ];
    expect(deltaOf(snapshot, 7n, rows)).toEqual({
      base: 7,
      revision: 9,
      defaults: { prefs: { c: 3 } },
      domains: [{ name: 'new.example', settings: { maxAccounts: 5 } }],
      removedDomains: ['old.example', 'gone.example'],
      accounts: snapshot.accounts,
    });
    expect(deltaOf(snapshot, 8n, [{ scope: 'alert', target: 'x', changes: {} }])).toMatchObject({ alerts: [] });
  });

  it('gives every family for a cluster-wide change that is not one family, and none for a reset', () => {
    expect(deltaOf(snapshot, 8n, [{ scope: 'cluster', target: 'seed', changes: {} }])?.defaults).toEqual(
      snapshot.defaults,
    );
    expect(deltaOf(snapshot, 8n, [{ scope: 'cluster', target: 'seed', changes: { resetAccounts: true } }])).toBeNull();
  });
});
