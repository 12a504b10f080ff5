import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUserWithPassword, resolveSessionUser } from '@cc/auth';
import { secretOfUri, totp } from '@cc/auth/testing';
import type { Role } from '@cc/db';

import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { callerAs, createTestDeps } from '../../../test/db';
import { callError } from '../../../test/errors';
import { handleAuthRequest } from './auth-events';
import { canonicalJson } from './chain';

// Two-factor sign-in end to end through the console's auth route (handleAuthRequest around better-auth),
// with what the audit log and the tRPC API say about it.

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
});
afterAll(async () => deps?.dispose());

let ipCounter = 0;

/** A browser with its own address and cookies, talking to /api/auth as the console routes it. */
class Browser {
  readonly ip = `10.60.0.${++ipCounter}`;
  private readonly jar = new Map<string, string>();

  get headers(): Headers {
    return new Headers({ cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  }

  async post(pathname: string, body: unknown = {}) {
    const res = await handleAuthRequest(
      { auth: deps.auth, prisma: deps.db.prisma },
      new Request(`${BASE}/api/auth${pathname}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: BASE,
          'x-forwarded-for': this.ip,
          cookie: this.headers.get('cookie') ?? '',
        },
        body: JSON.stringify(body),
      }),
      { ip: this.ip, userAgent: 'vitest-2fa/1.0' },
    );
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }

  signIn(email: string, password = PASSWORD) {
    return this.post('/sign-in/email', { email, password });
  }

  /** Entries recorded from this browser's address, oldest first. */
  entries() {
    return deps.db.prisma.auditEvent.findMany({ where: { sourceIp: this.ip }, orderBy: { id: 'asc' } });
  }
}

async function newUser(tag: string) {
  const email = `${tag}-${randomBytes(3).toString('hex')}@test.local`;
  const user = await createUserWithPassword(deps.db.prisma, { email, name: tag, role: 'AUDITOR', password: PASSWORD });
  return { ...user, email };
}

/** Signs in and turns two-factor on as the account page does; returns the browser, still signed in. */
async function enrol(email: string) {
  const b = new Browser();
  expect((await b.signIn(email)).status).toBe(200);
  const setup = await b.post('/two-factor/enable', { password: PASSWORD });
  expect(setup.status).toBe(200);
  const secret = secretOfUri(setup.json.totpURI as string);
  expect((await b.post('/two-factor/verify-totp', { code: totp(secret) })).status).toBe(200);
  return { b, secret, backupCodes: setup.json.backupCodes as string[] };
}

const sessionsOf = (userId: string) => deps.db.prisma.session.count({ where: { userId } });
const summary = (rows: Array<{ action: string; outcome: string }>) => rows.map((r) => `${r.action} ${r.outcome}`);

function callerFor(user: { id: string; email: string; name: string; role: Role }) {
  return createCaller(createInnerContext(deps, { ...user, mustChangePassword: false }));
}

describe('turning two-factor sign-in on', () => {
  it('needs the password and a first code; each step is recorded, and no secret is ever shown again', async () => {
    const u = await newUser('enrol');
    const b = new Browser();
    expect((await b.signIn(u.email)).status).toBe(200);
    expect((await b.post('/two-factor/enable', { password: 'not-my-password-1' })).status).toBe(400);
    const setup = await b.post('/two-factor/enable', { password: PASSWORD });
    const secret = secretOfUri(setup.json.totpURI as string);
    const codes = setup.json.backupCodes as string[];
    expect(codes).toHaveLength(10);
    expect((await b.post('/two-factor/verify-totp', { code: '000000' })).status).toBe(401);
    expect((await callerFor(u).me.get()).twoFactorEnabled).toBe(false);
    expect((await b.post('/two-factor/verify-totp', { code: totp(secret) })).status).toBe(200);

    const rows = await b.entries();
    expect(summary(rows)).toEqual([
      'auth.sign-in SUCCESS',
      'auth.two-factor.setup FAILURE',
      'auth.two-factor.setup SUCCESS',
      'auth.two-factor.enable STARTED',
      'auth.two-factor.enable FAILURE',
      'auth.two-factor.enable STARTED',
      'auth.two-factor.enable SUCCESS',
    ]);
    expect(rows.every((r) => r.actorEmail === u.email && r.targetId === u.id)).toBe(true);
    expect(rows[1]!.error).toMatch(/invalid password/i);
    expect(rows[4]!.error).toMatch(/invalid code/i);
    expect(rows[6]!.before).toEqual({ twoFactorEnabled: false });
    expect(rows[6]!.after).toEqual({ twoFactorEnabled: true, method: 'totp' });
    expect(rows[2]!.after).toEqual({ twoFactorEnabled: false, backupCodes: 10, awaitingFirstCode: true });

    // On now: the account page and the users list say so, and nothing in the API or the log holds a secret.
    expect((await callerFor(u).me.get()).twoFactorEnabled).toBe(true);
    const listed = (await admin.users.list({ search: u.email }))[0]!;
    expect(listed.twoFactorEnabled).toBe(true);
    const stored = await deps.db.prisma.twoFactor.findFirstOrThrow({ where: { userId: u.id } });
    const outputs = canonicalJson([
      await callerFor(u).me.get(),
      await admin.users.list({}),
      await admin.audit.list({ limit: 200 }),
      await deps.db.prisma.auditEvent.findMany(),
    ]);
    for (const s of [secret, stored.secret, stored.backupCodes, ...codes]) expect(outputs).not.toContain(s);
  });
});

describe('signing in with two-factor on', () => {
  it('stops at the password (no session, not a completed sign-in) until the right code', async () => {
    const u = await newUser('signin');
    const { secret } = await enrol(u.email);
    await deps.db.prisma.session.deleteMany({ where: { userId: u.id } });

    const b = new Browser();
    const first = await b.signIn(u.email);
    expect(first).toEqual({ status: 200, json: { twoFactorRedirect: true, twoFactorMethods: ['totp'] } });
    expect(await sessionsOf(u.id)).toBe(0);
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, b.headers)).toBeNull();

    const wrong = await b.post('/two-factor/verify-totp', { code: totp(secret, Date.now() - 10 * 60_000) });
    expect(wrong.status).toBe(401);
    expect(await sessionsOf(u.id)).toBe(0);
    // Remembering this device would skip the second factor next time: not offered.
    const trusted = await b.post('/two-factor/verify-totp', { code: totp(secret), trustDevice: true });
    expect(trusted.status).toBe(400);
    expect(await sessionsOf(u.id)).toBe(0);

    const right = await b.post('/two-factor/verify-totp', { code: totp(secret) });
    expect(right.status).toBe(200);
    expect(await sessionsOf(u.id)).toBe(1);
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, b.headers)).toMatchObject({ id: u.id });

    const rows = await b.entries();
    expect(summary(rows)).toEqual([
      'auth.sign-in STARTED',
      'auth.sign-in FAILURE',
      'auth.sign-in FAILURE',
      'auth.sign-in SUCCESS',
    ]);
    expect(rows[0]).toMatchObject({ actorEmail: u.email, targetName: u.email, after: { secondFactor: 'required' } });
    expect(rows[1]).toMatchObject({ actorEmail: null, targetId: u.id, targetName: u.email });
    expect(rows[1]!.error).toBe('authenticator code: Invalid code');
    expect(rows[1]!.after).toEqual({ secondFactor: 'totp', status: 401 });
    expect(rows[2]!.error).toMatch(/not offered/);
    expect(rows[3]).toMatchObject({ actorEmail: u.email, actorRole: 'AUDITOR', after: { secondFactor: 'totp' } });
    expect(canonicalJson(rows)).not.toContain(totp(secret));
  });

  it('takes a backup code once, and records its use', async () => {
    const u = await newUser('backup');
    const { backupCodes } = await enrol(u.email);
    const b = new Browser();
    await b.signIn(u.email);
    expect((await b.post('/two-factor/verify-backup-code', { code: backupCodes[0] })).status).toBe(200);
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, b.headers)).toMatchObject({ id: u.id });

    const again = new Browser();
    await again.signIn(u.email);
    expect((await again.post('/two-factor/verify-backup-code', { code: backupCodes[0] })).status).toBe(401);
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, again.headers)).toBeNull();

    expect((await b.entries()).at(-1)).toMatchObject({
      action: 'auth.sign-in',
      outcome: 'SUCCESS',
      after: { secondFactor: 'backup-code' },
    });
    const refused = (await again.entries()).at(-1)!;
    expect(refused).toMatchObject({ action: 'auth.sign-in', outcome: 'FAILURE', targetName: u.email });
    expect(refused.error).toBe('backup code: Invalid backup code');
    expect(canonicalJson(await deps.db.prisma.auditEvent.findMany())).not.toContain(backupCodes[0]!);
  });
});

describe('changing two-factor settings', () => {
  it('replaces the backup codes and turns off only with the password, on record before and after', async () => {
    const u = await newUser('settings');
    const { b, backupCodes } = await enrol(u.email);
    const mark = (await b.entries()).length;

    expect((await b.post('/two-factor/generate-backup-codes', { password: 'not-my-password-1' })).status).toBe(400);
    const fresh = await b.post('/two-factor/generate-backup-codes', { password: PASSWORD });
    expect(fresh.status).toBe(200);
    const newCodes = fresh.json.backupCodes as string[];
    expect(newCodes).toHaveLength(10);
    expect(newCodes).not.toContain(backupCodes[0]);

    expect((await b.post('/two-factor/disable', { password: 'not-my-password-1' })).status).toBe(400);
    expect((await deps.db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).twoFactorEnabled).toBe(true);
    expect((await b.post('/two-factor/disable', { password: PASSWORD })).status).toBe(200);
    expect(await deps.db.prisma.twoFactor.count({ where: { userId: u.id } })).toBe(0);
    expect((await new Browser().signIn(u.email)).json).toHaveProperty('user');

    const rows = (await b.entries()).slice(mark);
    expect(summary(rows)).toEqual([
      'auth.two-factor.backup-codes STARTED',
      'auth.two-factor.backup-codes FAILURE',
      'auth.two-factor.backup-codes STARTED',
      'auth.two-factor.backup-codes SUCCESS',
      'auth.two-factor.disable STARTED',
      'auth.two-factor.disable FAILURE',
      'auth.two-factor.disable STARTED',
      'auth.two-factor.disable SUCCESS',
    ]);
    expect(rows[3]!.after).toEqual({ twoFactorEnabled: true, backupCodes: 10 });
    expect(rows[7]!.after).toEqual({ twoFactorEnabled: false });
    expect(canonicalJson(rows)).not.toContain(newCodes[0]!);
  });

  it('fails closed: unrecorded, a second factor gives no session and two-factor stays on', async () => {
    const u = await newUser('closed');
    const { b, secret } = await enrol(u.email);
    await deps.db.sql.exec(
      `ALTER TABLE audit_event ADD CONSTRAINT no_2fa_success CHECK (NOT (
         (action = 'auth.sign-in' AND outcome = 'SUCCESS') OR action = 'auth.two-factor.disable')) NOT VALID`,
    );
    try {
      expect((await b.post('/two-factor/disable', { password: PASSWORD })).status).toBe(503);
      const other = new Browser();
      expect((await other.signIn(u.email)).json).toHaveProperty('twoFactorRedirect', true);
      const before = await sessionsOf(u.id);
      expect((await other.post('/two-factor/verify-totp', { code: totp(secret) })).status).toBe(503);
      expect(await sessionsOf(u.id)).toBe(before);
      expect(await resolveSessionUser(deps.auth, deps.db.prisma, other.headers)).toBeNull();
    } finally {
      await deps.db.sql.exec('ALTER TABLE audit_event DROP CONSTRAINT no_2fa_success');
    }
    expect((await deps.db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).twoFactorEnabled).toBe(true);
  });
});

describe('a server administrator resetting two-factor (lost phone)', () => {
  it('turns it off for another user, on record; the user then signs in with the password alone', async () => {
    const u = await newUser('lost');
    await enrol(u.email);
    const pending = new Browser();
    expect((await pending.signIn(u.email)).json).toHaveProperty('twoFactorRedirect', true);

    expect(await admin.users.resetTwoFactor({ id: u.id })).toEqual({ id: u.id, twoFactorEnabled: false });
    expect((await admin.users.list({ search: u.email }))[0]!.twoFactorEnabled).toBe(false);
    expect(await deps.db.prisma.twoFactor.count({ where: { userId: u.id } })).toBe(0);
    // The challenge in flight is gone with it.
    expect((await pending.post('/two-factor/verify-totp', { code: '123456' })).status).toBe(401);
    expect((await new Browser().signIn(u.email)).json).toHaveProperty('user');

    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'users.resetTwoFactor', targetId: u.id },
    });
    expect(entry).toMatchObject({
      outcome: 'SUCCESS',
      actorRole: 'SERVER_ADMIN',
      targetName: u.email,
      before: { twoFactorEnabled: true },
      after: { twoFactorEnabled: false },
    });

    const again = await callError(admin.users.resetTwoFactor({ id: u.id }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/does not use two-factor/);
  });

  it('is refused for your own user and for roles that do not manage users', async () => {
    const self = await callError(admin.users.resetTwoFactor({ id: (await admin.me.get()).id }));
    expect(self.code).toBe('CONFLICT');
    expect(self.message).toMatch(/your account page/);
    const u = await newUser('kept');
    await enrol(u.email);
    for (const role of ['CLUSTER_OPERATOR', 'AUDITOR', 'DOMAIN_ADMIN'] as const) {
      const other = await callerAs(deps, role);
      expect((await callError(other.users.resetTwoFactor({ id: u.id }))).code).toBe('FORBIDDEN');
    }
    expect((await deps.db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).twoFactorEnabled).toBe(true);
    expect(
      await deps.db.prisma.auditEvent.count({ where: { action: 'users.resetTwoFactor', outcome: 'DENIED' } }),
    ).toBe(3);
  });
});
