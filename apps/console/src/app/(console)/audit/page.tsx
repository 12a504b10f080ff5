import { redirect } from 'next/navigation';

import { can, isTenantBound } from '@cc/permissions';

import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { AuditView } from './_components/audit-view';
import { filterFromParams } from './_components/filter-state';

export const metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?next=/audit');
  if (!can(user.role, 'audit:read')) return <Forbidden role={user.role} />;
  // The API limits domain administrators to their domains' entries; this only words the page.
  return (
    <AuditView
      initial={filterFromParams(await searchParams)}
      canManage={can(user.role, 'audit:manage')}
      tenantBound={isTenantBound(user.role)}
    />
  );
}
