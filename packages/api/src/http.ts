import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

import type { Context } from './context';
import { appRouter } from './root';
import { observeRequest } from './services/metrics/registry';

/**
 * Calls one HTTP request may batch. Each call can cost a database round trip or a fan-out to every
 * node; without a cap one request of 500 calls was served. The console's client batches fewer
 * (apps/console/src/trpc/react.tsx).
 */
export const MAX_BATCH_CALLS = 20;

/** The tRPC API over HTTP (/api/trpc); tests drive it with a context of their choosing. */
export async function handleTrpcRequest(req: Request, createContext: () => Promise<Context>): Promise<Response> {
  const started = performance.now();
  let code = 500;
  try {
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext,
      maxBatchSize: MAX_BATCH_CALLS,
    });
    code = res.status;
    return res;
  } finally {
    // For /metrics: the time to the response head (a subscription's stream runs on after it).
    observeRequest(req.method, code, (performance.now() - started) / 1000);
  }
}
