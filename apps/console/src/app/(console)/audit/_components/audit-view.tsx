'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

import { LoadMore } from '~/components/load-more';
import { buttonClass, ErrorPanel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { AuditDetail } from './audit-detail';
import { AuditFilters } from './audit-filters';
import { AuditSettings } from './audit-settings';
import { AuditTable } from './audit-table';
import { ChainBadge } from './chain-badge';
import { FILTER_KEYS, filterInput, filterQuery, type FilterState } from './filter-state';
import type { AuditListInput } from './types';

const PAGE_SIZE = 50;

export function AuditView({
  initial,
  canManage,
  tenantBound,
}: {
  initial: FilterState;
  canManage: boolean;
  tenantBound: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [filter, setFilter] = useState(initial);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...(filterInput(filter) as Omit<AuditListInput, 'cursor' | 'limit'>), limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const searching = list.data?.pages.at(-1)?.partial === true && list.hasNextPage;

  // Free text is matched a slice of the log per request (each stays fast): keep asking until a
  // screenful of matches is found or the oldest entry is reached.
  useEffect(() => {
    if (searching && rows.length < PAGE_SIZE && !list.isFetching) void list.fetchNextPage();
  }, [searching, rows.length, list]);

  function apply(next: FilterState) {
    setFilter(next);
    const query = filterQuery(next);
    router.replace(query ? `/audit?${query}` : '/audit', { scroll: false });
  }

  const active = FILTER_KEYS.some((k) => filter[k].trim() !== '');
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
          <p className="text-sm text-muted-foreground">
            Every change, sign-in and refusal: who, when, from where, and what the nodes answered.
            {tenantBound && ' You see the entries of the domains you manage.'}
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <ChainBadge />
          <a
            href={`/api/audit/export?${filterQuery(filter, { format: 'csv' })}`}
            download
            data-testid="audit-export-csv"
            className={buttonClass.secondary}
          >
            Export CSV
          </a>
          <a
            href={`/api/audit/export?${filterQuery(filter, { format: 'jsonl' })}`}
            download
            data-testid="audit-export-jsonl"
            className={buttonClass.secondary}
          >
            Export JSON lines
          </a>
        </div>
      </div>

      <AuditFilters applied={filter} onApply={apply} />

      {list.error && !list.data ? (
        <ErrorPanel>Could not load the audit log: {list.error.message}</ErrorPanel>
      ) : (
        <AuditTable
          rows={rows}
          onOpen={setOpenId}
          empty={
            !list.data || searching
              ? 'Searching the audit log…'
              : active
                ? 'No entries match these filters.'
                : 'No entries yet.'
          }
        />
      )}
      <div className="flex items-center gap-3">
        <LoadMore
          shown={rows.length}
          noun="entry"
          nounPlural="entries"
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
        />
        {searching && <span className="text-xs text-muted-foreground">Searching older entries…</span>}
      </div>

      {canManage && <AuditSettings />}
      <AuditDetail id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
