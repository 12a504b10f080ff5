import { headers } from 'next/headers';
import { redirect } from 'next/navigation';

import { createCaller, createInnerContext, requestMeta } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';
import type { SessionUser } from '@cc/auth';
import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { NodesView, type NodesInitial } from './_components/nodes-view';
import { PAGE_SIZES } from './_components/pager';

export const metadata = { title: 'Nodes' };

export default async function NodesPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/nodes');
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  // The API enforces the same scopes; this only decides which buttons are worth showing.
  return (
    <NodesView
      canManage={can(user.role, 'nodes:manage')}
      canControl={can(user.role, 'cluster:control')}
      initial={await firstPage(user)}
    />
  );
}

/**
 * The first page and the totals, read through the API's own procedures (same scopes) while the page
 * renders: the HTML arrives with rows in it, so with a thousand nodes the table shows at first paint
 * instead of after the scripts load and ask. Without them (a database hiccup) the page asks as before.
 */
async function firstPage(user: SessionUser): Promise<NodesInitial | undefined> {
  try {
    const api = createCaller(createInnerContext(await getRuntime(), user, requestMeta(await headers())));
    const input = { page: 1, pageSize: PAGE_SIZES[0] };
    const [list, overview] = await Promise.all([api.nodes.list(input), api.cluster.overview()]);
    return { input, list, overview };
  } catch {
    return undefined;
  }
}
