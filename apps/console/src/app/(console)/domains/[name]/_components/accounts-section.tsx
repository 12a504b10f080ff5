'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import type { DomainDetail } from '~/components/api-types';
import { EnabledBadge } from '~/components/enabled-badge';
import type { Change } from '~/components/flash';
import { formatDateTime } from '~/components/format';
import { LoadMore } from '~/components/load-more';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { accountPath } from '~/components/paths';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { CreateAccountDialog } from './create-account-dialog';

const PAGE_SIZE = 50;

/** The domain's accounts, by name prefix, a page at a time (a domain may hold millions). */
export function AccountsSection({
  domain,
  canEdit,
  onChange,
}: {
  domain: DomainDetail;
  canEdit: boolean;
  onChange: (change: Change) => void;
}) {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [creating, setCreating] = useState(false);
  const list = useInfiniteQuery(
    trpc.accounts.list.infiniteQueryOptions(
      { domain: domain.name, search: search || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Panel
      title="Accounts"
      testId="domain-accounts"
      actions={
        canEdit && (
          <button type="button" onClick={() => setCreating(true)} className={buttonClass.primary}>
            New account
          </button>
        )
      }
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder={`Name prefix, or name@${domain.name}`}
          aria-label="Search accounts"
          maxLength={320}
          className="w-72 rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/20"
        />
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-slate-500">Loading…</span>}
      </div>

      {list.error && !list.data ? (
        <ErrorPanel>Could not load accounts: {list.error.message}</ErrorPanel>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                <th scope="col" className="py-1.5 pr-3 font-semibold">
                  Address
                </th>
                <th scope="col" className="py-1.5 pr-3 font-semibold">
                  Real name
                </th>
                <th scope="col" className="w-28 py-1.5 pr-3 font-semibold">
                  Status
                </th>
                <th scope="col" className="w-52 py-1.5 font-semibold">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={4} className="py-8 text-center text-slate-500">
                    {!list.data
                      ? 'Loading accounts…'
                      : search
                        ? 'No accounts match this search.'
                        : 'This domain has no accounts yet.'}
                  </td>
                </tr>
              )}
              {rows.map((a) => (
                <tr key={a.id} data-testid="account-row" data-address={a.address} className="border-b border-slate-100">
                  <td className="py-1.5 pr-3">
                    <Link href={accountPath(a.domain, a.name)} className="font-medium text-brand-600 hover:underline">
                      {a.address}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 text-slate-700">
                    {a.realName || <span className="text-slate-400">—</span>}
                  </td>
                  <td className="py-1.5 pr-3">
                    <EnabledBadge enabled={a.enabled} />
                  </td>
                  <td className="py-1.5 text-slate-600">{formatDateTime(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-3">
        <LoadMore
          shown={rows.length}
          total={search ? undefined : domain.accounts}
          noun="accounts"
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
        />
      </div>

      {canEdit && (
        <CreateAccountDialog
          open={creating}
          domain={domain.name}
          onClose={() => setCreating(false)}
          onCreated={(address, revision) => onChange({ message: `Account ${address} created.`, revision })}
        />
      )}
    </Panel>
  );
}
