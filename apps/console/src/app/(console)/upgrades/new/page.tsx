import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { UpgradeWizard } from './_components/upgrade-wizard';

export const metadata = { title: 'Plan an upgrade' };

export default async function NewUpgradePage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/upgrades/new');
  // Watching is for everyone who sees nodes; planning and running need Can Control Cluster.
  if (!can(user.role, 'cluster:control')) return <Forbidden role={user.role} />;
  return <UpgradeWizard />;
}
