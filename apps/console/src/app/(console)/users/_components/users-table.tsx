'use client';

import { ROLE_LABELS } from '@cc/permissions';

import type { UserRow } from './types';
import type { UserAction } from './user-dialogs';
import { useFormat } from '@cc/ui';

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
  const columns = canManage ? 8 : 7;
  return (
    <div className="overflow-x-auto rounded-md border border-border bg-card">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-border bg-muted/60 text-left text-xs text-secondary-foreground">
            <th scope="col" className="px-3 py-2 font-semibold">
              Email
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Role
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Domains
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Two-factor
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Active sessions
            </th>
            {canManage && (
              <th scope="col" className="px-3 py-2 font-semibold">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns} className="px-3 py-10 text-center text-muted-foreground">
                {emptyText}
              </td>
            </tr>
          )}
          {rows.map((u) => (
            <tr
              key={u.id}
              data-testid="user-row"
              data-email={u.email}
              className={`border-b border-border align-top ${u.disabled ? 'text-muted-foreground' : ''}`}
            >
              <td className="px-3 py-2">
                <span className="font-medium">{u.email}</span>
                {u.id === selfId && <span className="ml-1.5 text-xs text-muted-foreground">(you)</span>}
                <div className="text-xs text-muted-foreground">Created {fmt.dateTime(u.createdAt)}</div>
              </td>
              <td className="px-3 py-2">{u.name}</td>
              <td data-testid="user-role" className="px-3 py-2">
                {ROLE_LABELS[u.role]}
              </td>
              <td data-testid="user-domains" className="px-3 py-2">
                {u.domains.length > 0 ? u.domains.join(', ') : <span className="text-muted-foreground">—</span>}
              </td>
              <td data-testid="user-status" className="space-x-1 px-3 py-2">
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
              </td>
              <td data-testid="user-2fa" data-enabled={String(u.twoFactorEnabled)} className="px-3 py-2">
                {u.twoFactorEnabled ? (
                  <span className="font-medium text-success-strong">On</span>
                ) : (
                  <span className="text-muted-foreground">Off</span>
                )}
              </td>
              <td data-testid="user-sessions" className="px-3 py-2 text-right tabular-nums">
                {fmt.integer(u.sessions)}
              </td>
              {canManage && (
                <td className="px-2 py-1.5">
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
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
