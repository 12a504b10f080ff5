'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { type ColumnDef, DataTable, type RowAttributes, type SortingState, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo, useState } from 'react';

import type { DomainListItem } from '~/components/api-types';
import { useFlash } from '~/components/flash';
import { LoadMore } from '~/components/load-more';
import { cursorPaging, ListSearch, useListSearch, usePagedRows } from '~/components/paged-list';
import { buttonClass, ErrorPanel, Notice } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { PropagationStatus } from '~/components/propagation-status';
import { useTRPC } from '~/trpc/react';

import { CreateDomainDialog } from './create-domain-dialog';

const PAGE_SIZE = 50;

type DomainRow = DomainListItem;
const getId = (d: DomainRow) => d.id;
const BY_NAME: SortingState = [{ id: 'name', desc: false }];
const domainRow = (d: DomainRow): RowAttributes => ({ 'data-testid': 'domain-row', 'data-domain-name': d.name });

export function DomainsView({ canManage }: { canManage: boolean }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const flash = useFlash('/domains');
  const [notice, setNotice] = useState(flash?.message ?? null);
  const { text: searchText, setText: setSearchText, search } = useListSearch();
  const [creating, setCreating] = useState(false);

  const list = useInfiniteQuery(
    trpc.domains.list.infiniteQueryOptions({ search: search || undefined, limit: PAGE_SIZE }, cursorPaging),
  );
  const rows = usePagedRows(list.data);
  const columns = useMemo<ColumnDef<DomainRow, unknown>[]>(
    () => [
      {
        id: 'name',
        accessorFn: (d) => d.name,
        header: 'Domain',
        size: 192,
        meta: { grow: true },
        cell: ({ row }) => (
          <Link href={domainPath(row.original.name)} className="font-medium text-primary hover:underline">
            {row.original.name}
          </Link>
        ),
      },
      {
        id: 'accounts',
        accessorFn: (d) => d.accounts,
        header: 'Accounts',
        size: 128,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => <span data-testid="domain-accounts">{fmt.integer(row.original.accounts)}</span>,
      },
      {
        id: 'created',
        accessorFn: (d) => d.createdAt,
        header: 'Created',
        size: 224,
        meta: { cellClassName: 'text-secondary-foreground' },
        cell: ({ row }) => fmt.dateTime(row.original.createdAt),
      },
    ],
    [fmt],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Domains</h1>
          <p className="text-sm text-muted-foreground">
            Shared domains: every node of the cluster serves their accounts.
          </p>
        </div>
        {canManage && (
          <button type="button" onClick={() => setCreating(true)} className={`ml-auto ${buttonClass.primary}`}>
            New domain
          </button>
        )}
      </div>

      {notice && <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>}
      {flash?.revision !== undefined && <PropagationStatus revision={flash.revision} />}

      <ListSearch
        value={searchText}
        onChange={setSearchText}
        placeholder="Search by name…"
        label="Search domains"
        maxLength={253}
        width="w-64"
        loading={list.isFetching && list.isPlaceholderData}
      />

      {list.error && !list.data ? (
        <ErrorPanel>Could not load domains: {list.error.message}</ErrorPanel>
      ) : (
        <DataTable
          label="Domains"
          data={rows}
          columns={columns}
          getRowId={getId}
          initialSorting={BY_NAME}
          rowAttributes={domainRow}
          rowLink
          empty={
            !list.data
              ? 'Loading domains…'
              : search
                ? 'No domains match this search.'
                : canManage
                  ? 'No shared domains yet. Use “New domain” to add the first one.'
                  : 'No shared domains to show.'
          }
        />
      )}
      <LoadMore
        shown={rows.length}
        noun="domain"
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
      />

      {canManage && <CreateDomainDialog open={creating} onClose={() => setCreating(false)} />}
    </div>
  );
}
