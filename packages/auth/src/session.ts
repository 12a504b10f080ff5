import type { PrismaClient, Role } from '@cc/db';

import type { Auth } from './auth';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  /** The session the request came with (absent for server-side callers and tests). */
  sessionId?: string;
}

/**
 * Resolves the request's session, then re-reads the user from the database: a role change or a
 * disabled account takes effect on the next request, not when the cookie expires.
 */
export async function resolveSessionUser(
  auth: Auth,
  prisma: PrismaClient,
  headers: Headers,
): Promise<SessionUser | null> {
  return (await resolveSession(auth, prisma, headers))?.user ?? null;
}

/** The same, with when the session expires (for callers that keep the answer for a while). */
export async function resolveSession(
  auth: Auth,
  prisma: PrismaClient,
  headers: Headers,
): Promise<{ user: SessionUser; expiresAt: Date } | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const user = await prisma.user.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, role: true, disabled: true, mustChangePassword: true },
  });
  if (!user || user.disabled) return null;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
      sessionId: session.session.id,
    },
    expiresAt: new Date(session.session.expiresAt),
  };
}
