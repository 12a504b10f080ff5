'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import type { AlertView } from '~/components/api-types';
import { buttonClass, ErrorPanel } from '~/components/panel';
import { PostAlertDialog } from '~/components/post-alert-dialog';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { AlertsTable } from './alerts-table';
import { useFormat } from '@cc/ui';

const LIMIT = 100;
type StatusFilter = AlertView['status'] | 'all';

const STATUS_TABS: Array<{ value: StatusFilter; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'expired', label: 'Expired' },
  { value: 'removed', label: 'Removed' },
  { value: 'all', label: 'All' },
];

const EMPTY: Record<StatusFilter, string> = {
  active: 'No alerts in force.',
  scheduled: 'No alerts waiting for their start time.',
  expired: 'No expired alerts.',
  removed: 'No removed alerts.',
  all: 'No alerts posted yet.',
};

export function AlertsView({ canPost, canManage }: { canPost: boolean; canManage: boolean }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [scope, setScope] = useState<AlertView['scope'] | ''>('');
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [posting, setPosting] = useState(false);

  const list = useQuery(
    trpc.alerts.list.queryOptions(
      { status, scope: scope || undefined, search: search || undefined, limit: LIMIT },
      // Scheduled alerts start and active ones expire on their own: keep the statuses current.
      { placeholderData: keepPreviousData, refetchInterval: 15_000 },
    ),
  );
  const rows = list.data ?? [];
  const filtered = Boolean(scope || search);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Alerts</h1>
          <p className="text-sm text-muted-foreground">
            Messages the users of the shared domains see: cluster-wide, for one domain or for one account.
          </p>
        </div>
        {canPost && (
          <button type="button" onClick={() => setPosting(true)} className={`ml-auto ${buttonClass.primary}`}>
            Post alert
          </button>
        )}
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <div
          role="group"
          aria-label="Status"
          className="inline-flex overflow-hidden rounded border border-input text-sm"
        >
          {STATUS_TABS.map((t) => (
            <button
              key={t.value}
              type="button"
              aria-pressed={status === t.value}
              onClick={() => setStatus(t.value)}
              className={`border-l border-input px-3 py-1.5 first:border-l-0 ${status === t.value ? 'bg-foreground text-background' : 'bg-card text-secondary-foreground hover:bg-muted/60'}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <select
          value={scope}
          onChange={(e) => setScope(e.target.value as AlertView['scope'] | '')}
          aria-label="Audience"
          className="rounded border border-input bg-card px-2 py-1.5 text-sm"
        >
          <option value="">Every audience</option>
          <option value="cluster">Cluster-wide</option>
          <option value="domain">Domains</option>
          <option value="account">Accounts</option>
        </select>
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search the text…"
          aria-label="Search alerts"
          maxLength={200}
          className="w-64 rounded border border-input bg-card px-2.5 py-1.5 text-sm focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20"
        />
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-muted-foreground">Loading…</span>}
      </div>

      {list.error && !list.data ? (
        <ErrorPanel>Could not load alerts: {list.error.message}</ErrorPanel>
      ) : (
        <AlertsTable
          rows={rows}
          emptyMessage={!list.data ? 'Loading alerts…' : filtered ? 'No alerts match this filter.' : EMPTY[status]}
        />
      )}
      {rows.length > 0 && (
        <p data-testid="list-count" className="text-sm text-secondary-foreground">
          {rows.length >= LIMIT
            ? `Showing the newest ${fmt.integer(LIMIT)} alerts; narrow the filter to find older ones.`
            : `Showing ${fmt.integer(rows.length)} ${rows.length === 1 ? 'alert' : 'alerts'}`}
        </p>
      )}

      {canPost && (
        <PostAlertDialog
          open={posting}
          onClose={() => setPosting(false)}
          canPostCluster={canManage}
          pickDomain={!canManage}
        />
      )}
    </div>
  );
}
