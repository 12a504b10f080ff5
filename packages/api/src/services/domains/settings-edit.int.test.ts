import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../../test/db';
import { seedDomains } from './seed';
import { conflictError } from './settings-edit';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
let admin: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(deps.db.prisma, [{ name: 'race.example', accounts: 2 }], 'seed-password-123');
});
afterAll(() => deps?.dispose());

describe('a lost save names the version that won', () => {
  it('for two saves of one account at once, whichever loses', async () => {
    const address = 'user1@race.example';
    const { version } = await admin.accounts.get({ address });
    const results = await Promise.allSettled([
      admin.accounts.updateSettings({ address, expectedVersion: version, changes: { imapEnabled: false } }),
      admin.accounts.updateSettings({ address, expectedVersion: version, changes: { pop3Enabled: false } }),
    ]);
    const lost = results.filter((r) => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    const message = String((lost[0] as PromiseRejectedResult).reason);
    expect(message).toContain(`version ${version}, now ${version + 1}`);
  });

  it('even when the caller read the row before the winner committed (a stale version)', async () => {
    const defaults = async () => (await admin.settings.clusterDefaults()).find((f) => f.family === 'account')!;
    const before = (await defaults()).version;
    await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: before,
      changes: { mailboxQuotaMB: 2048 },
    });
    // The loser's view: it read `before` and lost to the save above.
    for (const [scope, target, stale] of [
      ['cluster', 'account', before],
      ['account', 'user1@race.example', 0],
    ] as const) {
      const error = await conflictError(deps.db.prisma, { scope, target }, stale, stale);
      const won = scope === 'cluster' ? before + 1 : (await admin.accounts.get({ address: target })).version;
      expect(error.message).toContain(`version ${stale}, now ${won}`);
      expect(error.message).not.toContain(`now ${stale})`);
    }
  });
});
