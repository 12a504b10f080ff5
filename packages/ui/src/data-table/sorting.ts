import type { Row } from '@tanstack/react-table';

import { naturalCompare } from './natural-compare';

/** Numbers by value, dates by time, everything else as text in natural order; empty values last. */
export function compareCellValues(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return naturalCompare(String(a), String(b));
}

/** The DataTable's sorting for every column: names like user2 come before user10. */
export function naturalSortingFn<T>(a: Row<T>, b: Row<T>, columnId: string): number {
  return compareCellValues(a.getValue(columnId), b.getValue(columnId));
}
