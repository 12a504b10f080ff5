'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { useFlash } from '~/components/flash';
import { formatDateTime, formatInt } from '~/components/format';
import { LoadMore } from '~/components/load-more';
import { buttonClass, ErrorPanel, Notice } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { PropagationStatus } from '~/components/propagation-status';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { CreateDomainDialog } from './create-domain-dialog';

const PAGE_SIZE = 50;

export function DomainsView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const flash = useFlash('/domains');
  const [notice, setNotice] = useState(flash?.message ?? null);
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [creating, setCreating] = useState(false);

  const list = useInfiniteQuery(
    trpc.domains.list.infiniteQueryOptions(
      { search: search || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Domains</h1>
          <p className="text-sm text-slate-500">Shared domains: every node of the cluster serves their accounts.</p>
        </div>
        {canManage && (
          <button type="button" onClick={() => setCreating(true)} className={`ml-auto ${buttonClass.primary}`}>
            New domain
          </button>
        )}
      </div>

      {notice && <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>}
      {flash?.revision !== undefined && <PropagationStatus revision={flash.revision} />}

      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search by name…"
          aria-label="Search domains"
          maxLength={253}
          className="w-64 rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/20"
        />
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-slate-500">Loading…</span>}
      </div>

      {list.error && !list.data ? (
        <ErrorPanel>Could not load domains: {list.error.message}</ErrorPanel>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
                <th scope="col" className="px-3 py-2 font-semibold">
                  Domain
                </th>
                <th scope="col" className="w-32 px-3 py-2 text-right font-semibold">
                  Accounts
                </th>
                <th scope="col" className="w-56 px-3 py-2 font-semibold">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-3 py-10 text-center text-slate-500">
                    {!list.data
                      ? 'Loading domains…'
                      : search
                        ? 'No domains match this search.'
                        : canManage
                          ? 'No shared domains yet. Use “New domain” to add the first one.'
                          : 'No shared domains to show.'}
                  </td>
                </tr>
              )}
              {rows.map((d) => (
                <tr key={d.id} data-testid="domain-row" data-domain-name={d.name} className="border-b border-slate-100">
                  <td className="px-3 py-2">
                    <Link href={domainPath(d.name)} className="font-medium text-brand-600 hover:underline">
                      {d.name}
                    </Link>
                  </td>
                  <td data-testid="domain-accounts" className="px-3 py-2 text-right tabular-nums">
                    {formatInt(d.accounts)}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{formatDateTime(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore
        shown={rows.length}
        noun="domains"
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
      />

      {canManage && <CreateDomainDialog open={creating} onClose={() => setCreating(false)} />}
    </div>
  );
}
