'use client';

import { type ColumnDef, flexRender, type Header, type Row } from '@tanstack/react-table';
import { memo, type MouseEvent } from 'react';

import { cn } from '../cn';
import type { RowAttributes } from './row-attributes';

const headerBase =
  'sticky top-0 z-10 border-b border-border bg-muted px-3 py-2 text-xs font-semibold text-secondary-foreground';

/** A column header; sortable ones hold a button and tell their order through aria-sort. */
export function HeaderCell<T>({ header }: { header: Header<T, unknown> }) {
  const column = header.column;
  const meta = column.columnDef.meta;
  const canSort = column.getCanSort();
  const sorted = column.getIsSorted();
  const content = header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext());
  const right = meta?.align === 'right';
  return (
    <th
      scope="col"
      colSpan={header.colSpan}
      aria-sort={canSort ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}
      className={cn(headerBase, right ? 'text-right' : 'text-left', meta?.headerClassName)}
    >
      {canSort ? (
        <button
          type="button"
          onClick={column.getToggleSortingHandler()}
          className={cn(
            'inline-flex max-w-full items-center gap-1 rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring',
            right && 'flex-row-reverse',
          )}
        >
          <span className="truncate">{content}</span>
          <span aria-hidden className={cn('text-[10px]', !sorted && 'text-muted-foreground/50')}>
            {sorted === 'desc' ? '▼' : sorted === 'asc' ? '▲' : '↕'}
          </span>
        </button>
      ) : meta?.srOnlyHeader ? (
        <span className="sr-only">{content}</span>
      ) : (
        content
      )}
    </th>
  );
}

const cellBase = 'border-b border-border/60 px-3 py-1.5 align-middle';

interface DataRowProps<T> {
  row: Row<T>;
  /** The row's data: with the props below, what decides whether the row renders again. */
  original: T;
  columnsKey: string;
  columns: ColumnDef<T, unknown>[];
  version: unknown;
  attributes?: (row: T, version: unknown) => RowAttributes;
  /** Fixed height when virtualised (cells then stay on one line). */
  height?: number;
  rowIndex?: number;
  onClick?: (event: MouseEvent<HTMLTableRowElement>) => void;
}

function DataRowImpl<T>({ row, version, attributes, height, rowIndex, onClick }: DataRowProps<T>) {
  const { className, style, ...rest } = attributes?.(row.original, version) ?? {};
  return (
    <tr
      {...rest}
      aria-rowindex={rowIndex}
      onClick={onClick}
      style={height ? { height, ...style } : style}
      className={cn('hover:bg-muted/60', onClick && 'cursor-pointer', className)}
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        const Cell = meta?.rowHeader ? 'th' : 'td';
        return (
          <Cell
            key={cell.id}
            scope={meta?.rowHeader ? 'row' : undefined}
            className={cn(
              cellBase,
              meta?.align === 'right' && 'text-right',
              meta?.rowHeader && 'text-left font-normal',
              height && 'overflow-hidden text-ellipsis whitespace-nowrap py-0',
              meta?.cellClassName,
            )}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </Cell>
        );
      })}
    </tr>
  );
}

/**
 * Memoised on the row's data rather than TanStack's row object (rebuilt whenever the data array
 * changes): a live update re-renders only the rows whose data changed, and a scroll frame only
 * the rows that came into view. Keep `attributes` and `columns` stable for this to hold.
 */
export const DataRow = memo(
  DataRowImpl,
  (a, b) =>
    a.original === b.original &&
    a.columnsKey === b.columnsKey &&
    a.columns === b.columns &&
    Object.is(a.version, b.version) &&
    a.attributes === b.attributes &&
    a.height === b.height &&
    a.rowIndex === b.rowIndex &&
    a.onClick === b.onClick,
) as typeof DataRowImpl;
