import Link from 'next/link';
import { useMemo } from 'react';

import { isRole, ROLE_LABELS } from '@cc/permissions';
import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';

import { targetHref } from './filter-state';
import { OutcomeBadge } from './outcome-badge';
import type { AuditListItem } from './types';

type Column = ColumnDef<AuditListItem, unknown>;

const getId = (e: AuditListItem) => e.id;
const auditRow = (e: AuditListItem): RowAttributes => ({
  'data-testid': 'audit-row',
  'data-entry-id': e.id,
  'data-action': e.action,
  className: 'align-top',
});

export function AuditTable({
  rows,
  empty,
  onOpen,
}: {
  rows: AuditListItem[];
  empty: string;
  onOpen: (id: string) => void;
}) {
  const fmt = useFormat();
  const columns = useMemo<Column[]>(
    () => [
      {
        id: 'time',
        header: 'Time',
        size: 176,
        meta: { cellClassName: 'whitespace-nowrap tabular-nums text-secondary-foreground' },
        cell: ({ row }) => fmt.dateTime(row.original.at),
      },
      {
        id: 'actor',
        header: 'Actor',
        size: 200,
        meta: { grow: true, cellClassName: 'break-all' },
        cell: ({ row: { original: e } }) => (
          <span title={[e.sourceIp, e.userAgent].filter(Boolean).join(' · ')}>
            {e.actorEmail ?? <span className="text-muted-foreground">unknown</span>}
          </span>
        ),
      },
      {
        id: 'role',
        header: 'Role',
        size: 128,
        meta: { cellClassName: 'text-xs text-muted-foreground' },
        cell: ({ row }) => roleLabel(row.original.actorRole),
      },
      {
        id: 'action',
        header: 'Action',
        size: 192,
        meta: { cellClassName: 'break-all' },
        cell: ({ row }) => <code className="text-xs">{row.original.action}</code>,
      },
      {
        id: 'target',
        header: 'Target',
        size: 200,
        meta: { grow: true },
        cell: ({ row: { original: e } }) => <TargetCell entry={e} />,
      },
      {
        id: 'outcome',
        header: 'Outcome',
        size: 144,
        cell: ({ row: { original: e } }) => (
          <>
            <OutcomeBadge outcome={e.outcome} />
            {e.error && <p className="mt-0.5 line-clamp-2 text-xs text-danger-strong">{e.error}</p>}
          </>
        ),
      },
      {
        id: 'details',
        header: 'Details',
        size: 88,
        enableHiding: false,
        meta: { align: 'right', srOnlyHeader: true },
        cell: ({ row }) => (
          <button
            type="button"
            onClick={() => onOpen(row.original.id)}
            className="rounded border border-input px-2 py-0.5 text-xs hover:bg-card"
          >
            Details
          </button>
        ),
      },
    ],
    [fmt, onOpen],
  );
  return (
    <DataTable
      label="Audit log"
      data={rows}
      columns={columns}
      getRowId={getId}
      // Newest first, as the server pages them: a header click would re-sort only the loaded pages.
      enableSorting={false}
      columnMenu
      rowAttributes={auditRow}
      empty={empty}
    />
  );
}

function TargetCell({ entry: e }: { entry: AuditListItem }) {
  const href = targetHref(e);
  const target = e.targetName ?? e.targetId;
  return (
    <>
      {e.targetType && <span className="mr-1 text-xs text-muted-foreground">{e.targetType}</span>}
      {href && target ? (
        <Link href={href} data-testid="audit-target-link" className="break-all text-primary hover:underline">
          {target}
        </Link>
      ) : (
        <span className="break-all">{target}</span>
      )}
    </>
  );
}

function roleLabel(role: string | null): string {
  return isRole(role) ? ROLE_LABELS[role] : (role ?? '');
}
