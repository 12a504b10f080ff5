'use client';

import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type OnChangeFn,
  type Row,
  type RowData,
  type SortingState,
  type Table,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { type MouseEvent, type ReactNode, useRef, useState } from 'react';

import { cn } from '../cn';
import { ColumnMenu } from './column-menu';
import { DataRow, HeaderCell } from './parts';
import type { RowAttributes } from './row-attributes';
import { useRowWindow } from './row-window';
import { naturalSortingFn } from './sorting';

declare module '@tanstack/react-table' {
  // Type parameters must match TanStack's declaration, even where unused.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Numbers: right-aligned header and cells. */
    align?: 'left' | 'right';
    /** Takes the width the other columns leave; its `size` is then only its minimum. */
    grow?: boolean;
    /** The column's name in the column menu when its header is not plain text. */
    label?: string;
    headerClassName?: string;
    cellClassName?: string;
    /** This column's cells name their row (<th scope="row">). */
    rowHeader?: boolean;
    /** Header visible only to screen readers (action and checkbox columns). */
    srOnlyHeader?: boolean;
  }
}

export type { RowAttributes };

export interface DataTableProps<T> {
  data: T[];
  /** Keep the array's identity stable (module constant or useMemo): rows are memoised on it. */
  columns: ColumnDef<T, unknown>[];
  getRowId: (row: T) => string;
  /** Accessible name of the table. */
  label: string;
  /** Shown in a single row when there is no data. */
  empty?: ReactNode;
  /** Controlled sorting; with `manualSorting` the page sorts (e.g. on the server) and rows keep their order. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  manualSorting?: boolean;
  /** False: no header sorts (e.g. the page shows the server's order and cannot re-sort). */
  enableSorting?: boolean;
  initialSorting?: SortingState;
  /** A "Columns" menu above the table to hide and show columns. */
  columnMenu?: boolean;
  initialColumnVisibility?: VisibilityState;
  /** Renders only the rows in view; by default when there are more than 100. */
  virtualize?: boolean;
  /** Row height in px when virtualised (rows are then fixed at this height). */
  rowHeight?: number;
  /** Row attributes; `version` is the row's `rowVersion`. Keep the function stable (rows are memoised). */
  rowAttributes?: (row: T, version: unknown) => RowAttributes;
  /** Clicking a row anywhere outside a control follows the row's first link. */
  rowLink?: boolean;
  /** Changes whenever something outside a row's data changes how it renders (e.g. its selection). */
  rowVersion?: (row: T) => unknown;
  /** Classes of the scroll container (its height when virtualised). */
  className?: string;
  tableClassName?: string;
  testId?: string;
  /** Extra controls on the toolbar line, left of the column menu. */
  toolbar?: ReactNode;
  /** A last line across every column, in <tfoot> (totals, a note on the whole table). */
  footer?: ReactNode;
}

const AUTO_VIRTUALIZE_ROWS = 100;

export function DataTable<T>(props: DataTableProps<T>) {
  const {
    data,
    columns,
    getRowId,
    label,
    empty = 'Nothing to show.',
    sorting: controlledSorting,
    onSortingChange,
    manualSorting = false,
    enableSorting = true,
    initialSorting = [],
    columnMenu = false,
    initialColumnVisibility = {},
    rowHeight = 36,
    rowAttributes,
    rowLink = false,
    rowVersion,
    className,
    tableClassName,
    testId,
    toolbar,
    footer,
  } = props;
  const [ownSorting, setOwnSorting] = useState<SortingState>(initialSorting);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(initialColumnVisibility);
  const sorting = controlledSorting ?? ownSorting;

  // The table instance keeps its own identity and re-renders through this component's state.
  const table: Table<T> = useReactTable({
    data,
    columns,
    getRowId,
    state: { sorting, columnVisibility },
    onSortingChange: onSortingChange ?? setOwnSorting,
    onColumnVisibilityChange: setColumnVisibility,
    manualSorting,
    enableSorting,
    defaultColumn: { sortingFn: naturalSortingFn },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSortingRemoval: false,
  });

  const rows = table.getRowModel().rows;
  const virtualize = props.virtualize ?? rows.length > AUTO_VIRTUALIZE_ROWS;
  const scrollRef = useRef<HTMLDivElement>(null);
  const visible = useRowWindow({ rows, virtualize, rowHeight, scrollRef });

  const leafColumns = table.getVisibleLeafColumns();
  // Every column has a minimum (its size): the table never gets narrower than their sum, so a
  // column cannot collapse; a narrower container scrolls sideways instead.
  // A growing column's size is its minimum; the others are fixed at theirs.
  const minWidth = leafColumns.reduce((sum, c) => sum + c.getSize(), 0);
  const columnsKey = leafColumns.map((c) => c.id).join(',');

  const onRowClick = rowLink ? followFirstLink : undefined;

  return (
    <div className="min-w-0 space-y-2">
      {(columnMenu || toolbar) && (
        <div className="flex flex-wrap items-center justify-end gap-2">
          {toolbar}
          {columnMenu && <ColumnMenu table={table} />}
        </div>
      )}
      <div
        ref={scrollRef}
        data-testid={testId}
        className={cn(
          'overflow-auto rounded-md border border-border bg-card',
          virtualize && 'max-h-[calc(100vh-20rem)] min-h-48',
          className,
        )}
      >
        <table
          aria-label={label}
          aria-rowcount={virtualize ? rows.length + 1 : undefined}
          style={{ minWidth }}
          className={cn('w-full table-fixed border-separate border-spacing-0 text-sm', tableClassName)}
        >
          <colgroup>
            {leafColumns.map((c) => (
              <col key={c.id} style={c.columnDef.meta?.grow ? undefined : { width: c.getSize() }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <HeaderCell key={header.id} header={header} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={leafColumns.length} className="px-3 py-10 text-center text-sm text-muted-foreground">
                  {empty}
                </td>
              </tr>
            )}
            {visible.padTop > 0 && (
              <tr aria-hidden style={{ height: visible.padTop }}>
                <td colSpan={leafColumns.length} />
              </tr>
            )}
            {visible.items.map(({ row, index }) => (
              <DataRow<T>
                key={row.id}
                row={row}
                original={row.original}
                columnsKey={columnsKey}
                columns={columns}
                version={rowVersion?.(row.original)}
                attributes={rowAttributes}
                height={virtualize ? rowHeight : undefined}
                rowIndex={virtualize ? index + 2 : undefined}
                onClick={onRowClick}
              />
            ))}
            {visible.padBottom > 0 && (
              <tr aria-hidden style={{ height: visible.padBottom }}>
                <td colSpan={leafColumns.length} />
              </tr>
            )}
          </tbody>
          {footer && (
            <tfoot>
              <tr>
                <td colSpan={leafColumns.length} className="px-3 py-1.5 text-xs text-secondary-foreground">
                  {footer}
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}

/** Row link: a click outside any control or link of the row acts as a click on its first link. */
function followFirstLink(event: MouseEvent<HTMLTableRowElement>) {
  const target = event.target as HTMLElement;
  if (target.closest('a, button, input, select, textarea, label, [role="button"]')) return;
  // Selecting text is not a click on the row.
  if (globalThis.getSelection?.()?.toString()) return;
  event.currentTarget.querySelector('a')?.click();
}

export type { Row };
