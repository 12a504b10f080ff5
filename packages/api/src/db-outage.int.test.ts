import { randomBytes } from 'node:crypto';
import net from 'node:net';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { createAuth, createUserWithPassword } from '@cc/auth';
import { openDatabase, type Database } from '@cc/db';
import { captureLogs, type CapturedLogs } from '@cc/log';

import { createInnerContext, createRequestContext, type Context, type ServerDeps } from './context';
import { withDatabase } from './db-outage';
import { appRouter } from './root';
import { handleAuthRequest } from './services/audit/auth-events';
import { handleAuditExport } from './audit-export';
import { createTestDeps } from '../test/db';

// A PostgreSQL "server" that is down: a loopback port nothing listens on. The same on both test
// databases; the healthy side (sessions, users) is the usual test database.
const BASE = 'http://127.0.0.1:3000';
let deps: Awaited<ReturnType<typeof createTestDeps>>;
/** Both sides sign cookies alike, so the healthy side's session cookie is one the down side must look up. */
const SECRET = randomBytes(32).toString('base64');
let healthy: ServerDeps;
let down: ServerDeps;
let downDb: Database;
let cookie: string;
let user: Awaited<ReturnType<typeof createUserWithPassword>>;
/** Every JSON log line any logger writes while the outage test runs. */
let captured: CapturedLogs | undefined;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  deps = await createTestDeps();
  user = await createUserWithPassword(deps.db.prisma, {
    email: 'outage@test.local',
    name: 'Outage',
    role: 'SERVER_ADMIN',
    password: 'correct horse battery staple',
  });
  healthy = { ...deps, auth: createAuth({ prisma: deps.db.prisma, secret: SECRET, baseURL: BASE }) };
  const res = await healthy.auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': '10.8.0.1' },
      body: JSON.stringify({ email: 'outage@test.local', password: 'correct horse battery staple' }),
    }),
  );
  expect(res.status).toBe(200);
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

  downDb = await openDatabase({ url: `postgresql://postgres@127.0.0.1:${await closedPort()}/cc`, migrate: false });
  const auth = createAuth({ prisma: downDb.prisma, secret: SECRET, baseURL: BASE });
  down = { db: downDb, auth, secrets: deps.secrets };
});
afterAll(async () => {
  captured?.restore();
  await downDb?.close();
  await deps?.dispose();
});
afterEach(() => vi.restoreAllMocks());

/** The console's /api/trpc route, as apps/console wires it. */
function trpc(serverDeps: ServerDeps, req: Request, createContext?: () => Promise<Context>) {
  return withDatabase(async () =>
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: createContext ?? (() => createRequestContext(serverDeps, req.headers)),
    }),
  );
}

const get = (path: string, input?: unknown) =>
  new Request(`${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
    headers: { cookie, origin: BASE },
  });
const post = (path: string, body: unknown) =>
  new Request(`${BASE}/api/trpc/${path}`, {
    method: 'POST',
    headers: { cookie, origin: BASE, 'content-type': 'application/json' },
    body: JSON.stringify({ json: body }),
  });

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(await res.text()).toContain('The cluster database is unavailable; retry shortly.');
}

describe('a database outage', () => {
  it('answers 503 with Retry-After for queries, mutations, sign-in and the audit export, logged once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    captured = captureLogs();
    const lines = captured.lines;
    // The session cannot be read (context), or the procedure's own query fails (a known user).
    await expectUnavailable(await trpc(down, get('me.get')));
    await expectUnavailable(await trpc(down, get('nodes.list', {})));
    const asUser = async () => createInnerContext(down, { ...user, mustChangePassword: false });
    await expectUnavailable(await trpc(down, get('nodes.list', {}), asUser));
    await expectUnavailable(
      await trpc(down, post('nodes.remove', { id: '00000000-0000-4000-8000-000000000001' }), asUser),
    );
    // Sign-in, with an empty body too, and the export route.
    const signIn = (body?: string) =>
      withDatabase(() =>
        handleAuthRequest(
          { auth: down.auth, prisma: downDb.prisma },
          new Request(`${BASE}/api/auth/sign-in/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: BASE },
            body,
          }),
          { ip: '10.8.0.2', userAgent: null },
        ),
      );
    await expectUnavailable(await signIn());
    await expectUnavailable(await signIn(JSON.stringify({ email: 'a@test.local', password: 'x'.repeat(12) })));
    await expectUnavailable(
      await withDatabase(() =>
        handleAuditExport(down, new Request(`${BASE}/api/audit/export?format=csv`, { headers: { cookie } })),
      ),
    );
    // The runtime could not even open (the database was down at start).
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    await expectUnavailable(await withDatabase(() => Promise.reject(refused)));

    // Exactly one line in the whole log: no stack trace (nor any other line) per request.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', component: 'db', reason: 'DatabaseNotReachable' });
    expect(lines[0]!.msg).toMatch(/^database unavailable since \d{4}-\d\d-\d\dT.*Z \(DatabaseNotReachable\)$/);
    expect(errors).not.toHaveBeenCalled();

    // The database answers again: one line, and requests are served as before.
    const ok = await trpc(healthy, get('me.get'));
    expect(ok.status).toBe(200);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 'warn', component: 'db' });
    expect(lines[1]!.msg).toMatch(/^database back after \d+(\.\d)? s$/);
  });

  it('keeps other failures as they were: a user mistake stays a 4xx, not a 503', async () => {
    const res = await trpc(healthy, get('nodes.get', { id: '00000000-0000-4000-8000-000000000000' }));
    expect(res.status).toBe(404);
    expect(res.headers.get('retry-after')).toBeNull();
  });
});
