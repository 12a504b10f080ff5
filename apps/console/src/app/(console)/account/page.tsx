import { redirect } from 'next/navigation';

import { getSessionUser } from '~/server/session';

import { AccountView } from './_components/account-view';

export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  // Every signed-in user, whatever the role: it is about themselves.
  if (!(await getSessionUser())) redirect('/sign-in?next=/account');
  return <AccountView />;
}
