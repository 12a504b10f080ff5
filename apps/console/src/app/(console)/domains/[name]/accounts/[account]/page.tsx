import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { accountPath, decodeSegment } from '~/components/paths';
import { Forbidden } from '~/components/forbidden';
import { getSessionUser } from '~/server/session';

import { AccountView } from './_components/account-view';

export const metadata = { title: 'Account' };

export default async function AccountPage({ params }: { params: Promise<{ name: string; account: string }> }) {
  const segments = await params;
  const domain = decodeSegment(segments.name);
  const localPart = decodeSegment(segments.account);
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(accountPath(domain, localPart))}`);
  if (!can(user.role, 'domains:read')) return <Forbidden role={user.role} />;
  return (
    <AccountView
      domain={domain}
      localPart={localPart}
      canEdit={can(user.role, 'domain:edit')}
      canManage={can(user.role, 'domains:manage')}
    />
  );
}
