import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { decodeSegment } from '~/components/paths';
import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { AlertDetailView } from './_components/alert-detail-view';

export const metadata = { title: 'Alert' };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeSegment((await params).id);
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/alerts/${id}`)}`);
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  return (
    <AlertDetailView id={id} canEdit={can(user.role, 'domain:edit')} canManage={can(user.role, 'domains:manage')} />
  );
}
