import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';

import { databaseHealth } from '@cc/db';
import { createLogger } from '@cc/log';
import { accessFor, allowedBeforePasswordChange, can, isTenantBound, PASSWORD_CHANGE_REQUIRED } from '@cc/permissions';

import { actorOf, type Context } from './context';
import { databaseUnavailableError } from './db-outage';
import { AppError, type AppErrorCode } from './errors';
import { guardSubscription, isAsyncIterable } from './live-access';
import { writeAudit } from './services/audit/write-audit';
import { ALL_DOMAINS, type DomainScope } from './services/domains/tenant';
import { transformer } from './transformer';

const log = createLogger('trpc');

const t = initTRPC.context<Context>().create({
  transformer,
  sse: { ping: { enabled: true, intervalMs: 5000 }, client: { reconnectAfterInactivityMs: 12_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? (z.flattenError(cause).fieldErrors as Record<string, string[]>)
        : cause instanceof AppError
          ? cause.fieldErrors
          : undefined;
    // Never leak internals to the browser: a 500 says only that it happened, and input that broke
    // the transformer, JSON parsing or a schema's own code (not a zod issue) is plain "Invalid input".
    const inputBroke =
      (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') &&
      cause !== undefined &&
      !(cause instanceof ZodError) &&
      !(cause instanceof AppError);
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Internal error; the server log has details.'
        : inputBroke
          ? 'Invalid input.'
          : shape.message;
    return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors: fieldErrors ?? null } };
  },
});

const STATUS: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Service errors become their HTTP status; anything else is a logged 500. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: STATUS[cause.code], message: cause.message, cause });
    if (result.error.code === 'INTERNAL_SERVER_ERROR')
      log.error({ path, err: result.error.cause ?? result.error }, `${path} failed`);
  }
  return result;
});

/** A database outage is a 503 with Retry-After (logged once), not a 500 with a stack per request. */
const databaseOutage = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) databaseHealth.ok();
  else if (databaseHealth.failed(result.error)) throw databaseUnavailableError(result.error);
  return result;
});

/**
 * Every procedure passes here: no session → 401; not in the permission table, or the role lacks the
 * scope → 403 (refused mutations are audited as DENIED). Fails closed.
 */
const enforceAccess = t.middleware(async ({ ctx, path, type, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (ctx.user.mustChangePassword && !allowedBeforePasswordChange(path)) {
    if (type === 'mutation') {
      await writeAudit(ctx.db.prisma, actorOf(ctx), {
        action: path,
        outcome: 'DENIED',
        error: 'password change required',
      });
    }
    throw new TRPCError({ code: 'FORBIDDEN', message: PASSWORD_CHANGE_REQUIRED });
  }
  const access = accessFor(path);
  const allowed = access === 'signed-in' || (access !== undefined && can(ctx.user.role, access));
  if (!allowed) {
    if (type === 'mutation') {
      await writeAudit(ctx.db.prisma, actorOf(ctx), { action: path, outcome: 'DENIED', error: 'forbidden' });
    }
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this.' });
  }
  // Tenant-bound users carry the ids of their domains; services put them into every query's where.
  const domains: DomainScope = isTenantBound(ctx.user.role)
    ? {
        all: false,
        ids: (
          await ctx.db.prisma.domainAdmin.findMany({ where: { userId: ctx.user.id }, select: { domainId: true } })
        ).map((d) => d.domainId),
      }
    : ALL_DOMAINS;
  const result = await next({ ctx: { ...ctx, user: ctx.user, domains } });
  // A stream outlives this check: it is re-checked while open and ends once access is revoked.
  if (type === 'subscription' && result.ok && isAsyncIterable(result.data)) {
    const access = { userId: ctx.user.id, sessionId: ctx.user.sessionId, path };
    return { ...result, data: guardSubscription(ctx.db.prisma, access, result.data) };
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** The only procedure builder routers use: access is declared in @cc/permissions PROCEDURE_ACCESS. */
export const procedure = t.procedure.use(mapErrors).use(databaseOutage).use(enforceAccess);
