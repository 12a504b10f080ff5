import { createHmac, timingSafeEqual } from 'node:crypto';

import { parseCookies } from 'better-auth/cookies';

import type { PrismaClient } from '@cc/db';

import type { Auth } from './auth';

/** The user a sign-in waits on for a second factor: the password was right, no session exists yet. */
export interface PendingTwoFactorUser {
  id: string;
  email: string;
  role: string;
}

/** better-call's signed cookie: `value.base64(HMAC-SHA256(secret, value))`, URI-encoded. */
function unsign(raw: string, secret: string): string | null {
  const signed = decodeURIComponent(raw);
  const dot = signed.lastIndexOf('.');
  if (dot < 1) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', secret).update(value).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/**
 * Who the two-factor challenge cookie of this request belongs to (for the audit log: a wrong code is
 * recorded against the account it was tried for), or null without a valid, unexpired challenge.
 */
export async function pendingTwoFactorUser(
  auth: Auth,
  prisma: PrismaClient,
  headers: Headers,
): Promise<PendingTwoFactorUser | null> {
  const cookieHeader = headers.get('cookie');
  if (!cookieHeader) return null;
  const ctx = await auth.$context;
  const raw = parseCookies(cookieHeader).get(ctx.createAuthCookie('two_factor').name);
  const identifier = raw ? unsign(raw, ctx.secret) : null;
  if (!identifier) return null;
  const challenge = await ctx.internalAdapter.findVerificationValue(identifier);
  if (!challenge || challenge.expiresAt < new Date()) return null;
  return prisma.user.findUnique({ where: { id: challenge.value }, select: { id: true, email: true, role: true } });
}

/** Whether the user has finished setting up two-factor sign-in. */
export async function hasTwoFactor(prisma: PrismaClient, userId: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { twoFactorEnabled: true } });
  return user?.twoFactorEnabled ?? false;
}

/**
 * Turns a user's two-factor sign-in off without their password (a server administrator, for a user who
 * lost the device): secret and backup codes gone, trusted devices and pending challenges forgotten.
 * Runs in the caller's transaction so the audit entry commits with it.
 */
export async function removeTwoFactor(
  tx: Pick<PrismaClient, 'user' | 'twoFactor' | 'verification'>,
  userId: string,
): Promise<void> {
  await tx.twoFactor.deleteMany({ where: { userId } });
  await tx.user.update({ where: { id: userId }, data: { twoFactorEnabled: false } });
  // The plugin keeps trusted devices and sign-in challenges as verification rows valued with the user id.
  await tx.verification.deleteMany({
    where: {
      value: userId,
      OR: [{ identifier: { startsWith: 'trust-device-' } }, { identifier: { startsWith: '2fa-' } }],
    },
  });
}
