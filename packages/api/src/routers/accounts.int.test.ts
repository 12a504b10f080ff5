import { createNodeClient } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyMailPassword } from '../services/domains/password';
import { seedDomains } from '../services/domains/seed';
import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callError } from '../../test/errors';
import { callerAs, collectOnce, createTestDeps, domainAdminCaller } from '../../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let deps: Deps;
let admin: Caller;
let dora: Caller; // domain administrator of a.example only

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(
    deps.db.prisma,
    [
      { name: 'a.example', accounts: 120 },
      { name: 'b.example', accounts: 30 },
    ],
    'seed-password-123',
  );
  dora = await domainAdminCaller(deps, ['a.example']);
});
afterAll(async () => deps?.dispose());

describe('accounts', () => {
  it('pages by keyset in natural order, and searches by prefix across domains', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.accounts.list({ domain: 'a.example', limit: 50, cursor });
      seen.push(...page.items.map((a) => a.address));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen.slice(0, 3)).toEqual(['user1@a.example', 'user2@a.example', 'user3@a.example']);
    expect(seen.at(-1)).toBe('user120@a.example');

    const across = await admin.accounts.list({ search: 'user12', limit: 50 });
    // Natural order; equal names (one per domain) in domain id order.
    expect(across.items.map((a) => a.name)).toEqual(['user12', 'user12', 'user120']);
    expect(across.items.map((a) => a.address).sort()).toEqual(
      ['user12@a.example', 'user12@b.example', 'user120@a.example'].sort(),
    );
    const narrowed = await admin.accounts.list({ search: 'user12@b', limit: 50 });
    expect(narrowed.items.map((a) => a.address)).toEqual(['user12@b.example']);
    const bad = await callError(admin.accounts.list({ cursor: 'not-a-cursor', limit: 5 }));
    expect(bad.fieldErrors.cursor?.[0]).toMatch(/not valid/);
  });

  it('creates with a generated password shown once; the hash never leaves the server', async () => {
    const res = await admin.accounts.create({ domain: 'b.example', name: 'New.User', realName: 'New User' });
    expect(res.address).toBe('new.user@b.example');
    expect(res.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const got = await admin.accounts.get({ address: 'NEW.USER@B.EXAMPLE' });
    expect(JSON.stringify(got)).not.toMatch(/scrypt|passwordHash/);
    const audit = await deps.db.prisma.auditEvent.findMany({ where: { targetName: 'new.user@b.example' } });
    expect(audit.length).toBeGreaterThan(0);
    const text = JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toContain(res.generatedPassword!);
    expect(text).not.toMatch(/scrypt\$/);
    const dup = await callError(admin.accounts.create({ domain: 'b.example', name: 'new.user' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.fieldErrors.name?.[0]).toMatch(/already exists/);
  });

  it("enforces the domain's account limit", async () => {
    await admin.domains.create({ name: 'small.example', settings: { maxAccounts: 1 } });
    await admin.accounts.create({ domain: 'small.example', name: 'one' });
    const err = await callError(admin.accounts.create({ domain: 'small.example', name: 'two' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/maximum of 1 accounts/);
  });

  it('renames, disables, resets the password and deletes, each a revision', async () => {
    await admin.accounts.create({ domain: 'b.example', name: 'temp', password: 'temporary-password' });
    const before = await deps.db.prisma.configRevision.count();
    const { version } = await admin.accounts.get({ address: 'temp@b.example' });
    await admin.accounts.rename({ address: 'temp@b.example', newName: 'renamed', expectedVersion: version });
    await admin.accounts.setEnabled({ address: 'renamed@b.example', enabled: false });
    expect((await admin.accounts.get({ address: 'renamed@b.example' })).enabled).toBe(false);
    const reset = await admin.accounts.resetPassword({ address: 'renamed@b.example' });
    expect(reset.generatedPassword).toHaveLength(20);
    const stale = await callError(
      admin.accounts.rename({ address: 'renamed@b.example', newName: 'x', expectedVersion: version }),
    );
    expect(stale.code).toBe('CONFLICT');
    await admin.accounts.delete({ address: 'renamed@b.example', confirm: 'renamed@b.example', mailbox: 'keep' });
    await expect(admin.accounts.get({ address: 'renamed@b.example' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await deps.db.prisma.configRevision.count()).toBe(before + 4);
  });
});

describe('mail passwords in a scheme Dovecot verifies', () => {
  it('stores {BLF-CRYPT} for new and reset passwords, never in the audit log', async () => {
    await admin.accounts.create({ domain: 'b.example', name: 'blf', password: 'blowfish-password-1' });
    const row = () =>
      deps.db.prisma.mailAccount.findFirstOrThrow({ where: { name: 'blf' }, select: { passwordHash: true } });
    const created = (await row()).passwordHash;
    expect(created).toMatch(/^\{BLF-CRYPT\}\$2b\$10\$/);
    expect(await verifyMailPassword('blowfish-password-1', created)).toBe(true);
    await admin.accounts.resetPassword({ address: 'blf@b.example', password: 'blowfish-password-2' });
    const reset = (await row()).passwordHash;
    expect(reset).not.toBe(created);
    expect(await verifyMailPassword('blowfish-password-2', reset)).toBe(true);
    const audit = await deps.db.prisma.auditEvent.findMany({ where: { targetName: 'blf@b.example' } });
    const text = JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toMatch(/BLF-CRYPT|\$2b\$|blowfish-password/);
    const long = await callError(admin.accounts.resetPassword({ address: 'blf@b.example', password: 'x'.repeat(73) }));
    expect(long.fieldErrors.password?.[0]).toMatch(/72 bytes/);
  });

  it('asks for a new password where the stored hash is one the mail servers cannot verify', async () => {
    await admin.domains.create({ name: 'legacy.example' });
    await admin.accounts.create({ domain: 'legacy.example', name: 'old', password: 'old-password-123' });
    await admin.accounts.create({ domain: 'legacy.example', name: 'fine', password: 'new-password-123' });
    await deps.db.prisma.mailAccount.updateMany({
      where: { name: 'old', domain: { name: 'legacy.example' } },
      data: { passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5' },
    });
    const old = await admin.accounts.get({ address: 'old@legacy.example' });
    expect(old.passwordProblem).toMatch(/must be set again.*cannot verify/);
    expect((await admin.accounts.get({ address: 'fine@legacy.example' })).passwordProblem).toBeNull();
    expect((await admin.domains.get({ name: 'legacy.example' })).accountsNeedingPassword).toBe(1);
    await admin.accounts.resetPassword({ address: 'old@legacy.example', password: 'brand-new-password' });
    expect((await admin.accounts.get({ address: 'old@legacy.example' })).passwordProblem).toBeNull();
    expect((await admin.domains.get({ name: 'legacy.example' })).accountsNeedingPassword).toBe(0);
  });
});

describe('deleting an account asks what happens to its mailbox', () => {
  it('requires the choice, checks the archive folder, and records it in the revision and the audit log', async () => {
    const address = 'leaving@b.example';
    await admin.accounts.create({ domain: 'b.example', name: 'leaving', password: 'leaving-password-1' });
    const id = (await admin.accounts.get({ address })).id;
    const revisions = await deps.db.prisma.configRevision.count();
    const missing = await callError(
      // @ts-expect-error the mailbox choice is required
      admin.accounts.delete({ address, confirm: address }),
    );
    expect(missing.fieldErrors.mailbox?.[0]).toMatch(/Choose what happens to the mailbox/);
    for (const archiveFolder of [undefined, '', '../etc', 'a/b', '..', 'x'.repeat(65)]) {
      const bad = await callError(
        admin.accounts.delete({ address, confirm: address, mailbox: 'archive', archiveFolder }),
      );
      expect(bad.code).toBe('BAD_REQUEST');
      expect(bad.fieldErrors.archiveFolder?.[0]).toBeTruthy();
    }
    // Nothing happened on any refusal.
    expect((await admin.accounts.get({ address })).id).toBe(id);
    expect(await deps.db.prisma.configRevision.count()).toBe(revisions);

    const { revision } = await admin.accounts.delete({
      address,
      confirm: address,
      mailbox: 'archive',
      archiveFolder: 'leaving-2024',
    });
    const rev = await deps.db.prisma.configRevision.findUniqueOrThrow({ where: { id: revision } });
    expect(rev.summary).toMatch(/archived to folder leaving-2024/);
    expect(rev.changes).toMatchObject({
      items: [{ key: 'deleted', before: { id }, after: { mailbox: 'archive', archiveFolder: 'leaving-2024' } }],
    });
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'accounts.delete', targetName: address, outcome: 'SUCCESS' },
    });
    expect(entry.before).toMatchObject({ address, enabled: true });
    expect(entry.after).toMatchObject({ mailbox: 'archive', archiveFolder: 'leaving-2024' });
  });
});

describe('names the mail servers cannot take are refused up front', () => {
  it.each([
    ['"quoted"', /Quoted/],
    ['jürgen', /ASCII/],
    ['a:b', /":"/],
    // Refused by the input's text check or the name rule, whichever sees them first.
    ['a\nb', /control characters/i],
    ['a\u0000b', /control characters/i],
    ['a b', /spaces/],
    ['a#b', /"#"/],
    ['a,b', /","/],
    ['x+tag', /"\+"/],
    ['.dot', /start or end with a dot/],
    ['dot.', /start or end with a dot/],
    ['-opt', /start with a letter/],
  ])('create %j: a field error, no row, no revision', async (name, why) => {
    const revisions = await deps.db.prisma.configRevision.count();
    const accounts = await deps.db.prisma.mailAccount.count();
    const err = await callError(admin.accounts.create({ domain: 'b.example', name, password: 'a-long-password-1' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.fieldErrors.name?.[0]).toMatch(why);
    expect(await deps.db.prisma.mailAccount.count()).toBe(accounts);
    expect(await deps.db.prisma.configRevision.count()).toBe(revisions);
  });

  it('refuses such a name on rename too, and a non-ASCII domain name', async () => {
    const { version } = await admin.accounts.get({ address: 'user2@b.example' });
    const err = await callError(
      admin.accounts.rename({ address: 'user2@b.example', newName: 'a|b', expectedVersion: version }),
    );
    expect(err.fieldErrors.newName?.[0]).toMatch(/"\|"/);
    const domain = await callError(admin.domains.create({ name: 'bücher.example' }));
    expect(domain.fieldErrors.name?.[0]).toMatch(/ASCII form/);
    expect(await deps.db.prisma.sharedDomain.count({ where: { name: { contains: 'cher' } } })).toBe(0);
  });
});

describe('a domain administrator (tenant in every where)', () => {
  it('sees only their domain, in lists and searches', async () => {
    expect((await dora.domains.list({ limit: 50 })).items.map((d) => d.name)).toEqual(['a.example']);
    const all = await dora.accounts.list({ search: 'user1', limit: 200 });
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((a) => a.domain === 'a.example')).toBe(true);
  });

  it("gets 404 for another domain's objects, exactly like for objects that do not exist", async () => {
    const before = await deps.db.prisma.sharedDomain.findUnique({ where: { name: 'b.example' } });
    // Thunks: each call starts only when awaited (a rejection must never wait unobserved).
    const calls = [
      () => dora.domains.get({ name: 'b.example' }),
      () => dora.accounts.list({ domain: 'b.example', limit: 10 }),
      () => dora.accounts.get({ address: 'user1@b.example' }),
      () => dora.accounts.where({ address: 'user1@b.example' }),
      () => dora.domains.updateSettings({ name: 'b.example', expectedVersion: 0, changes: { language: 'de' } }),
      () =>
        dora.accounts.updateSettings({ address: 'user1@b.example', expectedVersion: 0, changes: { language: 'de' } }),
      () => dora.accounts.setEnabled({ address: 'user1@b.example', enabled: false }),
      () => dora.accounts.delete({ address: 'user1@b.example', confirm: 'user1@b.example', mailbox: 'remove' }),
      () => dora.accounts.create({ domain: 'b.example', name: 'intruder' }),
      () => dora.accounts.endSessions({ address: 'user1@b.example' }),
    ];
    for (const call of calls) {
      const err = await callError(call());
      expect(err.code).toBe('NOT_FOUND');
      expect(err.message).toMatch(/not (in a domain|one) you manage/);
    }
    const ghost = await callError(dora.domains.get({ name: 'no-such.example' }));
    expect(ghost.message).toBe((await callError(dora.domains.get({ name: 'b.example' }))).message);
    expect(await deps.db.prisma.sharedDomain.findUnique({ where: { name: 'b.example' } })).toEqual(before);
    expect((await admin.accounts.get({ address: 'user1@b.example' })).enabled).toBe(true);
  });

  it('manages accounts and domain-editable settings of their own domain, and nothing else', async () => {
    await dora.accounts.create({ domain: 'a.example', name: 'dora.made', password: 'long-enough-password' });
    const { version } = await dora.domains.get({ name: 'a.example' });
    await dora.domains.updateSettings({ name: 'a.example', expectedVersion: version, changes: { language: 'fr' } });
    const denied = await callError(
      dora.domains.updateSettings({ name: 'a.example', expectedVersion: version + 1, changes: { maxAccounts: 5 } }),
    );
    expect(denied.code).toBe('FORBIDDEN');
    expect(denied.fieldErrors['changes.maxAccounts']?.[0]).toMatch(/Only server administrators/);
    const audit = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'domains.updateSettings', outcome: 'DENIED' },
    });
    expect(audit?.domain).toBe('a.example');
    for (const call of [
      () => dora.domains.create({ name: 'mine.example' }),
      () => dora.domains.delete({ name: 'a.example', confirm: 'a.example' }),
      () => dora.settings.clusterDefaults(),
      () => dora.settings.updateClusterDefaults({ family: 'prefs', expectedVersion: 0, changes: { language: 'de' } }),
      () => dora.nodes.list({}),
    ]) {
      expect((await callError(call())).code).toBe('FORBIDDEN');
    }
  });

  it('sees configuration changes of their domain only, with counts but no node names', async () => {
    const status = await dora.config.status({ limit: 50 });
    expect(status.revisions.length).toBeGreaterThan(0);
    expect(status.revisions.every((r) => r.domain === 'a.example')).toBe(true);
    expect(status.overall.lagging).toEqual([]);
  });
});

describe('where an account is open: node names for the cluster roles, totals for domain administrators', () => {
  // The simulated backends open sessions for user<N>@example.com.
  let agents: RunningAgent[] = [];
  let ed: Caller; // domain administrator of example.com
  let open = '';
  const nodeIds = () => deps.db.prisma.node.findMany({ select: { id: true } }).then((n) => n.map((x) => x.id));
  /** Nothing that names or locates a node: names, ids, admin URLs (host:port). */
  async function expectNoNodeInternals(value: unknown) {
    const text = JSON.stringify(value);
    for (const a of agents) {
      expect(text).not.toContain(a.name);
      expect(text).not.toContain(new URL(a.adminUrl).host);
    }
    for (const id of await nodeIds()) expect(text).not.toContain(id);
    expect(text).not.toMatch(/ECONNREFUSED|fetch failed|127\.0\.0\.1/);
  }
  const sessionsTotal = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    agents = await Promise.all([
      startAgentProcess('acc-backend-1', 'backend', ['--seed=11']),
      startAgentProcess('acc-backend-2', 'backend', ['--seed=12']),
    ]);
    for (const a of agents) {
      await admin.nodes.register({
        name: a.name,
        role: 'BACKEND',
        adminUrl: a.adminUrl,
        token: a.token,
        allowPlainHttp: true,
      });
    }
    await seedDomains(deps.db.prisma, [{ name: 'example.com', accounts: 60 }], 'seed-password-123');
    ed = await domainAdminCaller(deps, ['example.com']);
    await collectOnce(deps);
    const client = createNodeClient({ baseUrl: agents[0]!.adminUrl, token: agents[0]!.token });
    const batch = Array.from({ length: 60 }, (_, i) => `user${i + 1}@example.com`);
    open = (await client.accountSessions(batch)).accounts[0]?.address ?? '';
  }, 120_000);
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
  });

  it('answers both with the same totals; only the administrator learns which nodes', async () => {
    expect(open).not.toBe('');
    const forAdmin = await admin.accounts.where({ address: open });
    if (forAdmin.detail !== 'nodes') throw new Error('a server administrator sees each node');
    expect(forAdmin.openOn.map((o) => o.node.name)).toContain('acc-backend-1');
    expect(forAdmin.nodesOpen).toBe(forAdmin.openOn.length);

    const forEd = await ed.accounts.where({ address: open });
    expect(forEd).toEqual({
      detail: 'totals',
      address: open,
      nodesOpen: expect.any(Number) as number,
      sessions: {
        imap: expect.any(Number),
        pop: expect.any(Number),
        smtp: expect.any(Number),
        http: expect.any(Number),
      },
      nodesUnanswered: 0,
      nodesNotAsked: 0,
      checkedAt: expect.any(Date) as Date,
    });
    expect(forEd.nodesOpen).toBeGreaterThan(0);
    expect(sessionsTotal(forEd.sessions)).toBeGreaterThan(0);
    await expectNoNodeInternals(forEd);

    // Ending them: how many sessions and nodes, never which nodes.
    const ended = await ed.accounts.endSessions({ address: open });
    expect(ended).toEqual({
      detail: 'totals',
      ended: expect.any(Number) as number,
      nodesAsked: 2,
      nodesFailed: 0,
      nodesNotAsked: 0,
    });
    expect(ended.ended).toBeGreaterThan(0);
    await expectNoNodeInternals(ended);
    expect((await admin.accounts.where({ address: open })).nodesOpen).toBe(0);
  });

  it('counts, without naming them, nodes that do not answer or are down', async () => {
    const [first, second] = agents as [RunningAgent, RunningAgent];
    await collectOnce(deps);
    await second.stop();
    // first: down by the collector's verdict (not asked); second: thought live, but gone (no answer).
    await deps.db.prisma.nodeStatus.updateMany({
      where: { node: { name: first.name } },
      data: { lastSeenAt: new Date(Date.now() - 60_000) },
    });
    await deps.db.prisma.nodeStatus.updateMany({
      where: { node: { name: second.name } },
      data: { lastSeenAt: new Date() },
    });
    const forAdmin = await admin.accounts.where({ address: open });
    if (forAdmin.detail !== 'nodes') throw new Error('a server administrator sees each node');
    expect(forAdmin.errors.map((e) => e.node.name)).toEqual([second.name]);
    expect(forAdmin.notAsked.map((n) => n.name)).toEqual([first.name]);

    const forEd = await ed.accounts.where({ address: open });
    expect(forEd).toMatchObject({ detail: 'totals', nodesOpen: 0, nodesUnanswered: 1, nodesNotAsked: 1 });
    await expectNoNodeInternals(forEd);

    const ended = await ed.accounts.endSessions({ address: open });
    expect(ended).toEqual({ detail: 'totals', ended: 0, nodesAsked: 1, nodesFailed: 1, nodesNotAsked: 1 });
    await expectNoNodeInternals(ended);
    const byAdmin = await admin.accounts.endSessions({ address: open });
    if (byAdmin.detail !== 'nodes') throw new Error('a server administrator sees each node');
    expect(byAdmin.nodes.map((n) => n.node)).toEqual([second.name]);
    expect(byAdmin.notAsked.map((n) => n.name)).toEqual([first.name]);
    // Refused for another domain as before: not found, whatever the nodes.
    expect((await callError(ed.accounts.where({ address: 'user1@a.example' }))).code).toBe('NOT_FOUND');
  });

  it('keeps node names in the audit log for operators, and shows domain administrators only counts', async () => {
    const entries = await admin.audit.list({ action: 'accounts.endSessions', limit: 20 });
    const failed = entries.items.find((e) => e.outcome === 'FAILURE');
    if (!failed) throw new Error('the failed end-sessions entry is missing');
    expect(failed.error).toContain(agents[1]!.name);
    const full = await admin.audit.get({ id: failed.id });
    expect(JSON.stringify(full.after)).toContain(agents[0]!.name);

    const seen = await ed.audit.list({ action: 'accounts.endSessions', limit: 20 });
    expect(seen.items.map((e) => e.id)).toEqual(
      entries.items.filter((e) => e.domain === 'example.com').map((e) => e.id),
    );
    await expectNoNodeInternals(seen);
    const detail = await ed.audit.get({ id: failed.id });
    await expectNoNodeInternals(detail);
    expect(detail.after).toMatchObject({ nodes: '1 node(s)', notAsked: '1 node(s)' });
  });
});
