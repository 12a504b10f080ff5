import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';

import { resolveSessionUser } from '@cc/auth';
import { getRuntime } from '@cc/api/runtime';
import { databaseHealth } from '@cc/db';

/** Set by src/proxy.ts: the page asked for, so the outage page can return to it. */
export const PATH_HEADER = 'x-cc-path';

/**
 * The signed-in user for server components, once per request. A database outage (logged once) sends
 * the browser to /unavailable, which returns here when the database answers, instead of a 500 page.
 */
export const getSessionUser = cache(async () => {
  const h = await headers();
  let user: Awaited<ReturnType<typeof resolveSessionUser>>;
  try {
    const runtime = await getRuntime();
    user = await resolveSessionUser(runtime.auth, runtime.db.prisma, h);
  } catch (e) {
    if (!databaseHealth.failed(e)) throw e;
    redirect(`/unavailable?next=${encodeURIComponent(h.get(PATH_HEADER) ?? '/')}`);
  }
  // A password someone else chose must be replaced first: every page but the account page leads there
  // (the API refuses the rest with 403 as well).
  if (user?.mustChangePassword && pathOf(h.get(PATH_HEADER)) !== ACCOUNT_PAGE) redirect(ACCOUNT_PAGE);
  return user;
});

const ACCOUNT_PAGE = '/account';

/** The path of the page asked for (the proxy's header, never the client's), without its query. */
function pathOf(requested: string | null): string {
  return (requested ?? '/').split('?', 1)[0] ?? '/';
}
