import { CHECK_SECTIONS, type PortCheckCell } from '@cc/ports';
import { type ColumnDef, DataTable, type RowAttributes, type SortingState, useFormat } from '@cc/ui';
import { useMemo } from 'react';

const cellKey = (c: PortCheckCell) => `${c.source}>${c.target}:${c.service}:${c.port}`;
const cellRow = (c: PortCheckCell): RowAttributes => ({
  'data-testid': 'port-cell',
  'data-section': c.section,
  'data-source': c.source,
  'data-target': c.target,
  'data-service': c.service,
  'data-result': c.ok ? 'pass' : 'fail',
  className: c.ok ? undefined : 'bg-danger-soft/60',
});
const FAILURES_FIRST: SortingState = [{ id: 'result', desc: false }];

/** One table per section of the matrix, failures first so they are seen at 3 a.m. */
export function CheckMatrix({ cells }: { cells: PortCheckCell[] }) {
  const fmt = useFormat();
  const columns = useMemo<ColumnDef<PortCheckCell, unknown>[]>(
    () => [
      { id: 'source', accessorFn: (c) => c.source, header: 'Source', size: 144 },
      { id: 'target', accessorFn: (c) => c.target, header: 'Target', size: 144 },
      { id: 'service', accessorFn: (c) => c.service, header: 'Service', size: 128 },
      {
        id: 'port',
        accessorFn: (c) => c.port,
        header: 'Port',
        size: 80,
        meta: { align: 'right', cellClassName: 'font-mono' },
      },
      {
        id: 'result',
        // Failures sort first.
        accessorFn: (c) => (c.ok ? 1 : 0),
        header: 'Result',
        size: 88,
        cell: ({ row: { original: c } }) => (
          <span
            className={`rounded px-1.5 py-0.5 text-xs font-medium ${c.ok ? 'bg-success-soft text-success-strong' : 'bg-danger-soft text-danger-strong'}`}
          >
            {c.ok ? 'Pass' : 'Fail'}
          </span>
        ),
      },
      {
        id: 'time',
        accessorFn: (c) => c.ms,
        header: 'Time',
        size: 88,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => fmt.milliseconds(row.original.ms),
      },
      {
        id: 'error',
        accessorFn: (c) => c.error,
        header: 'Error',
        size: 176,
        meta: { grow: true, cellClassName: 'text-danger-strong' },
      },
    ],
    [fmt],
  );
  return (
    <div className="divide-y divide-border">
      {CHECK_SECTIONS.map((section) => {
        const rows = cells.filter((c) => c.section === section);
        if (!rows.length) return null;
        const failed = rows.filter((r) => !r.ok).length;
        return (
          <div key={section} className="px-4 py-3">
            <h3 className="mb-2 text-sm font-semibold capitalize">
              {section}{' '}
              <span className="font-normal text-muted-foreground">
                ({rows.length - failed} pass, {failed} fail)
              </span>
            </h3>
            <DataTable
              label={`${section} checks`}
              data={rows}
              columns={columns}
              getRowId={cellKey}
              rowAttributes={cellRow}
              initialSorting={FAILURES_FIRST}
              className="rounded-none border-0"
            />
          </div>
        );
      })}
    </div>
  );
}
