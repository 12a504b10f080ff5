'use client';

/** Appears once rows are selected: readiness changes for the whole selection, confirmed in a dialog. */
export function BulkReadinessBar({
  count,
  onReadiness,
  onClear,
}: {
  count: number;
  onReadiness: (ready: boolean) => void;
  onClear: () => void;
}) {
  const btn = 'rounded border px-3 py-1 text-sm font-medium shadow-xs';
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      data-testid="bulk-actions"
      className="flex flex-wrap items-center gap-2 rounded-md border border-info-border bg-info-soft px-3 py-2 text-sm"
    >
      <span data-testid="selected-count" className="font-medium text-info-strong">
        {count} {count === 1 ? 'node' : 'nodes'} selected
      </span>
      <button
        type="button"
        onClick={() => onReadiness(true)}
        className={`${btn} ml-2 border-input bg-card text-foreground hover:bg-muted/60`}
      >
        Make Ready
      </button>
      <button
        type="button"
        onClick={() => onReadiness(false)}
        className={`${btn} border-warning-border bg-card text-warning-strong hover:bg-warning-soft`}
      >
        Make Non-Ready
      </button>
      <button type="button" onClick={onClear} className="ml-auto px-2 py-1 text-sm text-info-strong hover:underline">
        Clear selection
      </button>
    </div>
  );
}
