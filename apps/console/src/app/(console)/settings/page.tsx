import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { getSessionUser } from '~/server/session';

import { SettingsView } from './_components/settings-view';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/settings');
  // '/' shows a role-appropriate page, so this cannot loop.
  if (!can(user.role, 'settings:read')) redirect('/');
  return <SettingsView canManage={can(user.role, 'settings:manage')} />;
}
