import { headers } from 'next/headers';
import { cache } from 'react';

import { resolveSessionUser } from '@cc/auth';
import { getRuntime } from '@cc/api/runtime';

/** The signed-in user for server components, once per request. */
export const getSessionUser = cache(async () => {
  const runtime = await getRuntime();
  return resolveSessionUser(runtime.auth, runtime.db.prisma, await headers());
});
