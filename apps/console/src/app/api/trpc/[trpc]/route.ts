import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

import { appRouter, createRequestContext } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const runtime = await getRuntime();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createRequestContext(runtime, req.headers),
  });
}

export { handler as GET, handler as POST };
