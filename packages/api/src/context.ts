import type { Auth, SessionUser } from '@cc/auth';
import type { Database } from '@cc/db';
import { requestContext } from '@cc/log';

import { clientIp } from './client-ip';
import { rethrowIfDatabaseDown } from './db-outage';
import type { Actor } from './services/audit/write-audit';
import type { SecretBox } from './services/secrets/secret-box';
import { sessionCache } from './session-cache';

/** Long-lived parts of the server, created once per process. */
export interface ServerDeps {
  db: Database;
  auth: Auth;
  secrets: SecretBox;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Context extends ServerDeps {
  user: SessionUser | null;
  req: RequestMeta;
}

/** The context without HTTP: tests and server-side callers pass the user directly. */
export function createInnerContext(deps: ServerDeps, user: SessionUser | null, req?: Partial<RequestMeta>): Context {
  return { ...deps, user, req: { ip: req?.ip ?? null, userAgent: req?.userAgent ?? null } };
}

export async function createRequestContext(deps: ServerDeps, headers: Headers): Promise<Context> {
  // An outage while reading the session is a 503 (tRPC keeps a TRPCError's code), not a 500. Checked
  // sessions are reused for a few seconds, dropped at once when the user or session changes.
  const user = await sessionCache(deps).resolve(headers).catch(rethrowIfDatabaseDown);
  requestContext.setActor(user?.email); // this request's log lines name who asked
  return createInnerContext(deps, user, requestMeta(headers));
}

/** Who is asking, for the audit log: the address comes from client-ip.ts, never a header taken as sent. */
export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get('user-agent') };
}

export function actorOf(ctx: Pick<Context, 'user' | 'req'>): Actor {
  return {
    id: ctx.user?.id ?? null,
    email: ctx.user?.email ?? null,
    role: ctx.user?.role ?? null,
    ip: ctx.req.ip,
    userAgent: ctx.req.userAgent,
  };
}
