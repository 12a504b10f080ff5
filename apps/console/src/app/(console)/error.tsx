'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/**
 * A page that failed while rendering, shown inside the console's chrome so the navigation still
 * works. The message is generic (server errors are logged with their digest, never shown).
 */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div
      role="alert"
      data-testid="page-error"
      className="rounded-md border border-danger-border bg-card px-6 py-10 text-center"
    >
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="mx-auto mt-2 max-w-prose text-sm text-muted-foreground">
        Something went wrong while loading it. Try again; if it keeps failing, the console&apos;s log has the details
        {error.digest ? ` (reference ${error.digest})` : ''}.
      </p>
      <div className="mt-4 flex justify-center gap-4 text-sm font-medium">
        <button type="button" onClick={reset} className="rounded text-primary hover:underline">
          Try again
        </button>
        <Link href="/" className="rounded text-primary hover:underline">
          Back to the console
        </Link>
      </div>
    </div>
  );
}
