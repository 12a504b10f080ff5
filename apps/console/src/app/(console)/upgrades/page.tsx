import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { UpgradesView } from './_components/upgrades-view';

export const metadata = { title: 'Upgrades' };

export default async function UpgradesPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/upgrades');
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  return <UpgradesView canControl={can(user.role, 'cluster:control')} />;
}
