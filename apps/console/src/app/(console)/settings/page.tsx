import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { SettingsView } from './_components/settings-view';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/settings');
  if (!can(user.role, 'settings:read')) return <Forbidden role={user.role} />;
  return <SettingsView canManage={can(user.role, 'settings:manage')} />;
}
