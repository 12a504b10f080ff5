import { createRequestContext, handleTrpcRequest } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const runtime = await getRuntime();
  return handleTrpcRequest(req, () => createRequestContext(runtime, req.headers));
}

export { handler as GET, handler as POST };
