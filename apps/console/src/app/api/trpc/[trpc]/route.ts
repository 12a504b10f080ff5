import { createRequestContext, handleTrpcRequest, withDatabase, withRequestContext } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

import { crossSiteRefusal } from '~/server/cross-site';

export const dynamic = 'force-dynamic';

/** A database outage (also one at start, while the runtime opens) answers 503 with Retry-After. */
function handler(req: Request) {
  // Not behind the proxy (src/proxy.ts matcher): forgery is refused here.
  const refused = crossSiteRefusal(req.method, req.headers, new URL(req.url).origin);
  if (refused) return refused;
  return withRequestContext(req, () =>
    withDatabase(async () => {
      const runtime = await getRuntime();
      return handleTrpcRequest(req, () => createRequestContext(runtime, req.headers));
    }),
  );
}

export { handler as GET, handler as POST };
