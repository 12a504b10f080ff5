'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import type { NodeRole, NodeRow } from '~/components/api-types';
import { ClusterTotals, CollectorDownBanner } from '~/components/cluster-totals';
import { formatInt } from '~/components/format';
import { useTRPC } from '~/trpc/react';

import { NodesTable } from './nodes-table';
import { RegisterNodeDialog } from './register-node-dialog';
import { RemoveNodeDialog } from './remove-node-dialog';
import { useDebouncedValue, useNodesWatch, type LiveStatus } from './use-nodes-watch';

const PAGE_SIZES = [100, 250, 500] as const;
/** Only while the live stream is down: the stream itself pushes every second. */
const FALLBACK_POLL_MS = 5000;

export function NodesView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [role, setRole] = useState<NodeRole | ''>('');
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  // The page belongs to a filter: changing the filter starts again at page 1 without an effect.
  const filterKey = JSON.stringify([search, role, pageSize]);
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;
  const setPage = (next: number) => setPaging({ key: filterKey, page: next });

  const [registerOpen, setRegisterOpen] = useState(false);
  const [removing, setRemoving] = useState<NodeRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const input = { page, pageSize, search: search || undefined, role: role || undefined };
  const live = useNodesWatch(input);
  const poll = live === 'live' ? false : FALLBACK_POLL_MS;
  // Previous page stays on screen while a new filter loads: no flash of an empty table.
  const list = useQuery(
    trpc.nodes.list.queryOptions(input, { placeholderData: keepPreviousData, refetchInterval: poll }),
  );
  const overview = useQuery(trpc.cluster.overview.queryOptions(undefined, { refetchInterval: poll }));

  const data = list.data;
  const total = data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  // Removals can shrink the list under the current page; follow it back.
  if (data && !list.isPlaceholderData && page > lastPage) setPage(lastPage);
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(page * pageSize, total);
  const collector = data?.collector ?? overview.data?.collector;
  const filtered = Boolean(search || role);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Nodes</h1>
          <p className="text-sm text-slate-500">Single Service Image: every node of the cluster, live.</p>
        </div>
        <LiveIndicator status={live} />
        {canManage && (
          <button
            type="button"
            onClick={() => setRegisterOpen(true)}
            className="ml-auto rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-brand-700"
          >
            Register node
          </button>
        )}
      </div>

      {collector && !collector.alive && <CollectorDownBanner heartbeatAt={collector.heartbeatAt} />}
      <ClusterTotals overview={overview.data} />

      {notice && (
        <div
          role="status"
          className="flex items-center rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
        >
          {notice}
          <button
            type="button"
            onClick={() => setNotice(null)}
            aria-label="Dismiss"
            className="ml-auto px-1 text-emerald-700 hover:text-emerald-900"
          >
            ×
          </button>
        </div>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search by name…"
          aria-label="Search nodes"
          maxLength={100}
          className="w-64 rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/20"
        />
        {/* Not labelled "Role": that name belongs to the register form's field. */}
        <select
          value={role}
          onChange={(e) => setRole(e.target.value as NodeRole | '')}
          aria-label="Show frontends or backends"
          className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="">All nodes</option>
          <option value="FRONTEND">Frontends</option>
          <option value="BACKEND">Backends</option>
        </select>
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-slate-500">Loading…</span>}
        <Pager
          page={page}
          lastPage={lastPage}
          onPage={setPage}
          range={data ? `${formatInt(from)}–${formatInt(to)} of ${formatInt(total)}` : '…'}
          pageSize={pageSize}
          onPageSize={setPageSize}
        />
      </div>

      {list.error && !data ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load nodes: {list.error.message}
        </p>
      ) : (
        <NodesTable
          rows={data?.items ?? []}
          canManage={canManage}
          onRemove={setRemoving}
          emptyMessage={
            !data
              ? 'Loading nodes…'
              : filtered
                ? 'No nodes match this filter.'
                : canManage
                  ? 'No nodes registered yet. Use “Register node” to add the first one.'
                  : 'No nodes registered yet.'
          }
        />
      )}

      {canManage && (
        <>
          <RegisterNodeDialog
            open={registerOpen}
            onClose={() => setRegisterOpen(false)}
            onRegistered={(name) => {
              setRegisterOpen(false);
              setNotice(`Registered node ${name}. Its status appears within a few seconds.`);
            }}
          />
          <RemoveNodeDialog
            node={removing}
            onClose={() => setRemoving(null)}
            onRemoved={(name) => {
              setRemoving(null);
              setNotice(`Removed node ${name} from the console.`);
            }}
          />
        </>
      )}
    </div>
  );
}

function Pager({
  page,
  lastPage,
  onPage,
  range,
  pageSize,
  onPageSize,
}: {
  page: number;
  lastPage: number;
  onPage: (page: number) => void;
  range: string;
  pageSize: number;
  onPageSize: (size: number) => void;
}) {
  const btn =
    'rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50 disabled:cursor-default disabled:opacity-40';
  return (
    <nav aria-label="Pagination" className="ml-auto flex items-center gap-2 text-sm text-slate-600">
      <select
        value={pageSize}
        onChange={(e) => onPageSize(Number(e.target.value))}
        aria-label="Rows per page"
        className="rounded border border-slate-300 bg-white px-1.5 py-1 text-sm"
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n} / page
          </option>
        ))}
      </select>
      <span data-testid="page-range" className="tabular-nums">
        {range}
      </span>
      <button type="button" className={btn} onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
        «
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(page - 1)}
        disabled={page <= 1}
        aria-label="Previous page"
      >
        ‹
      </button>
      <span className="tabular-nums">
        Page {formatInt(page)} of {formatInt(lastPage)}
      </span>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(page + 1)}
        disabled={page >= lastPage}
        aria-label="Next page"
      >
        ›
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => onPage(lastPage)}
        disabled={page >= lastPage}
        aria-label="Last page"
      >
        »
      </button>
    </nav>
  );
}

const LIVE_LABELS: Record<LiveStatus, { text: string; dot: string }> = {
  live: { text: 'Live', dot: 'bg-emerald-500 animate-pulse' },
  connecting: { text: 'Connecting…', dot: 'bg-slate-400' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-amber-500' },
  error: { text: `Live updates unavailable; refreshing every ${FALLBACK_POLL_MS / 1000} s`, dot: 'bg-red-500' },
};

function LiveIndicator({ status }: { status: LiveStatus }) {
  const l = LIVE_LABELS[status];
  return (
    <span
      data-testid="live-status"
      data-status={status}
      className="mb-0.5 inline-flex items-center gap-1.5 text-xs text-slate-500"
    >
      <span aria-hidden className={`size-2 rounded-full ${l.dot}`} />
      {l.text}
    </span>
  );
}
