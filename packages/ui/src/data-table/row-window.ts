import type { Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

/** Rows rendered before the table is measured (server rendering, hydration): a laptop screen's worth. */
const INITIAL_ROWS = 20;

export interface RowWindow<T> {
  items: { row: Row<T>; index: number }[];
  /** Height of the spacer rows standing for the rows above and below the window. */
  padTop: number;
  padBottom: number;
}

/**
 * The rows to render: all of them, or when virtualised only those in view plus an overscan, with
 * spacer rows keeping real <table> semantics and the scroll height.
 */
export function useRowWindow<T>({
  rows,
  virtualize,
  rowHeight,
  scrollRef,
}: {
  rows: Row<T>[];
  virtualize: boolean;
  rowHeight: number;
  scrollRef: RefObject<HTMLDivElement | null>;
}): RowWindow<T> {
  // The virtualiser re-renders the table itself on scroll; it must not be auto-memoised.
  const virtualizer = useVirtualizer({
    enabled: virtualize,
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    // Before it can measure it assumes a viewport this tall, so the HTML already holds the first rows.
    initialRect: { width: 0, height: INITIAL_ROWS * rowHeight },
  });
  if (!virtualize) return { items: rows.map((row, index) => ({ row, index })), padTop: 0, padBottom: 0 };

  const virtual = virtualizer.getVirtualItems();
  const items = virtual.flatMap((v) => {
    const row = rows[v.index];
    return row ? [{ row, index: v.index }] : [];
  });
  const padTop = virtual[0]?.start ?? 0;
  const padBottom = virtual.length > 0 ? virtualizer.getTotalSize() - (virtual[virtual.length - 1]?.end ?? 0) : 0;
  return { items, padTop, padBottom };
}
