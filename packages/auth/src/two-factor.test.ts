import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '@cc/db';

import { createAuth, TWO_FACTOR_MAX_FAILURES } from './auth';
import { resolveSessionUser } from './session';
import { secretOfUri, totp } from './testing/totp';
import { pendingTwoFactorUser, removeTwoFactor } from './two-factor';
import { createUserWithPassword } from './users';

let db: Database;
let auth: ReturnType<typeof createAuth>;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'two-factor-password-1';

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  auth = createAuth({
    prisma: db.prisma,
    secret: randomBytes(32).toString('base64'),
    baseURL: BASE,
    signInPerMinute: 100,
  });
});
afterAll(() => db?.close());

/** One browser: its own address and cookie jar. */
class Browser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly ip: string) {}

  get headers(): Headers {
    return new Headers({ cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  }

  async post(pathname: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await auth.handler(
      new Request(`${BASE}/api/auth${pathname}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: BASE,
          'x-cc-client-ip': this.ip,
          cookie: this.headers.get('cookie') ?? '',
        },
        body: JSON.stringify(body),
      }),
    );
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, json };
  }

  has(cookieSuffix: string): boolean {
    return [...this.jar.keys()].some((k) => k.endsWith(cookieSuffix));
  }

  signIn(email: string, password = PASSWORD) {
    return this.post('/sign-in/email', { email, password });
  }
}

let ipCounter = 0;
const browser = () => new Browser(`10.40.0.${++ipCounter}`);

async function newUser(tag: string) {
  const email = `${tag}-${randomBytes(3).toString('hex')}@test.local`;
  const user = await createUserWithPassword(db.prisma, { email, name: tag, role: 'AUDITOR', password: PASSWORD });
  return { ...user, email };
}

/** Signs in, turns two-factor on through the plugin's endpoints as the account page does, signs out. */
async function enrol(email: string) {
  const b = browser();
  expect((await b.signIn(email)).status).toBe(200);
  const enabled = await b.post('/two-factor/enable', { password: PASSWORD });
  expect(enabled.status).toBe(200);
  const secret = secretOfUri(enabled.json.totpURI as string);
  const backupCodes = enabled.json.backupCodes as string[];
  expect((await b.post('/two-factor/verify-totp', { code: totp(secret) })).status).toBe(200);
  await b.post('/sign-out', {});
  return { secret, backupCodes, uri: enabled.json.totpURI as string };
}

const sessionsOf = (userId: string) => db.prisma.session.count({ where: { userId } });

describe('two-factor sign-in', () => {
  it('is only on once a code from the new secret was verified', async () => {
    const u = await newUser('half');
    const b = browser();
    await b.signIn(u.email);
    expect((await b.post('/two-factor/enable', { password: 'not-the-password' })).status).toBe(400);
    const enabled = await b.post('/two-factor/enable', { password: PASSWORD });
    expect(enabled.json.totpURI).toMatch(/^otpauth:\/\/totp\/Cluster%20Console:/);
    expect(new URL(enabled.json.totpURI as string).searchParams.get('issuer')).toBe('Cluster Console');
    // Not yet: a wrong code leaves it off, and the password alone still signs in.
    expect((await b.post('/two-factor/verify-totp', { code: '000000' })).status).toBe(401);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).twoFactorEnabled).toBe(false);
    const other = browser();
    expect((await other.signIn(u.email)).json).toHaveProperty('token');
  });

  it('asks for the code after the right password, and creates no session before it', async () => {
    const u = await newUser('totp');
    const { secret, uri, backupCodes } = await enrol(u.email);
    // Stored encrypted: neither the secret nor a backup code is readable in the row.
    const row = await db.prisma.twoFactor.findFirstOrThrow({ where: { userId: u.id } });
    expect(row.verified).toBe(true);
    expect(row.secret).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(backupCodes[0]!);
    expect(uri).toContain(secret);

    const b = browser();
    const first = await b.signIn(u.email);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(b.has('session_token')).toBe(false);
    expect(b.has('two_factor')).toBe(true);
    expect(await sessionsOf(u.id)).toBe(0);
    expect(await resolveSessionUser(auth, db.prisma, b.headers)).toBeNull();
    expect(await pendingTwoFactorUser(auth, db.prisma, b.headers)).toMatchObject({ id: u.id, email: u.email });

    const wrong = await b.post('/two-factor/verify-totp', { code: totp(secret, Date.now() - 5 * 60_000) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.code).toBe('INVALID_CODE');
    expect(await sessionsOf(u.id)).toBe(0);

    const right = await b.post('/two-factor/verify-totp', { code: totp(secret) });
    expect(right.status).toBe(200);
    expect(await sessionsOf(u.id)).toBe(1);
    expect(await resolveSessionUser(auth, db.prisma, b.headers)).toMatchObject({ id: u.id });
    // The challenge is spent.
    expect(await pendingTwoFactorUser(auth, db.prisma, b.headers)).toBeNull();
  });

  it('takes each backup code once, in place of the authenticator code', async () => {
    const u = await newUser('backup');
    const { backupCodes } = await enrol(u.email);
    expect(backupCodes).toHaveLength(10);
    const code = backupCodes[3]!;

    const b = browser();
    await b.signIn(u.email);
    expect((await b.post('/two-factor/verify-backup-code', { code: 'aaaaa-bbbbb' })).status).toBe(401);
    expect((await b.post('/two-factor/verify-backup-code', { code })).status).toBe(200);
    expect(await resolveSessionUser(auth, db.prisma, b.headers)).toMatchObject({ id: u.id });

    const again = browser();
    await again.signIn(u.email);
    const reused = await again.post('/two-factor/verify-backup-code', { code });
    expect(reused.status).toBe(401);
    expect(reused.json.code).toBe('INVALID_BACKUP_CODE');
    expect(await resolveSessionUser(auth, db.prisma, again.headers)).toBeNull();
  });

  it('locks the account after repeated wrong codes, whatever the challenge', async () => {
    const u = await newUser('lock');
    const { secret } = await enrol(u.email);
    let statuses: number[] = [];
    for (let i = 0; i < TWO_FACTOR_MAX_FAILURES; i += 2) {
      const b = browser(); // a fresh challenge (and address) every two tries
      await b.signIn(u.email);
      for (let j = 0; j < 2; j++) statuses.push((await b.post('/two-factor/verify-totp', { code: '000000' })).status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const b = browser();
    await b.signIn(u.email);
    statuses = [(await b.post('/two-factor/verify-totp', { code: totp(secret) })).status];
    expect(statuses).toEqual([429]);
    expect(await sessionsOf(u.id)).toBe(0);
    const row = await db.prisma.twoFactor.findFirstOrThrow({ where: { userId: u.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('turns off with the password, and a server-side removal forgets the secret', async () => {
    const u = await newUser('off');
    const { secret } = await enrol(u.email);
    const b = browser();
    await b.signIn(u.email);
    await b.post('/two-factor/verify-totp', { code: totp(secret) });
    expect((await b.post('/two-factor/disable', { password: 'wrong-password-12' })).status).toBe(400);
    expect((await b.post('/two-factor/disable', { password: PASSWORD })).status).toBe(200);
    expect(await db.prisma.twoFactor.count({ where: { userId: u.id } })).toBe(0);
    expect((await browser().signIn(u.email)).json).toHaveProperty('token');

    const v = await newUser('removed');
    await enrol(v.email);
    const pending = browser();
    await pending.signIn(v.email);
    await db.prisma.$transaction((tx) => removeTwoFactor(tx, v.id));
    // The challenge in flight is void, and the next sign-in needs the password only.
    expect(await pendingTwoFactorUser(auth, db.prisma, pending.headers)).toBeNull();
    expect((await pending.post('/two-factor/verify-totp', { code: totp(secret) })).status).toBe(401);
    expect((await browser().signIn(v.email)).json).toHaveProperty('token');
  });
});

describe('second-factor rate limit', () => {
  it('limits code attempts per address and minute', async () => {
    const limited = createAuth({
      prisma: db.prisma,
      secret: randomBytes(32).toString('base64'),
      baseURL: BASE,
      signInPerMinute: 4,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await limited.handler(
        new Request(`${BASE}/api/auth/two-factor/verify-totp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE, 'x-cc-client-ip': '10.41.0.1' },
          body: JSON.stringify({ code: '123456' }),
        }),
      );
      statuses.push(res.status);
    }
    // Without a challenge cookie every try is refused; past the budget the limiter answers first.
    expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });
});
