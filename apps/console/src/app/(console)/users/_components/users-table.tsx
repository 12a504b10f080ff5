'use client';

import { ROLE_LABELS } from '@cc/permissions';
import { type ColumnDef, DataTable, type RowAttributes, type SortingState, useFormat } from '@cc/ui';
import { useMemo } from 'react';

import type { UserRow } from './types';
import type { UserAction } from './user-dialogs';

const actionClass =
  'rounded px-2 py-1 text-xs font-medium text-primary hover:bg-muted hover:text-primary disabled:opacity-50';

function Badge({ tone, children, testId }: { tone: 'grey' | 'amber'; children: string; testId: string }) {
  const colours =
    tone === 'amber'
      ? 'border-warning-border bg-warning-soft text-warning-strong'
      : 'border-input bg-muted text-secondary-foreground';
  return (
    <span data-testid={testId} className={`inline-block rounded border px-1.5 py-px text-xs font-medium ${colours}`}>
      {children}
    </span>
  );
}

type Column = ColumnDef<UserRow, unknown>;

const getId = (u: UserRow) => u.id;
const BY_EMAIL: SortingState = [{ id: 'email', desc: false }];
const userRow = (u: UserRow): RowAttributes => ({
  'data-testid': 'user-row',
  'data-email': u.email,
  className: u.disabled ? 'text-muted-foreground' : undefined,
});

export function UsersTable({
  rows,
  emptyText,
  selfId,
  canManage,
  onAction,
}: {
  rows: UserRow[];
  emptyText: string;
  selfId: string;
  canManage: boolean;
  onAction: (kind: UserAction, user: UserRow) => void;
}) {
  const fmt = useFormat();
  const columns = useMemo(() => {
    const list: Column[] = [
      {
        id: 'email',
        accessorFn: (u) => u.email,
        header: 'Email',
        size: 240,
        meta: { grow: true },
        cell: ({ row: { original: u } }) => (
          <>
            <span className="font-medium">{u.email}</span>
            {u.id === selfId && <span className="ml-1.5 text-xs text-muted-foreground">(you)</span>}
            <div className="text-xs text-muted-foreground">Created {fmt.dateTime(u.createdAt)}</div>
          </>
        ),
      },
      { id: 'name', accessorFn: (u) => u.name, header: 'Name', size: 144 },
      {
        id: 'role',
        accessorFn: (u) => ROLE_LABELS[u.role],
        header: 'Role',
        size: 160,
        cell: ({ row }) => <span data-testid="user-role">{ROLE_LABELS[row.original.role]}</span>,
      },
      {
        id: 'domains',
        accessorFn: (u) => u.domains.join(', '),
        header: 'Domains',
        size: 160,
        cell: ({ row: { original: u } }) => (
          <span data-testid="user-domains">
            {u.domains.length > 0 ? u.domains.join(', ') : <span className="text-muted-foreground">—</span>}
          </span>
        ),
      },
      {
        id: 'status',
        accessorFn: (u) => (u.disabled ? 2 : u.mustChangePassword ? 1 : 0),
        header: 'Status',
        size: 176,
        cell: ({ row: { original: u } }) => (
          <span data-testid="user-status" className="space-x-1">
            {u.disabled && (
              <Badge tone="grey" testId="user-disabled">
                Disabled
              </Badge>
            )}
            {u.mustChangePassword && (
              <Badge tone="amber" testId="user-must-change">
                Must change password
              </Badge>
            )}
            {!u.disabled && !u.mustChangePassword && <span className="text-muted-foreground">Active</span>}
          </span>
        ),
      },
      {
        id: 'twoFactor',
        accessorFn: (u) => u.twoFactorEnabled,
        header: 'Two-factor',
        size: 104,
        cell: ({ row: { original: u } }) => (
          <span data-testid="user-2fa" data-enabled={String(u.twoFactorEnabled)}>
            {u.twoFactorEnabled ? (
              <span className="font-medium text-success-strong">On</span>
            ) : (
              <span className="text-muted-foreground">Off</span>
            )}
          </span>
        ),
      },
      {
        id: 'sessions',
        accessorFn: (u) => u.sessions,
        header: 'Active sessions',
        size: 128,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => <span data-testid="user-sessions">{fmt.integer(row.original.sessions)}</span>,
      },
    ];
    if (canManage) {
      list.push({
        id: 'actions',
        header: 'Actions',
        size: 240,
        enableHiding: false,
        meta: { srOnlyHeader: true, cellClassName: 'px-2' },
        cell: ({ row: { original: u } }) => (
          <div className="flex flex-wrap justify-end gap-0.5">
            <RowAction label="Edit" user={u} kind="edit" onAction={onAction} />
            {/* Never your own user: the server refuses it (and the last administrator is you). */}
            {u.id !== selfId && (
              <RowAction
                label={u.disabled ? 'Enable' : 'Disable'}
                user={u}
                kind={u.disabled ? 'enable' : 'disable'}
                onAction={onAction}
              />
            )}
            <RowAction label="Reset password" user={u} kind="reset" onAction={onAction} />
            {/* Their own, a user turns off on the account page, with their password. */}
            {u.twoFactorEnabled && u.id !== selfId && (
              <RowAction label="Reset two-factor" user={u} kind="resetTwoFactor" onAction={onAction} />
            )}
            <RowAction label="Sign out everywhere" user={u} kind="signOut" onAction={onAction} />
          </div>
        ),
      });
    }
    return list;
  }, [fmt, selfId, canManage, onAction]);
  return (
    <DataTable
      label="Console users"
      data={rows}
      columns={columns}
      getRowId={getId}
      initialSorting={BY_EMAIL}
      rowAttributes={userRow}
      columnMenu
      empty={emptyText}
    />
  );
}

function RowAction({
  label,
  user,
  kind,
  onAction,
}: {
  label: string;
  user: UserRow;
  kind: UserAction;
  onAction: (kind: UserAction, user: UserRow) => void;
}) {
  return (
    // The visible verb first, then whose row it is: unique names for screen readers and tests.
    <button
      type="button"
      aria-label={`${label} ${user.email}`}
      onClick={() => onAction(kind, user)}
      className={actionClass}
    >
      {label}
    </button>
  );
}
