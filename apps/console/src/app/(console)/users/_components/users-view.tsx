'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { buttonClass, ErrorPanel, Notice } from '~/components/panel';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { CreateUserDialog } from './create-user-dialog';
import type { UserRow } from './types';
import { UserDialogs, type UserAction } from './user-dialogs';
import { UsersTable } from './users-table';

export function UsersView({ canManage, selfId }: { canManage: boolean; selfId: string }) {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<{ kind: UserAction; user: UserRow } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useQuery(
    trpc.users.list.queryOptions({ search: search || undefined }, { placeholderData: keepPreviousData }),
  );
  const rows = list.data ?? [];
  const emptyText = !list.data ? 'Loading users…' : search ? 'No users match this search.' : 'No users to show.';

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Users</h1>
          <p className="text-sm text-muted-foreground">
            People who may sign in to this console, their role and, for domain administrators, their domains.
          </p>
        </div>
        {canManage && (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
            className={`ml-auto ${buttonClass.primary}`}
          >
            New user
          </button>
        )}
      </div>

      {notice && <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>}

      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search by email or name…"
          aria-label="Search users"
          maxLength={200}
          className="w-72 rounded border border-input bg-card px-2.5 py-1.5 text-sm focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20"
        />
        {list.isFetching && list.isPlaceholderData && <span className="text-xs text-muted-foreground">Loading…</span>}
        {list.data && (
          <span className="ml-auto text-xs text-muted-foreground" data-testid="users-count">
            {rows.length === 1 ? '1 user' : `${rows.length} users`}
            {rows.length >= 500 && ' (the first 500; search to narrow)'}
          </span>
        )}
      </div>

      {list.error && !list.data ? (
        <ErrorPanel>Could not load users: {list.error.message}</ErrorPanel>
      ) : (
        <UsersTable
          rows={rows}
          emptyText={emptyText}
          selfId={selfId}
          canManage={canManage}
          onAction={(kind, user) => {
            setNotice(null);
            setAction({ kind, user });
          }}
        />
      )}

      {canManage && (
        <>
          <CreateUserDialog open={creating} onClose={() => setCreating(false)} onCreated={setNotice} />
          <UserDialogs
            action={action}
            isSelf={action?.user.id === selfId}
            onClose={() => setAction(null)}
            onDone={setNotice}
          />
        </>
      )}
    </div>
  );
}
