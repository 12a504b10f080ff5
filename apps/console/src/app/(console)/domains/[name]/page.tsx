import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { decodeSegment, domainPath } from '~/components/paths';
import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { DomainView } from './_components/domain-view';

export const metadata = { title: 'Domain' };

export default async function DomainPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeSegment((await params).name);
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(domainPath(name))}`);
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  // Rendered client-side: the API's 404 (missing, or another tenant's domain) becomes a "not found" panel.
  return (
    <DomainView name={name} canEdit={can(user.role, 'domain:edit')} canManage={can(user.role, 'domains:manage')} />
  );
}
