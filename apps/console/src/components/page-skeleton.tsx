import { Skeleton } from '@cc/ui';

/**
 * Placeholders shaped like the page that is loading (loading.tsx files): a list with its toolbar
 * and rows, or an object's page with its facts and panels. Announced once as "Loading".
 */
export function PageSkeleton({ kind = 'list' }: { kind?: 'list' | 'detail' }) {
  return (
    <div role="status" aria-label="Loading" data-testid="page-skeleton" className="space-y-4">
      <Skeleton className="h-7 w-56" />
      {kind === 'list' ? (
        <>
          <Skeleton className="h-9 w-full max-w-md" />
          <div className="space-y-2 rounded-md border border-border bg-card p-4">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} className="h-5 w-full" />
            ))}
          </div>
        </>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-16" />
            ))}
          </div>
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-32 w-full" />
        </>
      )}
    </div>
  );
}
