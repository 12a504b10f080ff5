import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { getSessionUser } from '~/server/session';

export default async function Home() {
  const user = await getSessionUser();
  if (user && can(user.role, 'cluster:read')) redirect('/nodes');
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Welcome</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your role has no cluster views yet; domain self-service arrives with shared domains.
      </p>
    </div>
  );
}
