import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { DomainsView } from './_components/domains-view';

export const metadata = { title: 'Domains' };

export default async function DomainsPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/domains');
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  // The API limits domain administrators to their own domains; this only decides which buttons show.
  return <DomainsView canManage={can(user.role, 'domains:manage')} />;
}
