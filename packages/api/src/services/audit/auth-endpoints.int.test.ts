import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUserWithPassword, resolveSessionUser } from '@cc/auth';

import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { createTestDeps } from '../../../test/db';
import { callError } from '../../../test/errors';
import { handleAuthRequest } from './auth-events';

// better-auth serves more than the console uses; what it serves beyond that must not bypass the
// console's own audited procedures, hand session tokens to page scripts, or let a user who must
// change their password do anything else first.

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 42';
let n = 0;

async function send(method: string, pathname: string, body?: unknown, cookie = '') {
  return handleAuthRequest(
    { auth: deps.auth, prisma: deps.db.prisma },
    new Request(`${BASE}/api/auth${pathname}`, {
      method,
      headers: { 'content-type': 'application/json', origin: BASE, cookie },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }),
    { ip: `10.70.0.${++n}`, userAgent: 'vitest' },
  );
}

async function signIn(email: string, password = PASSWORD) {
  const res = await send('POST', '/sign-in/email', { email, password });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { res, cookie, text: await res.text() };
}

async function newUser(mustChangePassword = false) {
  return createUserWithPassword(deps.db.prisma, {
    email: `u${++n}@endpoints.test`,
    name: 'U',
    role: 'SERVER_ADMIN',
    password: PASSWORD,
    mustChangePassword,
  });
}

beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => deps?.dispose());

describe('better-auth endpoints the console does not use', () => {
  it('answer 404, so a password or profile never changes outside the audited procedures', async () => {
    const user = await newUser();
    const { cookie } = await signIn(user.email);
    const tries = [
      [
        'POST',
        '/change-password',
        { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: false },
      ],
      ['POST', '/update-user', { name: 'Mallory' }],
      ['GET', '/list-sessions'],
      ['GET', '/get-session'],
      ['POST', '/revoke-other-sessions', {}],
      ['POST', '/change-email', { newEmail: 'mallory@evil.test' }],
      ['POST', '/sign-in/email/', { email: user.email, password: PASSWORD }],
      ['GET', '/sign-in/email'],
      ['GET', '/two-factor/get-totp-uri'],
    ] as const;
    for (const [method, path, body] of tries) {
      const res = await send(method, path, body, cookie);
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await signIn(user.email, NEW_PASSWORD)).res.status).toBe(401);
    const row = await deps.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.name).toBe('U');
  });

  it('never puts the session token in a body page scripts can read; the cookie carries it', async () => {
    const user = await newUser();
    const { res, cookie, text } = await signIn(user.email);
    expect(res.status).toBe(200);
    const session = await deps.db.prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(text).not.toContain(session.token);
    expect(JSON.parse(text)).not.toHaveProperty('token');
    expect(JSON.parse(text)).toMatchObject({ user: { id: user.id } });
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, new Headers({ cookie }))).toMatchObject({ id: user.id });
  });
});

describe('a user who must change their password', () => {
  async function callerFor(mustChangePassword: boolean) {
    const user = await newUser(mustChangePassword);
    const { cookie } = await signIn(user.email);
    const me = await resolveSessionUser(deps.auth, deps.db.prisma, new Headers({ cookie }));
    return { user, cookie, api: createCaller(createInnerContext(deps, me, { ip: '10.71.0.1', userAgent: 'vitest' })) };
  }

  it('can only read who they are and change it: everything else is 403 with the reason', async () => {
    const { user, api, cookie } = await callerFor(true);
    expect(await api.me.get()).toMatchObject({ id: user.id, mustChangePassword: true });
    const read = await callError(api.nodes.list({}));
    expect(read).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Change your password first/) });
    const write = await callError(api.users.signOutEverywhere({ id: user.id }));
    expect(write).toMatchObject({ code: 'FORBIDDEN' });
    const denied = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'users.signOutEverywhere', actorId: user.id, outcome: 'DENIED' },
    });
    expect(denied?.error).toBe('password change required');
    // Nor may they change how the account is protected before that.
    expect((await send('POST', '/two-factor/enable', { password: PASSWORD }, cookie)).status).toBe(403);
  });

  it('changes it through the audited procedure, which signs out their other sessions and keeps this one', async () => {
    const { user, api, cookie } = await callerFor(true);
    const other = await signIn(user.email);
    expect(await api.me.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({
      otherSessionsEnded: 1,
    });
    expect(await resolveSessionUser(deps.auth, deps.db.prisma, new Headers({ cookie: other.cookie }))).toBeNull();
    const still = await resolveSessionUser(deps.auth, deps.db.prisma, new Headers({ cookie }));
    expect(still).toMatchObject({ id: user.id, mustChangePassword: false });
    const entry = await deps.db.prisma.auditEvent.findFirst({
      where: { action: 'me.changePassword', targetId: user.id, outcome: 'SUCCESS' },
    });
    expect(entry).not.toBeNull();
    // Unlocked: the rest of the API answers again.
    const unlocked = createCaller(createInnerContext(deps, still, { ip: '10.71.0.1', userAgent: 'vitest' }));
    await expect(unlocked.nodes.list({})).resolves.toBeDefined();
  });
});
