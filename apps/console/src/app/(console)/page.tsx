import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { getSessionUser } from '~/server/session';

export default async function Home() {
  const user = await getSessionUser();
  if (user && can(user.role, 'cluster:read')) redirect('/nodes');
  // Domain administrators: their own domains are all they manage.
  if (user && can(user.role, 'domains:read')) redirect('/domains');
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Welcome</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your role has no views in this console. Ask a server administrator for access.
      </p>
    </div>
  );
}
