export { DataTable, type DataTableProps, type RowAttributes } from './data-table';
export { naturalCompare } from './natural-compare';
export { compareCellValues, naturalSortingFn } from './sorting';
export type { ColumnDef, SortingState, VisibilityState } from '@tanstack/react-table';
export { createColumnHelper } from '@tanstack/react-table';
