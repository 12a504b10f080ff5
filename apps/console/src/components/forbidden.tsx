import Link from 'next/link';

import { ROLE_LABELS, type Role } from '@cc/permissions';

/**
 * The one answer to a page the user's role may not open, whatever the page: said plainly (never a
 * silent redirect somewhere else), with the way back. The API refuses the same with 403.
 */
export function Forbidden({ role }: { role: Role }) {
  return (
    <div data-testid="forbidden" className="rounded-md border border-border bg-card px-6 py-10 text-center">
      <p className="text-sm font-medium text-muted-foreground">403</p>
      <h1 className="mt-1 text-lg font-semibold">Forbidden</h1>
      <p className="mx-auto mt-2 max-w-prose text-sm text-muted-foreground">
        Your role ({ROLE_LABELS[role]}) may not open this page. Ask a server administrator if you need it.
      </p>
      <Link href="/" className="mt-4 inline-block rounded text-sm font-medium text-primary hover:underline">
        ← Back to the console
      </Link>
    </div>
  );
}
