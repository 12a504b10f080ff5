'use client';

import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';
import { useMemo } from 'react';

import type { ConfigRevisionRow } from '~/components/api-types';
import { ErrorPanel, Panel } from '~/components/panel';
import { appliedText, MoreLagging, usePropagation } from '~/components/propagation-status';
import { RelativeTime } from '~/components/relative-time';

/** Shared with the Propagation panel's PropagationStatus: the same input is one polled request. */
export const RECENT_LIMIT = 20;

/** The latest configuration changes, and how far each has reached. */
export function RecentChanges() {
  const status = usePropagation({ limit: RECENT_LIMIT });
  const revisions = status.data?.revisions;
  const columns = useColumns();
  return (
    <Panel title="Recent configuration changes" testId="recent-changes">
      {!revisions ? (
        status.error ? (
          <ErrorPanel>Could not load recent changes: {status.error.message}</ErrorPanel>
        ) : (
          <p className="text-sm text-muted-foreground">Loading…</p>
        )
      ) : revisions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No configuration changes yet.</p>
      ) : (
        <DataTable
          label="Recent configuration changes"
          data={revisions}
          columns={columns}
          getRowId={revisionId}
          rowAttributes={revisionRow}
          enableSorting={false}
          className="rounded-none border-0 bg-transparent"
        />
      )}
    </Panel>
  );
}

const revisionId = (r: ConfigRevisionRow) => String(r.id);
const revisionRow = (r: ConfigRevisionRow): RowAttributes => ({
  'data-testid': 'revision-row',
  'data-revision': String(r.id),
  className: 'align-top',
});

function useColumns(): ColumnDef<ConfigRevisionRow, unknown>[] {
  const fmt = useFormat();
  return useMemo(
    () => [
      {
        id: 'time',
        header: 'Time',
        size: 176,
        cell: ({ row: { original: r } }) => (
          <>
            <div>{fmt.dateTime(r.at)}</div>
            <RelativeTime date={r.at} className="text-xs text-muted-foreground" />
          </>
        ),
      },
      {
        id: 'by',
        header: 'By',
        size: 192,
        meta: { cellClassName: 'break-all text-secondary-foreground' },
        cell: ({ row }) => row.original.actorEmail ?? 'system',
      },
      {
        id: 'change',
        header: 'Change',
        size: 192,
        meta: { grow: true },
        cell: ({ row: { original: r } }) => (
          <>
            <span className="mr-1.5 font-mono text-xs text-muted-foreground">#{String(r.id)}</span>
            {r.summary}
          </>
        ),
      },
      {
        id: 'propagation',
        header: 'Propagation',
        size: 256,
        cell: ({ row }) => <Propagation revision={row.original} />,
      },
    ],
    [fmt],
  );
}

function Propagation({ revision: r }: { revision: ConfigRevisionRow }) {
  const done = r.applied >= r.total;
  return (
    <>
      <span
        data-testid="revision-applied"
        className={`inline-flex items-center gap-1.5 ${done ? 'text-success-strong' : 'text-warning-strong'}`}
      >
        <span aria-hidden className={`size-2 rounded-full ${done ? 'bg-success' : 'bg-warning'}`} />
        {appliedText(r, false)}
      </span>
      {r.lagging.length > 0 && (
        <ul data-testid="revision-lagging" aria-label="Nodes not applied yet" className="mt-0.5 space-y-0.5 text-xs">
          {r.lagging.map((n) => (
            <li key={n.id} data-node-name={n.name} className="text-secondary-foreground">
              <span className="font-medium text-foreground">{n.name}</span>: {n.reason ?? 'applying'}
            </li>
          ))}
          <MoreLagging progress={r} />
        </ul>
      )}
    </>
  );
}
