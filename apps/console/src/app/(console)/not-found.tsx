import Link from 'next/link';

export const metadata = { title: 'Page not found' };

/** The console's 404, inside its chrome: a mistyped address, or an object that is gone (or another tenant's). */
export default function NotFound() {
  return (
    <div data-testid="not-found" className="rounded-md border border-border bg-card px-6 py-10 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="mt-1 text-lg font-semibold">Page not found</h1>
      <p className="mx-auto mt-2 max-w-prose text-sm text-muted-foreground">
        Nothing lives at this address. Use the navigation above, or press Ctrl K to find a page, node, domain or account
        by name.
      </p>
      <Link href="/" className="mt-4 inline-block rounded text-sm font-medium text-primary hover:underline">
        ← Back to the console
      </Link>
    </div>
  );
}
