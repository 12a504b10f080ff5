// Sign-ins, failed sign-ins (wrong password, unknown or disabled user, rate
// limited), second factors and sign-outs, recorded around better-auth's request
// handler: the rate limiter answers 429 before any better-auth hook would run,
// and the handler's response is the one place that sees every outcome.
export type { AuthAuditDeps, Meta } from './auth-request';
import { resolveSessionUser } from '@cc/auth';

import { errorMessage } from '../../errors';
import {
  attemptedEmail,
  prepareAuthRequest,
  withoutSessionTokens,
  type AuthAuditDeps,
  type AuthRequest,
  type Meta,
} from './auth-request';
import { handleTwoFactorRequest, twoFactorRoute } from './two-factor-events';
import { writeAudit, type Actor } from './write-audit';

/**
 * The per-address limit slows one client; counting failures per account (from the audit log itself)
 * stops guessing one account's password from many addresses.
 */
const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const DEFAULT_ACCOUNT_LIMIT = 10;

async function accountThrottled(deps: AuthAuditDeps, email: string): Promise<boolean> {
  const failures = await deps.prisma.auditEvent.count({
    where: {
      action: 'auth.sign-in',
      outcome: 'FAILURE',
      targetName: email,
      at: { gt: new Date(Date.now() - ACCOUNT_WINDOW_MS) },
    },
  });
  return failures >= (deps.accountLimit ?? DEFAULT_ACCOUNT_LIMIT);
}

/** better-auth's handler, with sign-in, the second factor, its settings and sign-out audited. */
export async function handleAuthRequest(deps: AuthAuditDeps, req: Request, meta: Meta): Promise<Response> {
  const prepared = await prepareAuthRequest(req, meta.ip);
  if (prepared instanceof Response) return prepared;
  return withoutSessionTokens(await route(deps, prepared, meta));
}

async function route(deps: AuthAuditDeps, prepared: AuthRequest, meta: Meta): Promise<Response> {
  const { path, req } = prepared;
  if (req.method === 'POST' && path === '/sign-in/email') return signIn(deps, prepared, meta);
  if (req.method === 'POST' && path === '/sign-out') return signOut(deps, prepared.req, meta);
  const twoFactor = req.method === 'POST' ? twoFactorRoute(path) : null;
  if (twoFactor) return handleTwoFactorRequest(deps, prepared.req, meta, twoFactor);
  return deps.auth.handler(prepared.req);
}

async function jsonOf(res: Response): Promise<Record<string, unknown> | null> {
  return (await res
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
}

async function signIn(deps: AuthAuditDeps, { req, body: sent }: AuthRequest, meta: Meta): Promise<Response> {
  const email = attemptedEmail(sent);
  const res =
    email && (await accountThrottled(deps, email))
      ? Response.json(
          {
            code: 'TOO_MANY_ATTEMPTS',
            message: 'Too many failed sign-ins for this account; wait 15 minutes and try again.',
          },
          { status: 429, headers: { 'x-retry-after': String(ACCOUNT_WINDOW_MS / 1000) } },
        )
      : await deps.auth.handler(req);
  const body = await jsonOf(res);
  // The password was right but the user has two-factor sign-in: no session yet, only a challenge.
  if (res.ok && body?.twoFactorRedirect === true) return awaitSecondFactor(deps, res, email, meta);
  if (res.ok) {
    const user = body?.user as { id?: string; email?: string; role?: string } | undefined;
    const actor: Actor = {
      id: user?.id ?? null,
      email: user?.email ?? email,
      role: user?.role ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
    };
    try {
      await writeAudit(deps.prisma, actor, {
        action: 'auth.sign-in',
        targetType: 'user',
        ...(user?.id && { targetId: user.id }),
        ...(actor.email && { targetName: actor.email }),
        outcome: 'SUCCESS',
      });
    } catch (e) {
      // Fail closed: a sign-in that is not on record does not stand.
      if (typeof body?.token === 'string') await deps.prisma.session.deleteMany({ where: { token: body.token } });
      return Response.json({ code: 'AUDIT_UNAVAILABLE', message: errorMessage(e) }, { status: 503 });
    }
    return res;
  }
  const error =
    res.status === 429
      ? 'too many sign-in attempts (rate limited)'
      : typeof body?.message === 'string'
        ? body.message
        : `refused (HTTP ${res.status})`;
  // The account tried, when it exists: the entry names whose password was being guessed.
  const target = email
    ? await deps.prisma.user.findUnique({ where: { email }, select: { id: true } }).catch(() => null)
    : null;
  await writeAudit(
    deps.prisma,
    { id: null, email: null, role: null, ip: meta.ip, userAgent: meta.userAgent },
    {
      action: 'auth.sign-in',
      targetType: 'user',
      ...(target && { targetId: target.id }),
      ...(email && { targetName: email }),
      after: { email, status: res.status },
      outcome: 'FAILURE',
      error,
    },
  ).catch(() => undefined); // already logged by writeAudit; the attempt failed anyway
  return res;
}

/** On record as a sign-in begun, never as one completed; without the entry the challenge is not handed out. */
async function awaitSecondFactor(deps: AuthAuditDeps, res: Response, email: string | null, meta: Meta) {
  const user = email
    ? await deps.prisma.user.findUnique({ where: { email }, select: { id: true, email: true, role: true } })
    : null;
  try {
    await writeAudit(
      deps.prisma,
      { id: user?.id ?? null, email: user?.email ?? email, role: user?.role ?? null, ...meta },
      {
        action: 'auth.sign-in',
        targetType: 'user',
        ...(user && { targetId: user.id }),
        ...(email && { targetName: email }),
        after: { secondFactor: 'required' },
        outcome: 'STARTED',
      },
    );
  } catch (e) {
    // A fresh response: the challenge cookie of the refused one never reaches the browser.
    return Response.json({ code: 'AUDIT_UNAVAILABLE', message: errorMessage(e) }, { status: 503 });
  }
  return res;
}

async function signOut(deps: AuthAuditDeps, req: Request, meta: Meta): Promise<Response> {
  const user = await resolveSessionUser(deps.auth, deps.prisma, req.headers).catch(() => null);
  const res = await deps.auth.handler(req);
  if (res.ok && user) {
    // Never refused for want of an entry: ending a session only takes access away.
    await writeAudit(
      deps.prisma,
      { id: user.id, email: user.email, role: user.role, ip: meta.ip, userAgent: meta.userAgent },
      { action: 'auth.sign-out', targetType: 'user', targetId: user.id, targetName: user.email, outcome: 'SUCCESS' },
    ).catch(() => undefined);
  }
  return res;
}
