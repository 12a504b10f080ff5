import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '@cc/db';

import { createAuth } from './auth';
import { resolveSessionUser } from './session';
import { createUserWithPassword, ensureInitialAdmin, generatePassword } from './users';

let db: Database;
let auth: ReturnType<typeof createAuth>;
const BASE = 'http://127.0.0.1:3000';

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  auth = createAuth({
    prisma: db.prisma,
    secret: randomBytes(32).toString('base64'),
    baseURL: BASE,
    signInPerMinute: 3,
  });
});
afterAll(() => db?.close());

async function signIn(email: string, password: string, ip = '127.0.0.1') {
  return auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-cc-client-ip': ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe('initial administrator', () => {
  it('is created once, with a generated password stored only as a hash', async () => {
    const first = await ensureInitialAdmin(db.prisma, { email: 'root@test.local' });
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const again = await ensureInitialAdmin(db.prisma, { email: 'root@test.local' });
    expect(again).toEqual({ created: false, email: 'root@test.local' });
    const account = await db.prisma.account.findFirstOrThrow({ where: { user: { email: 'root@test.local' } } });
    expect(account.password).not.toContain(first.generatedPassword);
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/); // scrypt salt:hash
    const res = await signIn('root@test.local', first.generatedPassword!, '10.1.0.1');
    expect(res.status).toBe(200);
  });
});

describe('sign-in', () => {
  it('gives a session for the right password and resolves the user from the database', async () => {
    await createUserWithPassword(db.prisma, {
      email: 'Op@Test.local',
      name: 'Op',
      role: 'CLUSTER_OPERATOR',
      password: 'operator-password-1',
    });
    const res = await signIn('op@test.local', 'operator-password-1', '10.2.0.1');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const headers = new Headers({ cookie: cookie.split(';')[0]! });
    const user = await resolveSessionUser(auth, db.prisma, headers);
    expect(user).toMatchObject({ email: 'op@test.local', role: 'CLUSTER_OPERATOR' });

    // Disabling the user ends their access on the next request, whatever the cookie says.
    await db.prisma.user.update({ where: { email: 'op@test.local' }, data: { disabled: true } });
    expect(await resolveSessionUser(auth, db.prisma, headers)).toBeNull();
    expect((await signIn('op@test.local', 'operator-password-1', '10.2.0.2')).status).not.toBe(200);
  });

  it('refuses a wrong password and throttles repeated attempts from one address', async () => {
    await createUserWithPassword(db.prisma, {
      email: 'aud@test.local',
      name: 'Aud',
      role: 'AUDITOR',
      password: 'auditor-password-1',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn('aud@test.local', 'wrong-password', '10.3.0.1')).status);
    expect(statuses.slice(0, 3).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('generates uniform passwords of the asked length', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword(24)));
    expect(seen.size).toBe(200);
    for (const p of seen) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
  });
});
