'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { type ColumnDef, DataTable, type RowAttributes, type SortingState, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo, useState } from 'react';

import type { AccountListItem, DomainDetail } from '~/components/api-types';
import { EnabledBadge } from '~/components/enabled-badge';
import type { Change } from '~/components/flash';
import { LoadMore } from '~/components/load-more';
import { cursorPaging, ListSearch, useListSearch, usePagedRows } from '~/components/paged-list';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { accountPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

import { CreateAccountDialog } from './create-account-dialog';

const PAGE_SIZE = 50;

type AccountRow = AccountListItem;
const getId = (a: AccountRow) => a.id;
const BY_ADDRESS: SortingState = [{ id: 'address', desc: false }];
const accountRow = (a: AccountRow): RowAttributes => ({ 'data-testid': 'account-row', 'data-address': a.address });

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
  const fmt = useFormat();
  const trpc = useTRPC();
  const { text: searchText, setText: setSearchText, search } = useListSearch();
  const [creating, setCreating] = useState(false);
  const list = useInfiniteQuery(
    trpc.accounts.list.infiniteQueryOptions(
      { domain: domain.name, search: search || undefined, limit: PAGE_SIZE },
      cursorPaging,
    ),
  );
  const rows = usePagedRows(list.data);
  const columns = useMemo<ColumnDef<AccountRow, unknown>[]>(
    () => [
      {
        id: 'address',
        accessorFn: (a) => a.address,
        header: 'Address',
        size: 224,
        meta: { grow: true },
        cell: ({ row }) => (
          <Link
            href={accountPath(row.original.domain, row.original.name)}
            className="font-medium text-primary hover:underline"
          >
            {row.original.address}
          </Link>
        ),
      },
      {
        id: 'realName',
        accessorFn: (a) => a.realName,
        header: 'Real name',
        size: 160,
        meta: { cellClassName: 'text-secondary-foreground' },
        cell: ({ row }) => row.original.realName || <span className="text-muted-foreground">—</span>,
      },
      {
        id: 'status',
        accessorFn: (a) => a.enabled,
        header: 'Status',
        size: 112,
        cell: ({ row }) => <EnabledBadge enabled={row.original.enabled} />,
      },
      {
        id: 'created',
        accessorFn: (a) => a.createdAt,
        header: 'Created',
        size: 208,
        meta: { cellClassName: 'text-secondary-foreground' },
        cell: ({ row }) => fmt.dateTime(row.original.createdAt),
      },
    ],
    [fmt],
  );

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
      <ListSearch
        value={searchText}
        onChange={setSearchText}
        placeholder={`Name prefix, or name@${domain.name}`}
        label="Search accounts"
        maxLength={320}
        width="w-72"
        className="mb-3"
        loading={list.isFetching && list.isPlaceholderData}
      />

      {list.error && !list.data ? (
        <ErrorPanel>Could not load accounts: {list.error.message}</ErrorPanel>
      ) : (
        <DataTable
          label="Accounts"
          data={rows}
          columns={columns}
          getRowId={getId}
          // Names in natural order (user2 before user10), as far as they are loaded.
          initialSorting={BY_ADDRESS}
          rowAttributes={accountRow}
          rowLink
          empty={
            !list.data
              ? 'Loading accounts…'
              : search
                ? 'No accounts match this search.'
                : 'This domain has no accounts yet.'
          }
        />
      )}
      <div className="mt-3">
        <LoadMore
          shown={rows.length}
          total={search ? undefined : domain.accounts}
          noun="account"
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
