'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';

import type { ClusterOverview, NodeRole, NodeRow, NodesPage } from '~/components/api-types';
import { ClusterTotals, CollectorDownBanner } from '~/components/cluster-totals';
import { ReadinessDialog, type ReadinessTarget } from '~/components/readiness-dialog';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { BulkReadinessBar } from './bulk-readiness-bar';
import { NodesTable, type RowSelection } from './nodes-table';
import { Pager, PAGE_SIZES } from './pager';
import { RegisterNodeDialog } from './register-node-dialog';
import { RemoveNodeDialog } from './remove-node-dialog';
import { useNodesWatch, type LiveStatus } from './use-nodes-watch';
import { toast, useFormat } from '@cc/ui';

/** Only while the live stream is down: the stream itself pushes every second. */
const FALLBACK_POLL_MS = 5000;

const NO_SELECTION: ReadonlySet<string> = new Set();

/** What the server read while rendering the page: shown at once, then kept live by the stream. */
export interface NodesInitial {
  input: { page: number; pageSize: number };
  list: NodesPage;
  overview: ClusterOverview;
}

export function NodesView({
  canManage,
  canControl,
  initial,
}: {
  canManage: boolean;
  canControl: boolean;
  initial?: NodesInitial;
}) {
  const fmt = useFormat();
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
  // Selection belongs to the rows on screen: another page or filter starts with none selected.
  const viewKey = JSON.stringify([filterKey, page]);
  const [selection, setSelection] = useState({ key: viewKey, ids: NO_SELECTION });
  const [readiness, setReadiness] = useState<ReadinessTarget | null>(null);

  const input = { page, pageSize, search: search || undefined, role: role || undefined };
  const live = useNodesWatch(input);
  const poll = live === 'live' ? false : FALLBACK_POLL_MS;
  // Previous page stays on screen while a new filter loads: no flash of an empty table.
  // The server's first page stands for exactly its own input (page 1 of the default size, unfiltered).
  const first =
    initial && !input.search && !input.role && page === initial.input.page && pageSize === initial.input.pageSize
      ? initial
      : undefined;
  const list = useQuery(
    trpc.nodes.list.queryOptions(input, {
      placeholderData: keepPreviousData,
      refetchInterval: poll,
      initialData: first?.list,
      initialDataUpdatedAt: first?.list.readAt,
    }),
  );
  const overview = useQuery(
    trpc.cluster.overview.queryOptions(undefined, {
      refetchInterval: poll,
      initialData: initial?.overview,
      initialDataUpdatedAt: initial?.overview.readAt,
    }),
  );

  const data = list.data;
  const total = data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  // Removals can shrink the list under the current page; follow it back.
  if (data && !list.isPlaceholderData && page > lastPage) setPage(lastPage);
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(page * pageSize, total);
  const collector = data?.collector ?? overview.data?.collector;
  const filtered = Boolean(search || role);

  const rows = data?.items ?? [];
  const selectedIds = selection.key === viewKey ? selection.ids : NO_SELECTION;
  // Rows that left the page (removed, filtered out) drop out of the selection by themselves.
  const selectedRows = rows.filter((r) => selectedIds.has(r.id));
  const select = (ids: Iterable<string>) => setSelection({ key: viewKey, ids: new Set(ids) });
  const rowSelection: RowSelection | undefined = canControl
    ? {
        selected: selectedIds,
        onToggle: (id) => select(selectedIds.has(id) ? [...selectedIds].filter((s) => s !== id) : [...selectedIds, id]),
        onToggleAll: () => select(selectedRows.length === rows.length ? [] : rows.map((r) => r.id)),
      }
    : undefined;

  const hydrated = useHydrated();

  return (
    // The first rows come with the HTML, before this script runs: until it does, every control is
    // disabled (a disabled fieldset), so nothing typed or ticked early is lost when React takes over.
    <fieldset disabled={!hydrated} className="min-w-0 space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Nodes</h1>
          <p className="text-sm text-muted-foreground">Single Service Image: every node of the cluster, live.</p>
        </div>
        <LiveIndicator status={live} />
        {canManage && (
          <button
            type="button"
            onClick={() => setRegisterOpen(true)}
            className="ml-auto rounded bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground shadow-xs hover:bg-primary/90"
          >
            Register node
          </button>
        )}
      </div>

      {collector && !collector.alive && <CollectorDownBanner heartbeatAt={collector.heartbeatAt} />}
      <ClusterTotals overview={overview.data} />

      {canControl && selectedRows.length > 0 && (
        <BulkReadinessBar
          count={selectedRows.length}
          onReadiness={(ready) => setReadiness({ ready, nodes: selectedRows.map((r) => ({ id: r.id, name: r.name })) })}
          onClear={() => select([])}
        />
      )}

      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search by name…"
          aria-label="Search nodes"
          maxLength={100}
          className="w-64 rounded border border-input bg-card px-2.5 py-1.5 text-sm focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20"
        />
        {/* Not labelled "Role": that name belongs to the register form's field. */}
        <select
          value={role}
          onChange={(e) => setRole(e.target.value as NodeRole | '')}
          aria-label="Show frontends or backends"
          className="rounded border border-input bg-card px-2 py-1.5 text-sm"
        >
          <option value="">All nodes</option>
          <option value="FRONTEND">Frontends</option>
          <option value="BACKEND">Backends</option>
        </select>
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-muted-foreground">Loading…</span>}
        <Pager
          page={page}
          lastPage={lastPage}
          onPage={setPage}
          range={data ? `${fmt.integer(from)}–${fmt.integer(to)} of ${fmt.integer(total)}` : '…'}
          pageSize={pageSize}
          onPageSize={setPageSize}
        />
      </div>

      {list.error && !data ? (
        <p
          role="alert"
          className="rounded-md border border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-strong"
        >
          Could not load nodes: {list.error.message}
        </p>
      ) : (
        <NodesTable
          rows={rows}
          canManage={canManage}
          selection={rowSelection}
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

      {canControl && (
        <ReadinessDialog
          target={readiness}
          onClose={() => setReadiness(null)}
          onDone={(message) => {
            setReadiness(null);
            select([]);
            toast.success(message);
          }}
        />
      )}

      {canManage && (
        <>
          <RegisterNodeDialog
            open={registerOpen}
            onClose={() => setRegisterOpen(false)}
            onRegistered={(name) => {
              setRegisterOpen(false);
              toast.success(`Registered node ${name}. Its status appears within a few seconds.`);
            }}
          />
          <RemoveNodeDialog
            node={removing}
            onClose={() => setRemoving(null)}
            onRemoved={(name) => {
              setRemoving(null);
              toast.success(`Removed node ${name} from the console.`);
            }}
          />
        </>
      )}
    </fieldset>
  );
}

const noSubscription = () => () => {};

/** False on the server and while hydrating, true once this page's script runs. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

const LIVE_LABELS: Record<LiveStatus, { text: string; dot: string }> = {
  live: { text: 'Live', dot: 'bg-success animate-pulse' },
  connecting: { text: 'Connecting…', dot: 'bg-muted-foreground' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-warning' },
  error: { text: `Live updates unavailable; refreshing every ${FALLBACK_POLL_MS / 1000} s`, dot: 'bg-danger' },
};

function LiveIndicator({ status }: { status: LiveStatus }) {
  const l = LIVE_LABELS[status];
  return (
    <span
      data-testid="live-status"
      data-status={status}
      className="mb-0.5 inline-flex items-center gap-1.5 text-xs text-muted-foreground"
    >
      <span aria-hidden className={`size-2 rounded-full ${l.dot}`} />
      {l.text}
    </span>
  );
}
