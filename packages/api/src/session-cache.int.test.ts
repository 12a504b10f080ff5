import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createAuth, createUserWithPassword, resolveSession, type Auth } from '@cc/auth';
import { openDatabase, type Database } from '@cc/db';

import { changeFeed } from './change-feed';
import { createRequestContext, type ServerDeps } from './context';
import { SessionCache } from './session-cache';
import { callerAs, createTestDeps } from '../test/db';

const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

/**
 * Two console processes on one database, as behind a load balancer: on PostgreSQL each has its own
 * connections and LISTEN connection; on PGlite (one process only) they share the database and each
 * keeps its own cache. What one changes, the other refuses on the very next request.
 */
describe('session cache across console processes', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  let one: ServerDeps;
  let two: ServerDeps;
  let secondDb: Database | null = null;
  let n = 0;

  beforeAll(async () => {
    deps = await createTestDeps();
    const secret = randomBytes(32).toString('base64');
    const auth = (db: Database): Auth =>
      createAuth({ prisma: db.prisma, secret, baseURL: BASE, signInPerMinute: 1000 });
    one = { ...deps, auth: auth(deps.db) };
    secondDb = deps.databaseUrl ? await openDatabase({ url: deps.databaseUrl, migrate: false }) : null;
    const db = secondDb ?? deps.db;
    two = { db, auth: auth(db), secrets: deps.secrets };
    // Nothing is answered from memory before the notifications flow.
    await vi.waitFor(() => expect(changeFeed(db).listening && changeFeed(deps.db).listening).toBe(true));
  });
  afterAll(async () => {
    await secondDb?.close();
    await deps?.dispose();
  });

  /** A user signed in through process one; the browser's cookie header. */
  async function signedIn(role: 'SERVER_ADMIN' | 'CLUSTER_OPERATOR' | 'AUDITOR') {
    n += 1;
    const email = `cache-${n}-${randomBytes(3).toString('hex')}@test.local`;
    const user = await createUserWithPassword(deps.db.prisma, { email, name: 'Cache', role, password: PASSWORD });
    const res = await one.auth.api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { user, headers: new Headers({ cookie, origin: BASE }) };
  }

  const userOn = async (deps: ServerDeps, headers: Headers) => (await createRequestContext(deps, headers)).user;

  it('answers a repeated check from memory, without the session and user queries', async () => {
    const { user, headers } = await signedIn('AUDITOR');
    let lookups = 0;
    const cache = new SessionCache(changeFeed(two.db), (h) => {
      lookups++;
      return resolveSession(two.auth, two.db.prisma, h);
    });
    expect(await cache.resolve(headers)).toMatchObject({ id: user.id, role: 'AUDITOR' });
    expect(await cache.resolve(headers)).toMatchObject({ id: user.id });
    expect(await cache.resolve(headers)).toMatchObject({ id: user.id });
    expect(lookups).toBe(1);
    expect(cache.stats).toEqual({ hits: 2, misses: 1 });
    // The row is gone from under it (as a sign-out deletes it): the next check asks the database again.
    await one.db.prisma.session.deleteMany({ where: { userId: user.id } });
    expect(await cache.resolve(headers)).toBeNull();
    expect(lookups).toBe(2);
  });

  it('a sign-out in one process is refused by the other at the next request', async () => {
    const { user, headers } = await signedIn('AUDITOR');
    expect(await userOn(two, headers)).toMatchObject({ id: user.id }); // now cached in two
    expect(await userOn(two, headers)).toMatchObject({ id: user.id });
    await one.auth.api.signOut({ headers });
    expect(await userOn(two, headers)).toBeNull();
  });

  it('disabling, demoting and signing out everywhere in one process take effect at once in the other', async () => {
    const a = await signedIn('CLUSTER_OPERATOR');
    const b = await signedIn('SERVER_ADMIN');
    const c = await signedIn('AUDITOR');
    for (const s of [a, b, c]) expect(await userOn(two, s.headers)).toMatchObject({ id: s.user.id });
    const admin = await callerAs(one, 'SERVER_ADMIN');

    await admin.users.update({ id: b.user.id, role: 'AUDITOR' });
    expect(await userOn(two, b.headers)).toMatchObject({ id: b.user.id, role: 'AUDITOR' });

    await admin.users.setDisabled({ id: a.user.id, disabled: true });
    expect(await userOn(two, a.headers)).toBeNull();

    await admin.users.signOutEverywhere({ id: c.user.id });
    expect(await userOn(two, c.headers)).toBeNull();
    // And process one, which made the changes, agrees.
    expect(await userOn(one, a.headers)).toBeNull();
    expect(await userOn(one, b.headers)).toMatchObject({ role: 'AUDITOR' });
  });

  it('a password reset that must be replaced applies at once', async () => {
    const s = await signedIn('AUDITOR');
    expect(await userOn(two, s.headers)).toMatchObject({ mustChangePassword: false });
    await deps.db.prisma.user.update({ where: { id: s.user.id }, data: { mustChangePassword: true } });
    expect(await userOn(two, s.headers)).toMatchObject({ mustChangePassword: true });
  });
});
