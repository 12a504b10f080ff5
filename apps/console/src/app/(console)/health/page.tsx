import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { HealthView } from './_components/health-view';

export const metadata = { title: 'Health' };
export const dynamic = 'force-dynamic';

export default async function HealthPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/health');
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  return (
    <HealthView
      canAct={can(user.role, 'cluster:control')}
      canReadThresholds={can(user.role, 'cluster:read')}
      canManage={can(user.role, 'settings:manage')}
      canSeeNotifications={can(user.role, 'settings:read')}
    />
  );
}
