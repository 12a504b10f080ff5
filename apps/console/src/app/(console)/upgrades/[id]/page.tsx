import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { RunView } from './_components/run-view';

export const metadata = { title: 'Upgrade run' };

export default async function UpgradeRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/upgrades/${id}`)}`);
  if (!can(user.role, 'cluster:read')) return <Forbidden role={user.role} />;
  return <RunView id={id} canControl={can(user.role, 'cluster:control')} />;
}
