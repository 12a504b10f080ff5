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
      className="flex flex-wrap items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm"
    >
      <span data-testid="selected-count" className="font-medium text-blue-900">
        {count} {count === 1 ? 'node' : 'nodes'} selected
      </span>
      <button
        type="button"
        onClick={() => onReadiness(true)}
        className={`${btn} ml-2 border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
      >
        Make Ready
      </button>
      <button
        type="button"
        onClick={() => onReadiness(false)}
        className={`${btn} border-amber-300 bg-white text-amber-800 hover:bg-amber-50`}
      >
        Make Non-Ready
      </button>
      <button type="button" onClick={onClear} className="ml-auto px-2 py-1 text-sm text-blue-800 hover:underline">
        Clear selection
      </button>
    </div>
  );
}
