import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { PortsView } from './_components/ports-view';

export const metadata = { title: 'Required ports' };
export const dynamic = 'force-dynamic';

export default async function PortsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/ports');
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  return <PortsView canRun={can(user.role, 'cluster:control')} />;
}
