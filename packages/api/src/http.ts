import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

import type { Context } from './context';
import { appRouter } from './root';

/**
 * Calls one HTTP request may batch. Each call can cost a database round trip or a fan-out to every
 * node; without a cap one request of 500 calls was served. The console's client batches fewer
 * (apps/console/src/trpc/react.tsx).
 */
export const MAX_BATCH_CALLS = 20;

/** The tRPC API over HTTP (/api/trpc); tests drive it with a context of their choosing. */
export function handleTrpcRequest(req: Request, createContext: () => Promise<Context>): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext,
    maxBatchSize: MAX_BATCH_CALLS,
  });
}
