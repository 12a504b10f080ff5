import { TRPCError } from '@trpc/server';

import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, databaseHealth } from '@cc/db';

/** The tRPC form of an outage: 503 with the one message users see. */
export function databaseUnavailableError(cause?: unknown): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}

/** Rethrows a database outage as a 503 (logged once by databaseHealth); anything else unchanged. */
export function rethrowIfDatabaseDown(error: unknown): never {
  if (databaseHealth.failed(error)) throw databaseUnavailableError(error);
  throw error;
}

export function databaseUnavailableResponse(): Response {
  return Response.json(
    { error: DATABASE_UNAVAILABLE_MESSAGE, code: 'DATABASE_UNAVAILABLE' },
    { status: 503, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}

/**
 * Wraps a route handler (tRPC, auth, audit export): an outage while opening the runtime or handling
 * the request answers 503 with Retry-After instead of a 500 and a stack trace per request; any 503
 * the handler gives carries Retry-After too. Other errors propagate as before.
 */
export async function withDatabase(handler: () => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await handler();
  } catch (e) {
    if (databaseHealth.failed(e)) return databaseUnavailableResponse();
    throw e;
  }
  if (res.status < 500) databaseHealth.ok();
  // better-auth answers some failures itself with a 500 (after logging them through our filter).
  if (res.status === 500 && databaseHealth.isDown()) return databaseUnavailableResponse();
  if (res.status !== 503 || res.headers.has('retry-after')) return res;
  const headers = new Headers(res.headers);
  headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
