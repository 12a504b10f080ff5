import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { NodeDetailView } from './_components/node-detail';

export const metadata = { title: 'Node' };

export default async function NodePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/nodes/${id}`)}`);
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  // Rendered client-side: the view polls every second, and the API's 404 becomes a "not found" panel.
  return (
    <NodeDetailView id={id} canControl={can(user.role, 'cluster:control')} canManage={can(user.role, 'nodes:manage')} />
  );
}
