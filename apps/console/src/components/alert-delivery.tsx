'use client';

import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { useTRPC } from '~/trpc/react';

import type { AlertDeliveryView, AlertNodeDelivery } from './api-types';

/** Nodes pick a change up within a second or two, and "shown to" grows as users open their mail. */
const POLL_MS = 1000;

function nodes(n: number): string {
  return `${n} ${n === 1 ? 'node' : 'nodes'}`;
}

/**
 * alerts.delivery, polled while the page is visible (TanStack pauses intervals in background tabs).
 * Polling stops once there is nothing left to change: the removal is everywhere, or the alert is gone.
 */
export function useAlertDelivery(id: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.alerts.delivery.queryOptions(
      { id },
      {
        refetchInterval: (q) => {
          if (['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST'].includes(q.state.error?.data?.code ?? '')) return false;
          const d = q.state.data;
          return d && d.alert.status === 'removed' && d.removalApplied >= d.total ? false : POLL_MS;
        },
      },
    ),
  );
}

/** The delivery of one alert, fetched and polled here (the post dialog's result step). */
export function AlertDeliveryLive({ id }: { id: string }) {
  const delivery = useAlertDelivery(id);
  if (!delivery.data) {
    return (
      <p data-testid="alert-delivery-status" className="text-sm text-muted-foreground">
        {delivery.error ? `Delivery status unavailable: ${delivery.error.message}` : 'Checking delivery…'}
      </p>
    );
  }
  return <AlertDeliveryStatus delivery={delivery.data} />;
}

/**
 * "Delivered on N of M nodes", "Removal applied on N of M nodes" once removed, "Shown to N of the T
 * accounts it is for" (two different units, so the page says what each counts),
 * and a row per node when the caller may see nodes (the server sends domain administrators counts only).
 */
export function AlertDeliveryStatus({ delivery: d }: { delivery: AlertDeliveryView }) {
  const fmt = useFormat();
  const removed = d.alert.status === 'removed';
  // The figure that matters now: the alert reaching the nodes, or (once removed) its removal.
  const done = removed ? d.removalApplied >= d.total : d.delivered >= d.total;
  const silent = d.nodes.filter((n) => n.error !== null).length;
  return (
    <div
      data-testid="alert-delivery-status"
      data-complete={done}
      className={`rounded-md border px-4 py-2.5 text-sm ${done ? 'border-success-border bg-success-soft text-success-strong' : 'border-warning-border bg-warning-soft text-warning-strong'}`}
    >
      <div role="status" className="space-y-0.5">
        <p className="flex items-center gap-2">
          <span aria-hidden className={`size-2 rounded-full ${done ? 'bg-success' : 'animate-pulse bg-warning'}`} />
          <span data-testid="alert-delivery" className={removed ? '' : 'font-medium'}>
            Delivered on {d.delivered} of {nodes(d.total)}
          </span>
        </p>
        {removed && (
          <p className="flex items-center gap-2 pl-4">
            <span data-testid="alert-removal" className="font-medium">
              Removal applied on {d.removalApplied} of {nodes(d.total)}
            </span>
          </p>
        )}
      </div>
      <p className="mt-0.5 pl-4">
        <span data-testid="alert-shown-to">
          Shown to {fmt.integer(d.shownTo)} {d.targeted === null && (d.shownTo === 1 ? 'account' : 'accounts')}
        </span>
        {d.targeted !== null && (
          <span data-testid="alert-targeted">
            {' '}
            of the {fmt.integer(d.targeted)} {d.targeted === 1 ? 'account' : 'accounts'} it is for
          </span>
        )}
        <span className="text-xs opacity-80">
          {d.alert.status === 'scheduled' && ' · shown from its start time'}
          {removed && ' · nodes stop counting once the removal reaches them'}
          {silent > 0 && ` · ${nodes(silent)} not counted (no answer)`}
        </span>
      </p>
      <p className="mt-0.5 pl-4 text-xs opacity-80" data-testid="alert-delivery-explained">
        Delivered counts the nodes that hold the alert; shown counts the accounts that opened their mail since and saw
        it.
      </p>
      {d.nodes.length === 0 ? (
        !done && (
          // Counts only: the caller may not see node names.
          <p className="mt-1 pl-4 text-xs">
            {nodes(d.total - (removed ? d.removalApplied : d.delivered))} still to{' '}
            {removed ? 'apply the removal' : 'receive it'}; a node that is down catches up when it returns.
          </p>
        )
      ) : (
        <NodeTable rows={d.nodes} removed={removed} />
      )}
    </div>
  );
}

const nodeName = (n: AlertNodeDelivery) => n.name;
const nodeRow = (n: AlertNodeDelivery): RowAttributes => ({
  'data-testid': 'alert-node',
  'data-node-name': n.name,
  'data-delivered': String(n.delivered),
  'data-removal-applied': String(n.removalApplied),
});

function NodeTable({ rows, removed }: { rows: AlertNodeDelivery[]; removed: boolean }) {
  const fmt = useFormat();
  const columns = useMemo<ColumnDef<AlertNodeDelivery, unknown>[]>(
    () => [
      {
        id: 'node',
        accessorFn: (n) => n.name,
        header: 'Node',
        size: 144,
        meta: { grow: true, cellClassName: 'font-medium' },
      },
      {
        id: 'delivered',
        accessorFn: (n) => n.delivered,
        header: 'Delivered',
        size: 96,
        cell: ({ row }) => <Check ok={row.original.delivered} />,
      },
      ...(removed
        ? [
            {
              id: 'removal',
              accessorFn: (n: AlertNodeDelivery) => n.removalApplied,
              header: 'Removal applied',
              size: 128,
              cell: ({ row }: { row: { original: AlertNodeDelivery } }) => <Check ok={row.original.removalApplied} />,
            } satisfies ColumnDef<AlertNodeDelivery, unknown>,
          ]
        : []),
      {
        id: 'shownTo',
        accessorFn: (n) => n.shownTo,
        header: 'Shown to',
        size: 96,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => (row.original.shownTo === null ? '—' : fmt.integer(row.original.shownTo)),
      },
      {
        id: 'problem',
        accessorFn: (n) => n.error,
        header: 'Problem',
        size: 208,
        cell: ({ row: { original: n } }) => (
          <span data-testid="alert-node-error" className="text-danger-strong">
            {n.error === 'down' ? 'down; catches up when it returns' : (n.error ?? '')}
          </span>
        ),
      },
    ],
    [fmt, removed],
  );
  return (
    <div className="mt-2 max-w-3xl text-xs">
      <DataTable
        label="Delivery per node"
        data={rows}
        columns={columns}
        getRowId={nodeName}
        rowAttributes={nodeRow}
        tableClassName="text-xs"
      />
    </div>
  );
}

function Check({ ok }: { ok: boolean }) {
  return ok ? (
    <span className="text-success-strong">
      <span aria-hidden>✓ </span>yes
    </span>
  ) : (
    <span className="text-warning-strong">
      <span aria-hidden>… </span>not yet
    </span>
  );
}
