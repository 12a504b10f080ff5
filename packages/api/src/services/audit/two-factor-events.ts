// Two-factor sign-in and its settings in the audit log, around better-auth's twoFactor endpoints: the
// second step of a sign-in (authenticator or backup code, right or wrong), and a signed-in user
// setting it up, turning it on or off and replacing the backup codes. Codes, secrets and backup codes
// pass through to the browser and are never read into an entry.
import { pendingTwoFactorUser, resolveSessionUser, type SessionUser } from '@cc/auth';
import { PASSWORD_CHANGE_REQUIRED } from '@cc/permissions';

import { errorMessage } from '../../errors';
import type { AuthAuditDeps, Meta } from './auth-request';
import { writeAudit, type Actor, type AuditEntry } from './write-audit';

const ROUTES = ['enable', 'disable', 'generate-backup-codes', 'verify-totp', 'verify-backup-code'] as const;
export type TwoFactorRoute = (typeof ROUTES)[number];

export function twoFactorRoute(path: string): TwoFactorRoute | null {
  const match = /\/two-factor\/([a-z-]+)$/.exec(path);
  return ROUTES.find((r) => r === match?.[1]) ?? null;
}

async function jsonOf(res: Response): Promise<Record<string, unknown> | null> {
  return (await res
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
}

function refusal(res: Response, body: Record<string, unknown> | null): string {
  if (res.status === 429) {
    return body?.code === 'ACCOUNT_TEMPORARILY_LOCKED'
      ? 'too many wrong codes (account locked for a while)'
      : 'too many attempts (rate limited)';
  }
  return typeof body?.message === 'string' ? body.message : `refused (HTTP ${res.status})`;
}

const unavailable = (e: unknown) =>
  Response.json({ code: 'AUDIT_UNAVAILABLE', message: errorMessage(e) }, { status: 503 });

/** One of the twoFactor plugin's endpoints, with its audit entries. */
export async function handleTwoFactorRequest(
  deps: AuthAuditDeps,
  req: Request,
  meta: Meta,
  route: TwoFactorRoute,
): Promise<Response> {
  const user = await resolveSessionUser(deps.auth, deps.prisma, req.headers).catch(() => null);
  if (route === 'verify-totp' || route === 'verify-backup-code') {
    // Without a session, a code finishes a sign-in; with one, it confirms a setting.
    if (!user) return secondFactor(deps, req, meta, route === 'verify-totp' ? 'totp' : 'backup-code');
  }
  // Nobody signed in: better-auth refuses, and there is no one to record.
  if (!user) return deps.auth.handler(req);
  if (user.mustChangePassword) {
    return Response.json({ code: 'PASSWORD_CHANGE_REQUIRED', message: PASSWORD_CHANGE_REQUIRED }, { status: 403 });
  }
  return settingChange(deps, req, actorOf(user, meta), user, route);
}

function actorOf(user: { id: string; email: string; role: string }, meta: Meta): Actor {
  return { id: user.id, email: user.email, role: user.role, ip: meta.ip, userAgent: meta.userAgent };
}

/**
 * The second step of a sign-in. Success is a completed sign-in (recorded, or the session is ended:
 * fail closed); a wrong code is a failed sign-in against the account it was tried for, so it counts
 * toward that account's failure budget like a wrong password.
 */
async function secondFactor(
  deps: AuthAuditDeps,
  req: Request,
  meta: Meta,
  method: 'totp' | 'backup-code',
): Promise<Response> {
  const pending = await pendingTwoFactorUser(deps.auth, deps.prisma, req.headers).catch(() => null);
  const options = (await req
    .clone()
    .json()
    .catch(() => null)) as { trustDevice?: unknown; disableSession?: unknown } | null;
  // Every sign-in asks for the second factor: no device is remembered, and a code is not spent
  // without the session it was typed for.
  const res =
    options?.trustDevice || options?.disableSession
      ? Response.json(
          { code: 'NOT_OFFERED', message: 'Trusted devices and session-less checks are not offered here.' },
          { status: 400 },
        )
      : await deps.auth.handler(req);
  const body = await jsonOf(res);
  const label = method === 'totp' ? 'authenticator code' : 'backup code';
  if (res.ok) {
    const user = body?.user as { id: string; email: string; role: string };
    try {
      await writeAudit(deps.prisma, actorOf(user, meta), {
        action: 'auth.sign-in',
        targetType: 'user',
        targetId: user.id,
        targetName: user.email,
        after: { secondFactor: method },
        outcome: 'SUCCESS',
      });
    } catch (e) {
      if (typeof body?.token === 'string') await deps.prisma.session.deleteMany({ where: { token: body.token } });
      return unavailable(e);
    }
    return res;
  }
  await writeAudit(
    deps.prisma,
    { id: null, email: null, role: null, ip: meta.ip, userAgent: meta.userAgent },
    {
      action: 'auth.sign-in',
      targetType: 'user',
      ...(pending && { targetId: pending.id, targetName: pending.email }),
      after: { secondFactor: method, status: res.status },
      outcome: 'FAILURE',
      error: `${label}: ${refusal(res, body)}`,
    },
  ).catch(() => undefined); // already logged by writeAudit; the attempt failed anyway
  return res;
}

function settingAction(route: TwoFactorRoute, wasOn: boolean): string {
  switch (route) {
    case 'enable':
      return 'auth.two-factor.setup';
    case 'disable':
      return 'auth.two-factor.disable';
    case 'generate-backup-codes':
      return 'auth.two-factor.backup-codes';
    // The first code checked after the setup turns two-factor on; later ones only check.
    case 'verify-totp':
      return wasOn ? 'auth.two-factor.verify' : 'auth.two-factor.enable';
    case 'verify-backup-code':
      return 'auth.two-factor.verify';
  }
}

/** Changes to how the account is protected: on record before they are attempted. */
const GUARDED = new Set(['auth.two-factor.enable', 'auth.two-factor.disable', 'auth.two-factor.backup-codes']);

/**
 * A signed-in user's own two-factor settings. Turning it on or off and replacing the backup codes
 * change how the account is protected: a STARTED entry comes first (none, nothing done: 503), then
 * the outcome. Setting up (a new, not yet active secret) and re-checking a code are recorded after.
 */
async function settingChange(
  deps: AuthAuditDeps,
  req: Request,
  actor: Actor,
  user: SessionUser,
  route: TwoFactorRoute,
): Promise<Response> {
  const before = await deps.prisma.user.findUnique({ where: { id: user.id }, select: { twoFactorEnabled: true } });
  const wasOn = before?.twoFactorEnabled ?? false;
  const action = settingAction(route, wasOn);
  const entry: Omit<AuditEntry, 'outcome'> = {
    action,
    targetType: 'user',
    targetId: user.id,
    targetName: user.email,
  };
  const guarded = GUARDED.has(action);
  if (guarded) {
    try {
      await writeAudit(deps.prisma, actor, { ...entry, before: { twoFactorEnabled: wasOn }, outcome: 'STARTED' });
    } catch (e) {
      return unavailable(e);
    }
  }
  const res = await deps.auth.handler(req);
  const body = await jsonOf(res);
  const after = await deps.prisma.user.findUnique({ where: { id: user.id }, select: { twoFactorEnabled: true } });
  const outcome: AuditEntry = res.ok
    ? {
        ...entry,
        before: { twoFactorEnabled: wasOn },
        after: {
          twoFactorEnabled: after?.twoFactorEnabled ?? false,
          // How many, never which.
          ...(Array.isArray(body?.backupCodes) && { backupCodes: body.backupCodes.length }),
          ...(route === 'enable' && { awaitingFirstCode: true }),
          ...(route.startsWith('verify-') && { method: route === 'verify-totp' ? 'totp' : 'backup-code' }),
        },
        outcome: 'SUCCESS',
      }
    : { ...entry, after: { status: res.status }, outcome: 'FAILURE', error: refusal(res, body) };
  try {
    await writeAudit(deps.prisma, actor, outcome);
  } catch (e) {
    // The STARTED entry stands for a guarded change; an unguarded one is not handed out unrecorded.
    if (!guarded && res.ok) return unavailable(e);
  }
  return res;
}
