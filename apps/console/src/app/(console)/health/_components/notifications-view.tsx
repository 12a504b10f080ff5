'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { useTRPC } from '~/trpc/react';

import { ChannelForm, type ChannelRow } from './channel-form';
import { useFormat } from '@cc/ui';

const button = 'rounded border border-input bg-card px-2 py-1 text-xs hover:bg-muted/60 disabled:opacity-50';

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
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-muted-foreground">
            <tr>
              <th className="px-4 py-2">When</th>
              <th className="px-4 py-2">Channel</th>
              <th className="px-4 py-2">Event</th>
              <th className="px-4 py-2">Finding</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Tries</th>
              <th className="px-4 py-2">Last error</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {deliveries.data?.map((d) => (
              <tr key={d.id} data-testid="delivery" data-status={d.status}>
                <td className="px-4 py-2">{fmt.dateTime(d.createdAt)}</td>
                <td className="px-4 py-2">{d.channelName}</td>
                <td className="px-4 py-2">{d.event}</td>
                <td className="px-4 py-2">{d.summary}</td>
                <td className="px-4 py-2">{d.status}</td>
                <td className="px-4 py-2">{d.attempts}</td>
                <td className="px-4 py-2 text-danger-strong">{d.lastError}</td>
                <td className="px-4 py-2">
                  {canManage && (d.status === 'dead' || d.status === 'failed') && (
                    <button type="button" className={button} onClick={() => retry.mutate({ id: d.id })}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
