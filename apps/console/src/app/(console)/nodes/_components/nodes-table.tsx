'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useRef } from 'react';

import type { NodeRow } from '~/components/api-types';
import { formatInt, formatPercent } from '~/components/format';
import { ClusterRoleMarker, NodeRoleLabel, NodeStateCell } from '~/components/node-state-badge';
import { RelativeTime } from '~/components/relative-time';

/** Fixed row height: lets the virtualiser position rows without measuring each one. */
const ROW_HEIGHT = 36;
/** Rows rendered before the table is measured: about a laptop screen's worth. */
const INITIAL_HEIGHT = 20 * ROW_HEIGHT;

const COLUMNS = [
  { label: 'Name', width: 'w-auto' },
  { label: 'Role', width: 'w-24' },
  { label: 'State', width: 'w-52' },
  { label: 'Cluster', width: 'w-24' },
  { label: 'Version', width: 'w-24' },
  { label: 'Sessions', width: 'w-20', numeric: true },
  { label: 'Accounts', width: 'w-20', numeric: true },
  { label: 'Queue', width: 'w-28', numeric: true },
  { label: 'CPU', width: 'w-24', numeric: true },
  { label: 'Last seen', width: 'w-28' },
] as const;

/** Row selection for bulk actions; absent for roles that cannot act on readiness. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Selects every row on the page, or clears them all when they already are. */
  onToggleAll: () => void;
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
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualiser re-renders this component itself on scroll; it must not be auto-memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    // Before it can measure (server rendering, hydration) it assumes a viewport this tall, so the
    // HTML already holds the first rows; the real height takes over once mounted.
    initialRect: { width: 0, height: INITIAL_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const columnCount = COLUMNS.length + (canManage ? 1 : 0) + (selection ? 1 : 0);
  const selectedOnPage = selection ? rows.filter((r) => selection.selected.has(r.id)).length : 0;
  // Spacer rows keep real <table> semantics (and column alignment) while only visible rows exist.
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  return (
    <div
      ref={scrollRef}
      data-testid="nodes-scroll"
      className="max-h-[calc(100vh-20rem)] min-h-48 overflow-auto rounded-md border border-border bg-card"
    >
      <table className="w-full min-w-[60rem] table-fixed border-separate border-spacing-0 text-sm">
        <colgroup>
          {selection && <col className="w-10" />}
          {COLUMNS.map((c) => (
            <col key={c.label} className={c.width} />
          ))}
          {canManage && <col className="w-20" />}
        </colgroup>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="sticky top-0 z-10 border-b border-border bg-muted/60 px-3 py-2 text-left">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={rows.length > 0 && selectedOnPage === rows.length}
                  // Some but not all: the native "mixed" state, which only exists as a DOM property.
                  ref={(el) => {
                    if (el) el.indeterminate = selectedOnPage > 0 && selectedOnPage < rows.length;
                  }}
                  disabled={rows.length === 0}
                  onChange={selection.onToggleAll}
                  className="size-4 accent-primary"
                />
              </th>
            )}
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={`sticky top-0 z-10 border-b border-border bg-muted/60 px-3 py-2 text-xs font-semibold text-secondary-foreground ${'numeric' in c ? 'text-right' : 'text-left'}`}
              >
                {c.label}
              </th>
            ))}
            {canManage && (
              <th scope="col" className="sticky top-0 z-10 border-b border-border bg-muted/60 px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columnCount} className="px-3 py-10 text-center text-sm text-muted-foreground">
                {emptyMessage}
              </td>
            </tr>
          )}
          {padTop > 0 && (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? (
              <NodeTableRow key={item.key} row={row} canManage={canManage} selection={selection} onRemove={onRemove} />
            ) : null;
          })}
          {padBottom > 0 && (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const cell = 'overflow-hidden whitespace-nowrap border-b border-border px-3';

/**
 * Memoised: each scroll frame re-renders the table, and without this every visible row with it. Props
 * keep their identity between frames (the page's data only changes when the live stream delivers), so
 * a frame renders just the rows that scrolled into view.
 */
const NodeTableRow = memo(function NodeTableRow({
  row,
  canManage,
  selection,
  onRemove,
}: {
  row: NodeRow;
  canManage: boolean;
  selection?: RowSelection;
  onRemove: (row: NodeRow) => void;
}) {
  const s = row.sessions;
  const down = row.state === 'down';
  const selected = selection?.selected.has(row.id) ?? false;
  return (
    <tr
      data-testid="node-row"
      data-node-name={row.name}
      data-state={row.state}
      data-cluster-role={row.clusterRole ?? ''}
      data-selected={selection ? selected : undefined}
      style={{ height: ROW_HEIGHT }}
      className={`${selected ? 'bg-info-soft/70' : down ? 'bg-danger-soft/50' : ''} hover:bg-muted/60`}
    >
      {selection && (
        <td className={cell}>
          <input
            type="checkbox"
            aria-label={`Select ${row.name}`}
            checked={selected}
            onChange={() => selection.onToggle(row.id)}
            className="size-4 align-middle accent-primary"
          />
        </td>
      )}
      <td className={`${cell} text-ellipsis`}>
        <Link href={`/nodes/${row.id}`} title={row.adminUrl} className="font-medium text-primary hover:underline">
          {row.name}
        </Link>
      </td>
      <td className={cell}>
        <NodeRoleLabel role={row.role} />
      </td>
      <td className={cell}>
        <NodeStateCell state={row.state} drain={row.drain} />
      </td>
      <td className={cell}>
        <ClusterRoleMarker role={row.clusterRole} />
      </td>
      <td
        className={`${cell} text-ellipsis font-mono text-xs text-secondary-foreground`}
        title={row.softwareVersion ?? undefined}
      >
        {row.softwareVersion ?? '—'}
      </td>
      <td
        className={`${cell} text-right tabular-nums`}
        title={`IMAP ${formatInt(s.imap)} · POP ${formatInt(s.pop)} · SMTP ${formatInt(s.smtp)} · HTTP ${formatInt(s.http)}`}
      >
        <span data-testid="node-sessions">{s.total}</span>
      </td>
      <td className={`${cell} text-right tabular-nums`}>{formatInt(row.accountsOpen)}</td>
      <td className={`${cell} text-right`}>
        <QueueCell queue={row.queue} />
      </td>
      <td className={`${cell} text-right`}>
        <CpuCell percent={row.cpuPercent} />
      </td>
      <td className={`${cell} text-xs ${down ? 'text-danger-strong' : 'text-secondary-foreground'}`}>
        <span className="inline-flex items-center gap-1" title={row.lastError ?? undefined}>
          {row.lastError && down && (
            <span aria-hidden className="font-bold">
              !
            </span>
          )}
          <RelativeTime date={row.lastSeenAt} title={down && row.lastError ? row.lastError : undefined} />
        </span>
      </td>
      {canManage && (
        <td className={`${cell} text-right`}>
          <button
            type="button"
            onClick={() => onRemove(row)}
            aria-label={`Remove ${row.name}`}
            className="rounded px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-danger-soft hover:text-danger-strong"
          >
            Remove
          </button>
        </td>
      )}
    </tr>
  );
});

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
