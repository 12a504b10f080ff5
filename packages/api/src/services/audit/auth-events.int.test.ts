import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAuth, createUserWithPassword } from '@cc/auth';

import { createTestDeps } from '../../../test/db';
import { handleAuthRequest } from './auth-events';
import { canonicalJson } from './chain';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let auth: ReturnType<typeof createAuth>;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

function post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${BASE}/api/auth${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE, ...headers },
    body: JSON.stringify(body),
  });
}
const meta = (ip: string) => ({ ip, userAgent: 'vitest-browser/1.0' });
const entries = (where: object = {}) =>
  deps.db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'auth.' }, ...where }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  deps = await createTestDeps();
  // Two attempts per minute, so the rate limiter can be reached.
  auth = createAuth({
    prisma: deps.db.prisma,
    secret: randomBytes(32).toString('base64'),
    baseURL: BASE,
    signInPerMinute: 2,
  });
  await createUserWithPassword(deps.db.prisma, {
    email: 'ann@test.local',
    name: 'Ann',
    role: 'AUDITOR',
    password: PASSWORD,
  });
});
afterAll(async () => deps?.dispose());

describe('sign-in and sign-out in the audit log', () => {
  it('records a sign-in with the user, role, source IP and user agent, and the sign-out', async () => {
    const res = await handleAuthRequest(
      { auth, prisma: deps.db.prisma },
      post('/sign-in/email', { email: 'Ann@Test.local', password: PASSWORD }, { 'x-forwarded-for': '10.5.0.1' }),
      meta('10.5.0.1'),
    );
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const out = await handleAuthRequest(
      { auth, prisma: deps.db.prisma },
      post('/sign-out', {}, { cookie }),
      meta('10.5.0.1'),
    );
    expect(out.status).toBe(200);
    const [signIn, signOut] = await entries({ sourceIp: '10.5.0.1' });
    expect(signIn).toMatchObject({
      action: 'auth.sign-in',
      outcome: 'SUCCESS',
      actorEmail: 'ann@test.local',
      actorRole: 'AUDITOR',
      userAgent: 'vitest-browser/1.0',
      targetName: 'ann@test.local',
    });
    expect(signOut).toMatchObject({ action: 'auth.sign-out', outcome: 'SUCCESS', actorEmail: 'ann@test.local' });
  });

  it('records failed sign-ins with the attempted address, never the password, and rate-limited ones', async () => {
    const attempt = () =>
      handleAuthRequest(
        { auth, prisma: deps.db.prisma },
        post(
          '/sign-in/email',
          { email: 'ann@test.local', password: 'wrong-password-123' },
          { 'x-forwarded-for': '10.6.0.1' },
        ),
        meta('10.6.0.1'),
      );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 429]);
    const failed = await entries({ sourceIp: '10.6.0.1' });
    expect(failed.map((e) => [e.outcome, e.targetName])).toEqual(Array(3).fill(['FAILURE', 'ann@test.local']));
    expect(failed[0]!.actorEmail).toBeNull();
    expect(failed[0]!.error).toMatch(/invalid email or password/i);
    expect(failed[2]!.error).toMatch(/rate limited/);
    expect(canonicalJson(failed)).not.toContain('wrong-password-123');
  });

  it('does not let a sign-in stand when its entry cannot be written (fail closed)', async () => {
    await deps.db.sql.exec(
      `ALTER TABLE audit_event ADD CONSTRAINT no_sign_in CHECK (action <> 'auth.sign-in') NOT VALID`,
    );
    try {
      const res = await handleAuthRequest(
        { auth, prisma: deps.db.prisma },
        post('/sign-in/email', { email: 'ann@test.local', password: PASSWORD }, { 'x-forwarded-for': '10.7.0.1' }),
        meta('10.7.0.1'),
      );
      expect(res.status).toBe(503);
    } finally {
      await deps.db.sql.exec('ALTER TABLE audit_event DROP CONSTRAINT no_sign_in');
    }
    const sessions = await deps.db.prisma.session.findMany({ where: { ipAddress: '10.7.0.1' } });
    expect(sessions).toEqual([]);
  });
});

describe('sign-in throttling cannot be sidestepped', () => {
  const BOB = 'bob@test.local';
  let n = 0;
  /** Each attempt from a fresh address, so only the per-account limit can refuse it. */
  const fresh = () => meta(`10.20.0.${++n}`);
  const limited = () => ({ auth, prisma: deps.db.prisma, accountLimit: 3 });

  beforeAll(async () => {
    await createUserWithPassword(deps.db.prisma, { email: BOB, name: 'Bob', role: 'AUDITOR', password: PASSWORD });
  });

  it('refuses bodies other than JSON (415) before better-auth evaluates them', async () => {
    const form = new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: new URLSearchParams({ email: BOB, password: PASSWORD }).toString(),
    });
    const multipart = new FormData();
    multipart.set('email', BOB);
    multipart.set('password', PASSWORD);
    const statuses = [
      (await handleAuthRequest(limited(), form, fresh())).status,
      (
        await handleAuthRequest(
          limited(),
          new Request(`${BASE}/api/auth/sign-in/email`, { method: 'POST', headers: { origin: BASE }, body: multipart }),
          fresh(),
        )
      ).status,
    ];
    expect(statuses).toEqual([415, 415]);
    expect(await deps.db.prisma.session.count({ where: { user: { email: BOB } } })).toBe(0);
  });

  it('counts every wrong password against the account, whatever the case of the address', async () => {
    const spellings = ['BOB@test.local', 'Bob@Test.Local', 'bob@TEST.LOCAL'];
    const statuses = [];
    for (const email of spellings) {
      statuses.push(
        (await handleAuthRequest(limited(), post('/sign-in/email', { email, password: 'nope-nope-nope' }), fresh()))
          .status,
      );
    }
    const right = await handleAuthRequest(
      limited(),
      post('/sign-in/email', { email: 'BoB@test.local', password: PASSWORD }),
      fresh(),
    );
    expect([...statuses, right.status]).toEqual([401, 401, 401, 429]);
    const user = await deps.db.prisma.user.findUniqueOrThrow({ where: { email: BOB } });
    const failed = await entries({ targetName: BOB, outcome: 'FAILURE' });
    expect(failed).toHaveLength(4);
    expect(failed.every((e) => e.targetId === user.id)).toBe(true);
  });

  it('keys the per-address limit and the recorded address on the derived address, not X-Forwarded-For', async () => {
    const statuses = [];
    for (let i = 1; i <= 3; i++) {
      const forged = post(
        '/sign-in/email',
        { email: 'nobody@test.local', password: 'x-x-x-x-x-x-x' },
        {
          'x-forwarded-for': `198.51.100.${i}`,
          'x-cc-client-ip': `198.51.100.${i}`,
        },
      );
      statuses.push((await handleAuthRequest({ auth, prisma: deps.db.prisma }, forged, meta('10.30.0.1'))).status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    const recorded = await entries({ targetName: 'nobody@test.local' });
    expect(recorded.map((e) => e.sourceIp)).toEqual(['10.30.0.1', '10.30.0.1', '10.30.0.1']);
  });
});
