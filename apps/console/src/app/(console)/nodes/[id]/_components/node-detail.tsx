'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';

import type { NodeDetail } from '~/components/api-types';
import { ClusterRoleMarker, NodeRoleLabel, NodeStateCell } from '~/components/node-state-badge';
import { RelativeTime, Uptime } from '~/components/relative-time';
import { useTRPC } from '~/trpc/react';

import { DrainStatus } from './drain-status';
import { LoadHistory } from './load-history';
import { NodeConnectionNotices, NodeTlsSummary } from './node-certificate';
import { ReadinessButtons } from './readiness-buttons';
import { type ColumnDef, DataTable, toast, useFormat } from '@cc/ui';

const LIVE_REFRESH_MS = 1000;

type Listener = NodeDetail['listeners'][number];
const listenerKey = (l: Listener) => `${l.protocol}:${l.port}`;
const LISTENER_COLUMNS: ColumnDef<Listener, unknown>[] = [
  {
    id: 'protocol',
    accessorFn: (l) => l.protocol,
    header: 'Protocol',
    size: 112,
    meta: { grow: true, cellClassName: 'uppercase' },
  },
  {
    id: 'port',
    accessorFn: (l) => l.port,
    header: 'Port',
    size: 80,
    meta: { align: 'right', cellClassName: 'font-mono text-xs' },
  },
  {
    id: 'status',
    accessorFn: (l) => l.open,
    header: 'Status',
    size: 96,
    cell: ({ row: { original: l } }) => (
      <span
        className={`rounded px-1.5 py-px text-xs font-medium ${l.open ? 'bg-success-soft text-success-strong' : 'bg-muted text-secondary-foreground'}`}
      >
        {l.open ? 'Open' : 'Closed'}
      </span>
    ),
  },
];

export function NodeDetailView({
  id,
  canControl,
  canManage = false,
}: {
  id: string;
  canControl: boolean;
  /** Server administrators: may accept a node's changed certificate. */
  canManage?: boolean;
}) {
  const trpc = useTRPC();
  const node = useQuery(
    trpc.nodes.get.queryOptions(
      { id },
      // Stop polling once the API says the node is gone (or the id is malformed).
      { refetchInterval: (q) => (q.state.error ? false : LIVE_REFRESH_MS) },
    ),
  );

  const code = node.error?.data?.code;
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NodeNotFound />;
  if (node.error && !node.data) {
    return (
      <p
        role="alert"
        className="rounded-md border border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-strong"
      >
        Could not load this node: {node.error.message}
      </p>
    );
  }
  if (!node.data) return <p className="text-sm text-muted-foreground">Loading node…</p>;
  return <NodeDetailBody node={node.data} stale={Boolean(node.error)} canControl={canControl} canManage={canManage} />;
}

function NodeNotFound() {
  return (
    <div data-testid="node-not-found" className="rounded-md border border-border bg-card px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">Node not found</h1>
      <p className="mt-1 text-sm text-muted-foreground">
        It may have been removed from the console, or the link is wrong.
      </p>
      <Link href="/nodes" className="mt-4 inline-block text-sm font-medium text-primary hover:underline">
        ← Back to nodes
      </Link>
    </div>
  );
}

function NodeDetailBody({
  node,
  stale,
  canControl,
  canManage,
}: {
  node: NodeDetail;
  stale: boolean;
  canControl: boolean;
  canManage: boolean;
}) {
  const fmt = useFormat();
  const down = node.state === 'down';
  const s = node.sessions;
  const mem = node.memUsedBytes != null && node.memTotalBytes ? node.memUsedBytes / node.memTotalBytes : null;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/nodes" className="hover:text-foreground hover:underline">
          Nodes
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-secondary-foreground">{node.name}</span>
      </nav>

      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">{node.name}</h1>
        <NodeRoleLabel role={node.role} />
        <NodeStateCell state={node.state} drain={node.drain} />
        <ClusterRoleMarker role={node.clusterRole} />
        {stale && (
          <span className="text-xs text-warning-strong">Connection to the console lost; showing last known data.</span>
        )}
        {canControl && (
          <div className="ml-auto flex gap-2">
            <ReadinessButtons node={node} onDone={(message) => toast.success(message)} />
          </div>
        )}
      </div>

      <DrainStatus node={node} canControl={canControl} onNotice={(message) => toast.success(message)} />
      <NodeConnectionNotices node={node} canManage={canManage} />

      {node.lastError && (
        <div
          role={down ? 'alert' : undefined}
          className={`rounded-md border px-4 py-2.5 text-sm ${down ? 'border-danger-border bg-danger-soft text-danger-strong' : 'border-warning-border bg-warning-soft text-warning-strong'}`}
        >
          <strong className="font-semibold">Last error:</strong> {node.lastError}
          {node.failures > 0 && (
            <span className="ml-2 text-xs">({fmt.integer(node.failures)} consecutive failed polls)</span>
          )}
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Status" className="lg:col-span-2">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2.5 text-sm sm:grid-cols-2">
            <Item label="Software version">
              <span className="font-mono text-xs">{node.softwareVersion ?? '—'}</span>
            </Item>
            <Item label="Started">
              {fmt.dateTime(node.startedAt)}
              {node.startedAt && !down && (
                <span className="ml-1.5 text-xs text-muted-foreground">
                  (up <Uptime date={node.startedAt} />)
                </span>
              )}
            </Item>
            <Item label="Last seen">
              <RelativeTime date={node.lastSeenAt} className={down ? 'text-danger-strong' : undefined} />
              <span className="ml-1.5 text-xs text-muted-foreground">{fmt.dateTime(node.lastSeenAt)}</span>
            </Item>
            <Item label="Last poll attempt">
              <RelativeTime date={node.lastAttemptAt} />
            </Item>
            <Item label="Admin URL">
              <span className="break-all font-mono text-xs">{node.adminUrl}</span>
            </Item>
            <Item label="TLS">
              <NodeTlsSummary node={node} />
            </Item>
            <Item label="Agent ID">
              <span className="break-all font-mono text-xs">{node.agentId ?? '—'}</span>
            </Item>
            <Item label="Registered">{fmt.dateTime(node.createdAt)}</Item>
            <Item label="Cluster role">
              <ClusterRoleMarker role={node.clusterRole} />
            </Item>
          </dl>
        </Panel>

        <Panel title="Load now">
          <dl className="space-y-2.5 text-sm">
            <Item label="Sessions">
              <span data-testid="node-sessions" className="text-base font-semibold tabular-nums">
                {s.total}
              </span>
              <span className="ml-2 text-xs tabular-nums text-muted-foreground">
                IMAP {fmt.integer(s.imap)} · POP {fmt.integer(s.pop)} · SMTP {fmt.integer(s.smtp)} · HTTP{' '}
                {fmt.integer(s.http)}
              </span>
            </Item>
            <Item label="Accounts open">
              <span className="tabular-nums">{fmt.integer(node.accountsOpen)}</span>
            </Item>
            {node.queue && (
              <Item label="Mail queue">
                <span data-testid="node-queue" className="tabular-nums">
                  {fmt.integer(node.queue.total)} ({fmt.integer(node.queue.deferred)} deferred)
                </span>
              </Item>
            )}
            <Item label="CPU">
              <Meter
                fraction={node.cpuPercent == null ? null : node.cpuPercent / 100}
                label={fmt.percent(node.cpuPercent)}
              />
            </Item>
            <Item label="Memory">
              <Meter fraction={mem} label={`${fmt.bytes(node.memUsedBytes)} of ${fmt.bytes(node.memTotalBytes)}`} />
            </Item>
          </dl>
        </Panel>
      </div>

      <LoadHistory id={node.id} />

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Listeners">
          {node.listeners.length === 0 ? (
            <p className="text-sm text-muted-foreground">The node has not reported any listeners.</p>
          ) : (
            <DataTable
              label="Listeners"
              data={node.listeners}
              columns={LISTENER_COLUMNS}
              getRowId={listenerKey}
              className="rounded-none border-0 bg-transparent"
            />
          )}
        </Panel>
        <Panel title="Capabilities">
          {node.capabilities.length === 0 ? (
            <p className="text-sm text-muted-foreground">None reported.</p>
          ) : (
            <ul className="flex flex-wrap gap-1.5">
              {node.capabilities.map((c) => (
                <li
                  key={c}
                  className="rounded border border-border bg-muted/60 px-1.5 py-0.5 font-mono text-xs text-secondary-foreground"
                >
                  {c}
                </li>
              ))}
            </ul>
          )}
          {node.unsupported.length > 0 && (
            <ul data-testid="unsupported-features" className="mt-3 space-y-1 text-xs text-muted-foreground">
              {node.unsupported.map((u) => (
                <li key={u.feature}>
                  <span className="rounded border border-dashed border-input px-1.5 py-0.5 font-mono text-muted-foreground line-through">
                    {u.feature}
                  </span>{' '}
                  not supported: {u.reason}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

function Panel({ title, className = '', children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`rounded-md border border-border bg-card ${className}`}>
      <h2 className="border-b border-border px-4 py-2.5 text-sm font-semibold">{title}</h2>
      <div className="p-4">{children}</div>
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-foreground">{children}</dd>
    </div>
  );
}

function Meter({ fraction, label }: { fraction: number | null; label: string }) {
  if (fraction == null) return <span className="text-muted-foreground">—</span>;
  const pct = Math.min(100, Math.max(0, fraction * 100));
  const tone = pct >= 90 ? 'bg-danger' : pct >= 70 ? 'bg-warning' : 'bg-success';
  return (
    <span className="flex items-center gap-2">
      <span aria-hidden className="h-1.5 w-24 overflow-hidden rounded-full bg-muted">
        <span className={`block h-full ${tone}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs tabular-nums">{label}</span>
    </span>
  );
}
