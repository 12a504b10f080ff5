import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { AlertsView } from './_components/alerts-view';

export const metadata = { title: 'Alerts' };

export default async function AlertsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/alerts');
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  // The API decides who may post where (403 otherwise); these only decide which controls show.
  return <AlertsView canPost={can(user.role, 'domain:edit')} canManage={can(user.role, 'domains:manage')} />;
}
