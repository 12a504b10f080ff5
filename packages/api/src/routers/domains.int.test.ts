import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callError } from '../../test/errors';
import { callerAs, createTestDeps, domainAdminCaller } from '../../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let deps: Deps;
let admin: Caller;

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
});
afterAll(async () => deps?.dispose());

const revisions = () => deps.db.prisma.configRevision.count();
const setting = <T extends { key: string }>(list: T[], key: string) => list.find((s) => s.key === key)!;

describe('shared domains', () => {
  it('creates a domain (normalized), records a revision and an audit entry', async () => {
    const before = await revisions();
    const res = await admin.domains.create({ name: ' Create.Example. ' });
    expect(res.domain.name).toBe('create.example');
    expect(await revisions()).toBe(before + 1);
    expect(res.revision).toBe(BigInt(before + 1));
    const audit = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'domains.create', outcome: 'SUCCESS' },
    });
    expect(audit?.targetName).toBe('create.example');
  });

  it.each([
    ['localhost', /fully qualified/],
    ['bad_domain.com', /only letters, digits/],
    ['10.1.2.3', /all digits/],
    ['a..b', /empty label/],
  ])('refuses the invalid name %j with a field error and writes nothing', async (name, why) => {
    const before = await revisions();
    const err = await callError(admin.domains.create({ name }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.fieldErrors.name?.[0]).toMatch(why);
    expect(await revisions()).toBe(before);
    expect(await deps.db.prisma.sharedDomain.count({ where: { name } })).toBe(0);
  });

  it('refuses a duplicate on the name field', async () => {
    await admin.domains.create({ name: 'dup.example' });
    const err = await callError(admin.domains.create({ name: 'DUP.example' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.fieldErrors.name?.[0]).toMatch(/already exists/);
  });

  it('renames and deletes (with the typed confirmation) and lists with search', async () => {
    await admin.domains.create({ name: 'old.example' });
    const { version } = await admin.domains.get({ name: 'old.example' });
    await admin.domains.rename({ name: 'old.example', newName: 'new.example', expectedVersion: version });
    await expect(admin.domains.get({ name: 'old.example' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await admin.domains.list({ search: 'new.ex' })).items.map((d) => d.name)).toEqual(['new.example']);
    const wrong = await callError(admin.domains.delete({ name: 'new.example', confirm: 'new' }));
    expect(wrong.fieldErrors.confirm?.[0]).toMatch(/Type the domain name/);
    await admin.domains.delete({ name: 'new.example', confirm: 'new.example' });
    expect((await admin.domains.list({ search: 'new.ex' })).items).toEqual([]);
  });
});

describe('settings inheritance: account, else domain, else cluster default, else built-in', () => {
  it('shows each effective value with its source, and resets overrides to inherited', async () => {
    await admin.domains.create({ name: 'inherit.example' });
    await admin.accounts.create({ domain: 'inherit.example', name: 'ann', password: 'a-long-enough-password' });
    const quota = async () =>
      setting((await admin.accounts.get({ address: 'ann@inherit.example' })).settings, 'mailboxQuotaMB');
    expect(await quota()).toMatchObject({ value: 1024, source: 'built-in' });

    const cluster = async () => (await admin.settings.clusterDefaults()).find((f) => f.family === 'account')!;
    await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await cluster()).version,
      changes: { mailboxQuotaMB: 500 },
    });
    expect(await quota()).toMatchObject({ value: 500, source: 'cluster' });

    const domain = async () => admin.domains.get({ name: 'inherit.example' });
    await admin.domains.updateSettings({
      name: 'inherit.example',
      expectedVersion: (await domain()).version,
      changes: { mailboxQuotaMB: 800 },
    });
    expect(await quota()).toMatchObject({ value: 800, source: 'domain' });

    const account = async () => admin.accounts.get({ address: 'ann@inherit.example' });
    await admin.accounts.updateSettings({
      address: 'ann@inherit.example',
      expectedVersion: (await account()).version,
      changes: { mailboxQuotaMB: 900 },
    });
    expect(await quota()).toMatchObject({
      value: 900,
      source: 'account',
      own: 900,
      inherited: { value: 800, source: 'domain' },
    });

    await admin.accounts.updateSettings({
      address: 'ann@inherit.example',
      expectedVersion: (await account()).version,
      changes: { mailboxQuotaMB: null },
    });
    expect(await quota()).toMatchObject({ value: 800, source: 'domain' });
    await admin.domains.updateSettings({
      name: 'inherit.example',
      expectedVersion: (await domain()).version,
      changes: { mailboxQuotaMB: null },
    });
    expect(await quota()).toMatchObject({ value: 500, source: 'cluster' });
    await admin.settings.updateClusterDefaults({
      family: 'account',
      expectedVersion: (await cluster()).version,
      changes: { mailboxQuotaMB: null },
    });
    expect(await quota()).toMatchObject({ value: 1024, source: 'built-in' });
  });
});

describe('validation: field errors, and nothing is written', () => {
  it('reports every bad setting at once', async () => {
    await admin.domains.create({ name: 'valid.example' });
    const before = await admin.domains.get({ name: 'valid.example' });
    const revs = await revisions();
    const err = await callError(
      admin.domains.updateSettings({
        name: 'valid.example',
        expectedVersion: before.version,
        changes: { maxAccounts: -1, language: 'xx', bogus: 1, theme: 'dark' },
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['changes.bogus', 'changes.language', 'changes.maxAccounts']);
    const after = await admin.domains.get({ name: 'valid.example' });
    expect(after.version).toBe(before.version);
    expect(setting(after.settings, 'theme').source).toBe('built-in'); // the valid key was not saved either
    expect(await revisions()).toBe(revs);
  });

  it('keeps cluster defaults to their family, and account names to RFC 5322 dot-atoms', async () => {
    const prefs = (await admin.settings.clusterDefaults()).find((f) => f.family === 'prefs')!;
    const err = await callError(
      admin.settings.updateClusterDefaults({
        family: 'prefs',
        expectedVersion: prefs.version,
        changes: { maxAccounts: 3 },
      }),
    );
    expect(err.fieldErrors['changes.maxAccounts']?.[0]).toMatch(/cannot be set here/);
    for (const [name, why] of [
      ['a..b', /two dots/],
      ['.a', /start or end/],
      ['a b', /cannot contain spaces/],
    ] as const) {
      const bad = await callError(admin.accounts.create({ domain: 'valid.example', name }));
      expect(bad.fieldErrors.name?.[0]).toMatch(why);
    }
    const short = await callError(admin.accounts.create({ domain: 'valid.example', name: 'bob', password: 'short' }));
    expect(short.fieldErrors.password?.[0]).toMatch(/at least 12/);
    expect(await deps.db.prisma.mailAccount.count({ where: { domain: { name: 'valid.example' } } })).toBe(0);
  });
});

describe('optimistic concurrency', () => {
  it('refuses the second save and says what the first one changed', async () => {
    await admin.domains.create({ name: 'race.example' });
    const other = await callerAs(deps, 'SERVER_ADMIN');
    const loaded = await admin.domains.get({ name: 'race.example' });
    await other.domains.updateSettings({
      name: 'race.example',
      expectedVersion: loaded.version,
      changes: { maxMessageSizeKB: 4096 },
    });
    const err = await callError(
      admin.domains.updateSettings({
        name: 'race.example',
        expectedVersion: loaded.version,
        changes: { maxMessageSizeKB: 1024 },
      }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/someone else saved/);
    expect(err.message).toContain('Maximum message size inherited → 4096');
    expect(err.message).toMatch(/server_admin-\d+-\w+@test\.local/);
    expect(setting((await admin.domains.get({ name: 'race.example' })).settings, 'maxMessageSizeKB').value).toBe(4096);
  });

  it('applies to cluster defaults too', async () => {
    const v = (await admin.settings.clusterDefaults()).find((f) => f.family === 'domain')!.version;
    await admin.settings.updateClusterDefaults({
      family: 'domain',
      expectedVersion: v,
      changes: { unknownRecipients: 'discard' },
    });
    const err = await callError(
      admin.settings.updateClusterDefaults({
        family: 'domain',
        expectedVersion: v,
        changes: { unknownRecipients: 'postmaster' },
      }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('"discard"');
  });
});

describe('which settings the cluster’s kinds of node do not enforce', () => {
  it('reports the drivers the collector stored, to every signed-in role', async () => {
    expect(await admin.settings.nodeDrivers()).toEqual([]);
    for (const [name, driver] of [
      ['nd-dovecot', 'dovecot'],
      ['nd-sim', 'simulated'],
    ] as const) {
      await deps.db.prisma.node.create({
        data: {
          name,
          role: 'BACKEND',
          adminUrl: 'http://127.0.0.1:1',
          tokenEnc: deps.secrets.seal('t'),
          status: { create: { capabilities: ['sessions', { feature: 'alerts', reason: 'no' }, { driver }] } },
        },
      });
    }
    expect(await admin.settings.nodeDrivers()).toEqual(['simulated', 'dovecot']);
    await admin.domains.create({ name: 'drivers.example' });
    const dora = await domainAdminCaller(deps, ['drivers.example']);
    expect(await dora.settings.nodeDrivers()).toEqual(['simulated', 'dovecot']);
    const defs = await dora.settings.definitions();
    const notOnDovecot = defs.filter((d) => d.enforcedBy.dovecot === false).map((d) => d.key);
    expect(notOnDovecot).toContain('maxSessions');
    expect(notOnDovecot).not.toContain('mailboxQuotaMB');
  });
});
