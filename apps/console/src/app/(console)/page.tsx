import { redirect } from 'next/navigation';

import { can } from '@cc/permissions';

import { getSessionUser } from '~/server/session';

import { Dashboard } from './_components/dashboard';

export const metadata = { title: 'Cluster' };

/**
 * Home: the cluster dashboard for those who may read the cluster. Domain administrators see no cluster
 * internals anywhere, so they go to their domains, as before; anyone else gets a plain welcome.
 */
export default async function Home() {
  const user = await getSessionUser();
  if (user && can(user.role, 'cluster:read')) return <Dashboard />;
  if (user && can(user.role, 'domains:read')) redirect('/domains');
  return (
    <div className="rounded-lg border border-border bg-card p-6">
      <h1 className="text-lg font-semibold">Welcome</h1>
      <p className="mt-2 text-sm text-secondary-foreground">
        Your role has no views in this console. Ask a server administrator for access.
      </p>
    </div>
  );
}
