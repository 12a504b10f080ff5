'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo, useState } from 'react';

import type { NotificationDelivery } from '~/components/api-types';

import { useTRPC } from '~/trpc/react';

import { ChannelForm, type ChannelRow } from './channel-form';

const button = 'rounded border border-input bg-card px-2 py-1 text-xs hover:bg-muted/60 disabled:opacity-50';

type Delivery = NotificationDelivery;
const deliveryId = (d: Delivery) => d.id;
const deliveryRow = (d: Delivery): RowAttributes => ({ 'data-testid': 'delivery', 'data-status': d.status });

export function NotificationsView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.notifications.channels.queryOptions());
  const [status, setStatus] = useState<'' | 'pending' | 'sent' | 'failed' | 'dead'>('');
  const deliveries = useQuery({
    ...trpc.notifications.deliveries.queryOptions(status ? { status } : {}),
    refetchInterval: 2000,
  });
  const [editing, setEditing] = useState<ChannelRow | 'new' | null>(null);
  const [testResult, setTestResult] = useState<Record<string, string>>({});
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.channels.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.deliveries.queryKey() });
  };
  const test = useMutation(
    trpc.notifications.testChannel.mutationOptions({
      onSuccess: (r, v) => {
        setTestResult((t) => ({ ...t, [v.id]: r.ok ? 'Test sent.' : `Test failed: ${r.error}` }));
        refresh();
      },
    }),
  );
  const remove = useMutation(trpc.notifications.deleteChannel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.notifications.retryDelivery.mutationOptions({ onSuccess: refresh }));

  const retryDelivery = retry.mutate;
  const deliveryColumns = useMemo<ColumnDef<Delivery, unknown>[]>(
    () => [
      {
        id: 'when',
        accessorFn: (d) => d.createdAt,
        header: 'When',
        size: 176,
        cell: ({ row }) => fmt.dateTime(row.original.createdAt),
      },
      { id: 'channel', accessorFn: (d) => d.channelName, header: 'Channel', size: 128 },
      { id: 'event', accessorFn: (d) => d.event, header: 'Event', size: 112 },
      { id: 'finding', accessorFn: (d) => d.summary, header: 'Finding', size: 192, meta: { grow: true } },
      { id: 'status', accessorFn: (d) => d.status, header: 'Status', size: 88 },
      { id: 'tries', accessorFn: (d) => d.attempts, header: 'Tries', size: 72, meta: { align: 'right' } },
      {
        id: 'lastError',
        accessorFn: (d) => d.lastError,
        header: 'Last error',
        size: 176,
        meta: { cellClassName: 'text-danger-strong' },
      },
      {
        id: 'retry',
        header: 'Retry',
        size: 80,
        enableHiding: false,
        meta: { srOnlyHeader: true },
        cell: ({ row: { original: d } }) =>
          canManage && (d.status === 'dead' || d.status === 'failed') ? (
            <button type="button" className={button} onClick={() => retryDelivery({ id: d.id })}>
              Retry
            </button>
          ) : null,
      },
    ],
    [fmt, canManage, retryDelivery],
  );

  return (
    <div className="space-y-6">
      <div>
        <Link href="/health" className="text-sm text-primary hover:underline">
          ← Health
        </Link>
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <p className="text-sm text-muted-foreground">
          Findings are sent when they open and when they close, to every enabled channel whose minimum severity they
          reach. Webhooks carry an X-CC-Signature (HMAC-SHA256 of the body with the channel&apos;s secret).
        </p>
      </div>

      <section className="rounded-lg border border-border bg-card" aria-labelledby="channels">
        <header className="flex items-center justify-between border-b border-border px-4 py-3">
          <h2 id="channels" className="font-semibold">
            Channels
          </h2>
          {canManage && (
            <button type="button" className={button} onClick={() => setEditing('new')}>
              Add channel
            </button>
          )}
        </header>
        {channels.data?.length === 0 && <p className="px-4 py-6 text-sm text-muted-foreground">No channels yet.</p>}
        <ul className="divide-y divide-border">
          {channels.data?.map((c) => (
            <li key={c.id} data-testid="channel" className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
              <span className="font-medium">{c.name}</span>
              <span className="text-muted-foreground">
                {c.kind === 'webhook' ? String(c.config.url) : `SMTP ${String(c.config.host)}:${String(c.config.port)}`}
              </span>
              <span className="text-muted-foreground">≥ {c.minSeverity}</span>
              {!c.enabled && <span className="text-muted-foreground">(disabled)</span>}
              {canManage && (
                <span className="ml-auto flex gap-2">
                  <button
                    type="button"
                    className={button}
                    disabled={test.isPending}
                    onClick={() => test.mutate({ id: c.id })}
                  >
                    Send test
                  </button>
                  <button type="button" className={button} onClick={() => setEditing(c)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className={button}
                    onClick={() => confirm(`Delete the channel ${c.name}?`) && remove.mutate({ id: c.id })}
                  >
                    Delete
                  </button>
                </span>
              )}
              {testResult[c.id] && (
                <p role="status" className="w-full text-xs text-secondary-foreground">
                  {testResult[c.id]}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="rounded-lg border border-border bg-card" aria-labelledby="deliveries">
        <header className="flex items-center justify-between border-b border-border px-4 py-3">
          <h2 id="deliveries" className="font-semibold">
            Deliveries
          </h2>
          <select
            aria-label="Delivery status"
            className="rounded border border-input px-2 py-1 text-sm"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="sent">Sent</option>
            <option value="failed">Failed (will retry)</option>
            <option value="dead">Dead letters</option>
          </select>
        </header>
        <DataTable
          label="Deliveries"
          data={deliveries.data ?? []}
          columns={deliveryColumns}
          getRowId={deliveryId}
          rowAttributes={deliveryRow}
          empty={deliveries.isPending ? 'Loading deliveries…' : 'No deliveries.'}
          className="rounded-none border-0"
        />
      </section>

      {editing && (
        <ChannelForm
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}
