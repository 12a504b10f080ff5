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
