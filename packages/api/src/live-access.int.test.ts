import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUserWithPassword, resolveSessionUser } from '@cc/auth';
import type { Role } from '@cc/db';

import { createInnerContext, type Context } from './context';
import { handleAuthRequest } from './services/audit/auth-events';
import { seedDomains } from './services/domains/seed';
import { createCaller } from './root';
import { callerAs, createTestDeps } from '../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await seedDomains(deps.db.prisma, [{ name: 'live.example', accounts: 0 }], 'seed-password-123');
});
afterAll(async () => deps?.dispose());

let n = 0;

/** A user signed in over HTTP, as the browser is: the cookie and the context its requests get. */
async function signedIn(role: Role) {
  n += 1;
  const email = `live-${n}@test.local`;
  const user = await createUserWithPassword(deps.db.prisma, { email, name: 'Live', role, password: PASSWORD });
  const res = await deps.auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': `10.7.0.${n}` },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = new Headers({ cookie, origin: BASE });
  const sessionUser = await resolveSessionUser(deps.auth, deps.db.prisma, headers);
  expect(sessionUser?.sessionId).toBeTruthy();
  return { user, headers, ctx: createInnerContext(deps, sessionUser) };
}

/** Opens nodes.watch and drains it in the background; `ended` settles with when and how it stopped. */
async function watch(ctx: Context) {
  const controller = new AbortController();
  const stream = await createCaller(ctx, { signal: controller.signal }).nodes.watch({});
  let messages = 0;
  let first!: () => void;
  const firstMessage = new Promise<void>((resolve) => (first = resolve));
  const ended = (async () => {
    try {
      for await (const _ of stream) {
        messages += 1;
        first();
      }
      return { at: Date.now(), error: null };
    } catch (error) {
      return { at: Date.now(), error: error as TRPCError };
    }
  })();
  await firstMessage;
  return { ended, messages: () => messages, stop: () => controller.abort() };
}

async function expectEndsWithin1s(w: Awaited<ReturnType<typeof watch>>, code: TRPCError['code']) {
  const revokedAt = Date.now();
  const end = await Promise.race([w.ended, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
  expect(end, 'the stream kept going after access was revoked').not.toBeNull();
  expect(end!.error?.code).toBe(code);
  expect(end!.at - revokedAt).toBeLessThan(1000);
}

describe('subscriptions after access is revoked', () => {
  it('end within a second of signing out, while other users keep streaming', async () => {
    const bystander = await watch((await signedIn('AUDITOR')).ctx);
    const op = await signedIn('CLUSTER_OPERATOR');
    const w = await watch(op.ctx);
    const res = await handleAuthRequest(
      { auth: deps.auth, prisma: deps.db.prisma },
      new Request(`${BASE}/api/auth/sign-out`, { method: 'POST', headers: op.headers }),
      { ip: null, userAgent: null },
    );
    expect(res.status).toBe(200);
    expect(await deps.db.prisma.session.count({ where: { userId: op.user.id } })).toBe(0);
    await expectEndsWithin1s(w, 'UNAUTHORIZED');

    const seen = bystander.messages();
    await new Promise((r) => setTimeout(r, 1300));
    expect(bystander.messages()).toBeGreaterThan(seen);
    bystander.stop();
    expect((await bystander.ended).error).toBeNull();
  });

  it('end within a second of the user being disabled', async () => {
    const op = await signedIn('CLUSTER_OPERATOR');
    const w = await watch(op.ctx);
    await admin.users.setDisabled({ id: op.user.id, disabled: true });
    await expectEndsWithin1s(w, 'UNAUTHORIZED');
  });

  it('end within a second of a demotion to a role without access, with 403', async () => {
    const sa = await signedIn('SERVER_ADMIN');
    const w = await watch(sa.ctx);
    await admin.users.update({ id: sa.user.id, role: 'DOMAIN_ADMIN', domains: ['live.example'] });
    await expectEndsWithin1s(w, 'FORBIDDEN');
  });

  it('end when the user is disabled behind the API (another process), even with the session left', async () => {
    const op = await signedIn('AUDITOR');
    const w = await watch(op.ctx);
    await deps.db.prisma.user.update({ where: { id: op.user.id }, data: { disabled: true } });
    await expectEndsWithin1s(w, 'UNAUTHORIZED');
  });
});
