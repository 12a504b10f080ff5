'use client';

import { type ColumnDef, DataTable, type RowAttributes } from '@cc/ui';
import Link from 'next/link';
import { createContext, useContext, useMemo } from 'react';

import type { NodeRow } from '~/components/api-types';
import { formatInt, formatPercent } from '~/components/format';
import { ClusterRoleMarker, NodeRoleLabel, NodeStateCell } from '~/components/node-state-badge';
import { RelativeTime } from '~/components/relative-time';

/** Fixed row height: lets the virtualiser position rows without measuring each one. */
const ROW_HEIGHT = 36;

/** Row selection for bulk actions; absent for roles that cannot act on readiness. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Selects every row on the page, or clears them all when they already are. */
  onToggleAll: () => void;
}

interface TableActions {
  rows: NodeRow[];
  selection?: RowSelection;
  onRemove: (row: NodeRow) => void;
}

// Selection and the remove action reach their cells through context, so the column definitions stay
// constant and a change of selection re-renders the checkboxes, not every cell of every row.
const ActionsContext = createContext<TableActions>({ rows: [], onRemove: () => {} });

type Column = ColumnDef<NodeRow, unknown>;

const selectColumn: Column = {
  id: 'select',
  size: 40,
  enableHiding: false,
  header: () => <SelectAll />,
  cell: ({ row }) => <SelectRow row={row.original} />,
};

const dataColumns: Column[] = [
  {
    id: 'name',
    header: 'Name',
    size: 176,
    enableHiding: false,
    meta: { grow: true },
    cell: ({ row }) => (
      <Link
        href={`/nodes/${row.original.id}`}
        title={row.original.adminUrl}
        className="font-medium text-primary hover:underline"
      >
        {row.original.name}
      </Link>
    ),
  },
  { id: 'role', header: 'Role', size: 96, cell: ({ row }) => <NodeRoleLabel role={row.original.role} /> },
  {
    id: 'state',
    header: 'State',
    size: 208,
    cell: ({ row }) => <NodeStateCell state={row.original.state} drain={row.original.drain} />,
  },
  {
    id: 'cluster',
    header: 'Cluster',
    size: 96,
    cell: ({ row }) => <ClusterRoleMarker role={row.original.clusterRole} />,
  },
  {
    id: 'version',
    header: 'Version',
    size: 96,
    meta: { cellClassName: 'font-mono text-xs text-secondary-foreground' },
    cell: ({ row }) => (
      <span title={row.original.softwareVersion ?? undefined}>{row.original.softwareVersion ?? '—'}</span>
    ),
  },
  {
    id: 'sessions',
    header: 'Sessions',
    size: 88,
    meta: { align: 'right', cellClassName: 'tabular-nums' },
    cell: ({ row }) => {
      const s = row.original.sessions;
      return (
        <span
          data-testid="node-sessions"
          title={`IMAP ${formatInt(s.imap)} · POP ${formatInt(s.pop)} · SMTP ${formatInt(s.smtp)} · HTTP ${formatInt(s.http)}`}
        >
          {s.total}
        </span>
      );
    },
  },
  {
    id: 'accounts',
    header: 'Accounts',
    size: 88,
    meta: { align: 'right', cellClassName: 'tabular-nums' },
    cell: ({ row }) => formatInt(row.original.accountsOpen),
  },
  {
    id: 'queue',
    header: 'Queue',
    size: 112,
    meta: { align: 'right' },
    cell: ({ row }) => <QueueCell queue={row.original.queue} />,
  },
  {
    id: 'cpu',
    header: 'CPU',
    size: 96,
    meta: { align: 'right' },
    cell: ({ row }) => <CpuCell percent={row.original.cpuPercent} />,
  },
  {
    id: 'lastSeen',
    header: 'Last seen',
    size: 112,
    meta: { cellClassName: 'text-xs' },
    cell: ({ row }) => <LastSeenCell row={row.original} />,
  },
];

const removeColumn: Column = {
  id: 'actions',
  size: 80,
  enableHiding: false,
  header: 'Actions',
  meta: { align: 'right', srOnlyHeader: true },
  cell: ({ row }) => <RemoveButton row={row.original} />,
};

const COLUMNS = {
  plain: dataColumns,
  select: [selectColumn, ...dataColumns],
  manage: [...dataColumns, removeColumn],
  both: [selectColumn, ...dataColumns, removeColumn],
};

const getRowId = (row: NodeRow) => row.id;

function rowAttributes(row: NodeRow, selected: unknown): RowAttributes {
  return {
    'data-testid': 'node-row',
    'data-node-name': row.name,
    'data-state': row.state,
    'data-cluster-role': row.clusterRole ?? '',
    'data-selected': typeof selected === 'boolean' ? String(selected) : undefined,
    className: selected === true ? 'bg-info-soft/70' : row.state === 'down' ? 'bg-danger-soft/50' : undefined,
  };
}

export function NodesTable({
  rows,
  canManage,
  selection,
  onRemove,
  emptyMessage,
}: {
  rows: NodeRow[];
  canManage: boolean;
  selection?: RowSelection;
  onRemove: (row: NodeRow) => void;
  emptyMessage: string;
}) {
  const columns = COLUMNS[selection ? (canManage ? 'both' : 'select') : canManage ? 'manage' : 'plain'];
  const actions = useMemo(() => ({ rows, selection, onRemove }), [rows, selection, onRemove]);
  const selected = selection?.selected;
  return (
    <ActionsContext.Provider value={actions}>
      <DataTable
        label="Nodes"
        data={rows}
        columns={columns}
        getRowId={getRowId}
        // The server pages and orders the nodes; a header click would only re-sort one page.
        enableSorting={false}
        columnMenu
        virtualize
        rowHeight={ROW_HEIGHT}
        rowAttributes={rowAttributes}
        rowVersion={selected ? (row) => selected.has(row.id) : undefined}
        empty={emptyMessage}
        testId="nodes-scroll"
      />
    </ActionsContext.Provider>
  );
}

function SelectAll() {
  const { rows, selection } = useContext(ActionsContext);
  if (!selection) return null;
  const onPage = rows.filter((r) => selection.selected.has(r.id)).length;
  return (
    <input
      type="checkbox"
      aria-label="Select all"
      checked={rows.length > 0 && onPage === rows.length}
      // Some but not all: the native "mixed" state, which only exists as a DOM property.
      ref={(el) => {
        if (el) el.indeterminate = onPage > 0 && onPage < rows.length;
      }}
      disabled={rows.length === 0}
      onChange={selection.onToggleAll}
      className="size-4 align-middle accent-primary"
    />
  );
}

function SelectRow({ row }: { row: NodeRow }) {
  const { selection } = useContext(ActionsContext);
  if (!selection) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Select ${row.name}`}
      checked={selection.selected.has(row.id)}
      onChange={() => selection.onToggle(row.id)}
      className="size-4 align-middle accent-primary"
    />
  );
}

function RemoveButton({ row }: { row: NodeRow }) {
  const { onRemove } = useContext(ActionsContext);
  return (
    <button
      type="button"
      onClick={() => onRemove(row)}
      aria-label={`Remove ${row.name}`}
      className="rounded px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-danger-soft hover:text-danger-strong"
    >
      Remove
    </button>
  );
}

function LastSeenCell({ row }: { row: NodeRow }) {
  const down = row.state === 'down';
  return (
    <span
      className={`inline-flex items-center gap-1 ${down ? 'text-danger-strong' : 'text-secondary-foreground'}`}
      title={row.lastError ?? undefined}
    >
      {row.lastError && down && (
        <span aria-hidden className="font-bold">
          !
        </span>
      )}
      <RelativeTime date={row.lastSeenAt} title={down && row.lastError ? row.lastError : undefined} />
    </span>
  );
}

/** Postfix frontends' mail queue; a dash for nodes without one. */
function QueueCell({ queue }: { queue: NodeRow['queue'] }) {
  if (!queue) return <span className="text-muted-foreground">—</span>;
  return (
    <span
      data-testid="node-queue"
      className="tabular-nums"
      title={`Mail queue: ${formatInt(queue.total)} (${formatInt(queue.deferred)} deferred)`}
    >
      {formatInt(queue.total)}
      {queue.deferred > 0 && (
        <span className="ml-1 text-xs text-warning-strong">({formatInt(queue.deferred)} def.)</span>
      )}
    </span>
  );
}

function CpuCell({ percent }: { percent: number | null }) {
  if (percent == null) return <span className="text-muted-foreground">—</span>;
  const tone = percent >= 90 ? 'bg-danger' : percent >= 70 ? 'bg-warning' : 'bg-success';
  return (
    <span className="inline-flex items-center justify-end gap-1.5 tabular-nums">
      <span aria-hidden className="h-1.5 w-8 overflow-hidden rounded-full bg-muted">
        <span className={`block h-full ${tone}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </span>
      <span className="text-xs">{formatPercent(percent)}</span>
    </span>
  );
}
