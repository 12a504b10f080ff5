import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } from '@cc/db';

import { RetryWhenBack } from './retry-when-back';

export const metadata = { title: 'Database unavailable' };
export const dynamic = 'force-dynamic';

/** Where pages send the browser during a database outage; reads nothing from the database itself. */
export default async function UnavailablePage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths, as on the sign-in page.
  const target = next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/unavailable') ? next : '/';
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div role="alert" className="w-full max-w-md rounded-lg border border-warning-border bg-card p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Cluster Console</h1>
        <p className="mt-3 text-foreground">{DATABASE_UNAVAILABLE_MESSAGE}</p>
        <p className="mt-2 text-sm text-muted-foreground">
          The nodes keep running; only the console is waiting. This page tries again every{' '}
          {DATABASE_RETRY_AFTER_SECONDS} seconds and returns to where you were once the database answers.
        </p>
        <RetryWhenBack target={target} intervalMs={DATABASE_RETRY_AFTER_SECONDS * 1000} />
      </div>
    </main>
  );
}
