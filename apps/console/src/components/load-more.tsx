import { plural, useFormat } from '@cc/ui';

/** Keyset paging: how many rows are on screen, and a button for the next page while there is one. */
export function LoadMore({
  shown,
  total,
  noun,
  nounPlural,
  hasMore,
  loading,
  onMore,
}: {
  shown: number;
  /** When known (an unfiltered list). */
  total?: number;
  /** Singular ("domain"); the plural follows the count. */
  noun: string;
  /** Irregular plurals ("entries"). */
  nounPlural?: string;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const fmt = useFormat();
  if (shown === 0 && !hasMore) return null;
  return (
    <div className="flex items-center gap-3 text-sm text-secondary-foreground">
      <span data-testid="list-count" className="tabular-nums">
        Showing {fmt.integer(shown)}
        {total !== undefined && ` of ${fmt.integer(total)}`} {plural(total ?? shown, noun, nounPlural)}
      </span>
      {hasMore && (
        <button
          type="button"
          onClick={onMore}
          disabled={loading}
          aria-busy={loading}
          className="rounded border border-input bg-card px-3 py-1 text-sm font-medium text-secondary-foreground hover:bg-muted/60 disabled:opacity-60"
        >
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
