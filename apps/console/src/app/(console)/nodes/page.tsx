import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { getSessionUser } from '~/server/session';

import { NodesView } from './_components/nodes-view';

export const metadata = { title: 'Nodes' };

export default async function NodesPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/nodes');
  // '/' shows a role-appropriate welcome, so this cannot loop.
  if (!can(user.role, 'cluster:read')) redirect('/');
  // The API enforces the same scopes; this only decides which buttons are worth showing.
  return <NodesView canManage={can(user.role, 'nodes:manage')} canControl={can(user.role, 'cluster:control')} />;
}
