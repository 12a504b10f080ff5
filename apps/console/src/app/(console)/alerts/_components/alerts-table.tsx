'use client';

import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo } from 'react';

import { AlertAudience, AlertStatusBadge, AlertText, SeverityBadge } from '~/components/alert-bits';
import type { AlertView } from '~/components/api-types';
import { RelativeTime } from '~/components/relative-time';

type Column = ColumnDef<AlertView, unknown>;

const SEVERITY_ORDER = { info: 0, warning: 1, critical: 2 } as const;
const getId = (a: AlertView) => a.id;
const alertRow = (a: AlertView): RowAttributes => ({
  'data-testid': 'alert-row',
  'data-alert-id': a.id,
  'data-status': a.status,
  className: 'align-top',
});

export function AlertsTable({ rows, emptyMessage }: { rows: AlertView[]; emptyMessage: string }) {
  const fmt = useFormat();
  const columns = useMemo<Column[]>(
    () => [
      {
        id: 'severity',
        accessorFn: (a) => SEVERITY_ORDER[a.severity],
        header: 'Severity',
        size: 104,
        cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
      },
      {
        id: 'text',
        accessorFn: (a) => a.text,
        header: 'Alert',
        size: 256,
        meta: { grow: true },
        cell: ({ row }) => <AlertText text={row.original.text} clamp />,
      },
      {
        id: 'audience',
        header: 'Audience',
        size: 176,
        meta: { cellClassName: '[overflow-wrap:anywhere]' },
        cell: ({ row }) => <AlertAudience alert={row.original} />,
      },
      {
        id: 'posted',
        accessorFn: (a) => a.postedAt,
        header: 'Posted',
        size: 224,
        cell: ({ row: { original: a } }) => (
          <>
            <div className="whitespace-nowrap">{fmt.dateTime(a.postedAt)}</div>
            <div className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
              by <span data-testid="alert-author">{a.authorEmail ?? 'system'}</span>
            </div>
            <RelativeTime date={a.postedAt} className="text-xs text-muted-foreground" />
          </>
        ),
      },
      {
        id: 'inForce',
        header: 'In force',
        size: 224,
        meta: { cellClassName: 'whitespace-nowrap text-secondary-foreground' },
        cell: ({ row: { original: a } }) => (
          <>
            <div>
              <span className="text-muted-foreground">from </span>
              {a.startsAt ? fmt.dateTime(a.startsAt) : 'posting'}
            </div>
            <div>
              <span className="text-muted-foreground">until </span>
              {a.expiresAt ? fmt.dateTime(a.expiresAt) : 'removed'}
            </div>
          </>
        ),
      },
      {
        id: 'status',
        accessorFn: (a) => a.status,
        header: 'Status',
        size: 112,
        cell: ({ row }) => <AlertStatusBadge status={row.original.status} />,
      },
      {
        id: 'details',
        header: 'Details',
        size: 88,
        enableHiding: false,
        meta: { align: 'right', srOnlyHeader: true },
        cell: ({ row }) => (
          <Link href={`/alerts/${row.original.id}`} className="font-medium text-primary hover:underline">
            Details
          </Link>
        ),
      },
    ],
    [fmt],
  );
  return (
    <DataTable
      label="Alerts"
      data={rows}
      columns={columns}
      getRowId={getId}
      rowAttributes={alertRow}
      columnMenu
      empty={emptyMessage}
    />
  );
}
