import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDomains } from '../services/domains/seed';
import { callerAs, createTestDeps } from '../../test/db';
import { callError } from '../../test/errors';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
const BASE = 'http://127.0.0.1:3000';

async function signIn(email: string, password: string) {
  return deps.auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': '10.9.0.1' },
      body: JSON.stringify({ email, password }),
    }),
  );
}

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(deps.db.prisma, [{ name: 'users.example', accounts: 0 }], 'seed-password-123');
});
afterAll(async () => deps?.dispose());

describe('user management', () => {
  it('creates a domain administrator with a one-time password they must change', async () => {
    const created = await admin.users.create({
      email: 'Dana@Example.org',
      name: 'Dana',
      role: 'DOMAIN_ADMIN',
      domains: ['users.example'],
    });
    expect(created.generatedPassword).toHaveLength(20);
    const listed = (await admin.users.list({ search: 'dana' }))[0]!;
    expect(listed).toMatchObject({ email: 'dana@example.org', role: 'DOMAIN_ADMIN', domains: ['users.example'] });
    expect(listed.mustChangePassword).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/"password"|scrypt|[0-9a-f]{32}:/i);
    expect((await signIn('dana@example.org', created.generatedPassword!)).status).toBe(200);

    const audit = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'users.create', targetId: created.id },
    });
    expect(JSON.stringify(audit?.after)).not.toContain(created.generatedPassword!);
  });

  it('checks roles against domains, and refuses unknown domains and duplicates', async () => {
    const cases = [
      [{ email: 'a@x.org', name: 'A', role: 'DOMAIN_ADMIN', domains: [] }, 'domains', /at least one domain/],
      [{ email: 'b@x.org', name: 'B', role: 'AUDITOR', domains: ['users.example'] }, 'domains', /Only domain admin/],
      [{ email: 'c@x.org', name: 'C', role: 'DOMAIN_ADMIN', domains: ['nope.example'] }, 'domains', /No shared domain/],
      [{ email: 'dana@example.org', name: 'D', role: 'AUDITOR', domains: [] }, 'email', /already exists/],
      [{ email: 'not-an-email', name: 'E', role: 'AUDITOR', domains: [] }, 'email', /e-mail/],
      [{ email: 'f@x.org', name: 'F', role: 'AUDITOR', domains: [], password: 'short' }, 'password', /12/],
    ] as const;
    for (const [input, field, why] of cases) {
      const err = await callError(admin.users.create(input as unknown as Parameters<typeof admin.users.create>[0]));
      expect(err.fieldErrors[field]?.[0], field).toMatch(why);
    }
    expect(await deps.db.prisma.user.count({ where: { email: { endsWith: '@x.org' } } })).toBe(0);
  });

  it('disabling signs the user out everywhere at once and refuses new sign-ins', async () => {
    const { id } = await admin.users.create({
      email: 'op@x.net',
      name: 'Op',
      role: 'CLUSTER_OPERATOR',
      password: 'operator-password-1',
    });
    expect((await signIn('op@x.net', 'operator-password-1')).status).toBe(200);
    expect(await deps.db.prisma.session.count({ where: { userId: id } })).toBe(1);
    await admin.users.setDisabled({ id, disabled: true });
    expect(await deps.db.prisma.session.count({ where: { userId: id } })).toBe(0);
    expect((await signIn('op@x.net', 'operator-password-1')).status).not.toBe(200);
    await admin.users.setDisabled({ id, disabled: false });
    const reset = await admin.users.resetPassword({ id });
    expect((await signIn('op@x.net', 'operator-password-1')).status).not.toBe(200);
    expect((await signIn('op@x.net', reset.generatedPassword!)).status).toBe(200);
    expect((await admin.users.signOutEverywhere({ id })).ended).toBe(1);
  });

  it('never leaves the console without an active server administrator', async () => {
    const me = (await admin.me.get()).id;
    // Not yourself, even while other administrators remain.
    const second = await callerAs(deps, 'SERVER_ADMIN');
    const secondId = (await second.me.get()).id;
    expect((await callError(admin.users.setDisabled({ id: me, disabled: true }))).message).toMatch(/yourself/);
    const demoteSelf = await callError(admin.users.update({ id: me, role: 'AUDITOR' }));
    expect([demoteSelf.code, demoteSelf.message]).toEqual(['CONFLICT', expect.stringMatching(/your own role/)]);
    expect((await admin.me.get()).role).toBe('SERVER_ADMIN');

    // Two administrators left, disabling each other at the same moment: one of them stays.
    const others = await deps.db.prisma.user.findMany({
      where: { role: 'SERVER_ADMIN', id: { notIn: [me, secondId] } },
    });
    for (const o of others) await deps.db.prisma.user.update({ where: { id: o.id }, data: { disabled: true } });
    const results = await Promise.allSettled([
      admin.users.setDisabled({ id: secondId, disabled: true }),
      second.users.setDisabled({ id: me, disabled: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const active = await deps.db.prisma.user.count({ where: { role: 'SERVER_ADMIN', disabled: false } });
    expect(active).toBe(1);

    // Whoever is last can be neither disabled nor demoted (here by an administrator since disabled).
    const last = await deps.db.prisma.user.findFirstOrThrow({ where: { role: 'SERVER_ADMIN', disabled: false } });
    const other = last.id === me ? second : admin;
    for (const attempt of [
      other.users.setDisabled({ id: last.id, disabled: true }),
      other.users.update({ id: last.id, role: 'AUDITOR' }),
    ]) {
      const err = await callError(attempt);
      expect([err.code, err.message]).toEqual(['CONFLICT', expect.stringMatching(/last active server administrator/)]);
    }
    // Everyone back, for the tests after this one.
    await deps.db.prisma.user.updateMany({ where: { role: 'SERVER_ADMIN' }, data: { disabled: false } });
  });

  it('lets every user change their own password, checking the current one', async () => {
    const { id } = await admin.users.create({
      email: 'aud@x.net',
      name: 'Aud',
      role: 'AUDITOR',
      password: 'auditor-password-1',
    });
    const user = await deps.db.prisma.user.findUniqueOrThrow({ where: { id } });
    const { createCaller } = await import('../root');
    const { createInnerContext } = await import('../context');
    const self = createCaller(createInnerContext(deps, { ...user, mustChangePassword: true }));
    const wrong = await callError(self.me.changePassword({ currentPassword: 'nope', newPassword: 'a-new-password-2' }));
    expect(wrong.fieldErrors.currentPassword?.[0]).toMatch(/not your current password/);
    await self.me.changePassword({ currentPassword: 'auditor-password-1', newPassword: 'a-new-password-2' });
    expect((await signIn('aud@x.net', 'a-new-password-2')).status).toBe(200);
    expect((await deps.db.prisma.user.findUniqueOrThrow({ where: { id } })).mustChangePassword).toBe(false);
    // Auditors read users but manage none (the next request reads the cleared flag).
    const after = createCaller(createInnerContext(deps, { ...user, mustChangePassword: false }));
    expect((await after.users.list({})).length).toBeGreaterThan(0);
    expect((await callError(after.users.signOutEverywhere({ id }))).code).toBe('FORBIDDEN');
  });
});
