import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { NotificationsView } from '../_components/notifications-view';

export const metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/health/notifications');
  if (!can(user.role, 'settings:read')) return <Forbidden role={user.role} />;
  return <NotificationsView canManage={can(user.role, 'settings:manage')} />;
}
