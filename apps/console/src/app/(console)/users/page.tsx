import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { UsersView } from './_components/users-view';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/users');
  // Said plainly rather than a silent redirect: someone followed a link they may not use.
  if (!can(user.role, 'users:read')) return <Forbidden role={user.role} />;
  // The API enforces users:manage on every change; this only decides which buttons show.
  return <UsersView canManage={can(user.role, 'users:manage')} selfId={user.id} />;
}
