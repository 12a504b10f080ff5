import { redirect } from 'next/navigation';

import { safeNextPath } from '~/components/safe-next';
import { getSessionUser } from '~/server/session';

import { SignInForm } from './sign-in-form';

export const metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Only paths on this console: an open redirect after sign-in would be a phishing aid.
  const target = safeNextPath((await searchParams).next);
  if (await getSessionUser()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-card p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Cluster Console</h1>
        <p className="mt-1 text-sm text-muted-foreground">Sign in to manage the cluster.</p>
        <SignInForm next={target} />
      </div>
    </main>
  );
}
