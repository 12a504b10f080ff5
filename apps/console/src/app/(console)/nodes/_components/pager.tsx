import { useFormat } from '@cc/ui';

export const PAGE_SIZES = [100, 250, 500] as const;

export function Pager({
  page,
  lastPage,
  onPage,
  range,
  pageSize,
  onPageSize,
}: {
  page: number;
  lastPage: number;
  onPage: (page: number) => void;
  range: string;
  pageSize: number;
  onPageSize: (size: number) => void;
}) {
  const fmt = useFormat();
  const btn =
    'rounded border border-input bg-card px-2 py-1 text-sm hover:bg-muted/60 disabled:cursor-default disabled:opacity-40';
  return (
    <nav aria-label="Pagination" className="ml-auto flex items-center gap-2 text-sm text-secondary-foreground">
      <select
        value={pageSize}
        onChange={(e) => onPageSize(Number(e.target.value))}
        aria-label="Rows per page"
        className="rounded border border-input bg-card px-1.5 py-1 text-sm"
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n} / page
          </option>
        ))}
      </select>
      <span data-testid="page-range" className="tabular-nums">
        {range}
      </span>
      <button type="button" className={btn} onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
        «
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(page - 1)}
        disabled={page <= 1}
        aria-label="Previous page"
      >
        ‹
      </button>
      <span className="tabular-nums">
        Page {fmt.integer(page)} of {fmt.integer(lastPage)}
      </span>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(page + 1)}
        disabled={page >= lastPage}
        aria-label="Next page"
      >
        ›
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(lastPage)}
        disabled={page >= lastPage}
        aria-label="Last page"
      >
        »
      </button>
    </nav>
  );
}
