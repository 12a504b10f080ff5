import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { SizingView } from './_components/sizing-view';

export const metadata = { title: 'Sizing planner' };
export const dynamic = 'force-dynamic';

export default async function SizingPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/sizing');
  // The comparison reads nodes and their load: the same scope as the Nodes page.
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  return <SizingView />;
}
