'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import type { AccountDetail } from '~/components/api-types';
import { ChangeNotice } from '~/components/change-notice';
import { EnabledBadge } from '~/components/enabled-badge';
import { useFlash, type Change } from '~/components/flash';
import { errorCodeOf, ErrorSummary } from '~/components/form-errors';
import { buttonClass, ErrorPanel, NotFoundPanel } from '~/components/panel';
import { accountPath, domainPath } from '~/components/paths';
import { Stat } from '~/components/stat';
import { useTRPC } from '~/trpc/react';

import { AccountAlerts } from './account-alerts';
import { AccountDialogs, type AccountDialog } from './account-dialogs';
import { AccountSettings } from './account-settings';
import { OpenNow } from './open-now';
import { useFormat } from '@cc/ui';

export function AccountView({
  domain,
  localPart,
  canEdit,
  canManage,
}: {
  domain: string;
  localPart: string;
  canEdit: boolean;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const address = `${localPart}@${domain}`;
  // No background refetch: saves carry the version the page was loaded at (see DomainView).
  const account = useQuery(
    trpc.accounts.get.queryOptions({ address }, { refetchOnWindowFocus: false, refetchOnReconnect: false }),
  );
  const code = errorCodeOf(account.error);
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
    return (
      <NotFoundPanel
        title="Account not found"
        backHref={domainPath(domain)}
        backLabel={`Back to ${domain}`}
        testId="account-not-found"
      >
        It may have been renamed or deleted, or it is not in a domain you manage.
      </NotFoundPanel>
    );
  }
  if (code === 'FORBIDDEN') return <ErrorPanel>Your role does not allow viewing this account.</ErrorPanel>;
  if (account.error && !account.data)
    return <ErrorPanel>Could not load this account: {account.error.message}</ErrorPanel>;
  if (!account.data) return <p className="text-sm text-muted-foreground">Loading account…</p>;
  return (
    <AccountBody account={account.data} canEdit={canEdit} canManage={canManage} reload={() => account.refetch()} />
  );
}

function AccountBody({
  account,
  canEdit,
  canManage,
  reload,
}: {
  account: AccountDetail;
  canEdit: boolean;
  canManage: boolean;
  reload: () => Promise<unknown>;
}) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flash = useFlash(accountPath(account.domain, account.name));
  const [change, setChange] = useState<Change | null>(flash);
  const [dialog, setDialog] = useState<AccountDialog | null>(null);
  const setEnabled = useMutation(
    trpc.accounts.setEnabled.mutationOptions({
      onSuccess: async ({ revision }, { enabled }) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.accounts.get.queryFilter({ address: account.address })),
          queryClient.invalidateQueries(trpc.accounts.list.pathFilter()),
        ]);
        setChange({ message: `Account ${enabled ? 'enabled' : 'disabled'}.`, revision });
      },
    }),
  );

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/domains" className="hover:text-foreground hover:underline">
          Domains
        </Link>
        <span className="mx-1.5">/</span>
        <Link href={domainPath(account.domain)} className="hover:text-foreground hover:underline">
          {account.domain}
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-secondary-foreground">{account.name}</span>
      </nav>

      <div className="flex flex-wrap items-center gap-3">
        <h1 data-testid="account-address" className="text-xl font-semibold tracking-tight">
          {account.address}
        </h1>
        <EnabledBadge enabled={account.enabled} />
        {canEdit && (
          <div className="ml-auto flex flex-wrap gap-2">
            <button
              type="button"
              disabled={setEnabled.isPending}
              onClick={() => setEnabled.mutate({ address: account.address, enabled: !account.enabled })}
              className={account.enabled ? buttonClass.dangerOutline : buttonClass.primary}
            >
              {account.enabled ? 'Disable account' : 'Enable account'}
            </button>
            <button type="button" onClick={() => setDialog('password')} className={buttonClass.secondary}>
              Reset password
            </button>
            <button type="button" onClick={() => setDialog('rename')} className={buttonClass.secondary}>
              Rename
            </button>
            <button type="button" onClick={() => setDialog('delete')} className={buttonClass.danger}>
              Delete
            </button>
          </div>
        )}
      </div>

      <dl className="grid grid-cols-2 divide-x divide-border rounded-md border border-border bg-card sm:grid-cols-4">
        <Stat label="Real name" testId="account-real-name">
          {account.realName || '—'}
        </Stat>
        <Stat label="Version" testId="account-version">
          {account.version}
        </Stat>
        <Stat label="Created">{fmt.dateTime(account.createdAt)}</Stat>
        <Stat label="Last changed">{fmt.dateTime(account.updatedAt)}</Stat>
      </dl>

      {account.passwordProblem && (
        <p
          role="alert"
          data-testid="account-password-problem"
          className="rounded-md border border-warning-border bg-warning-soft px-4 py-2 text-sm text-warning-strong"
        >
          {account.passwordProblem}
        </p>
      )}

      <ErrorSummary error={setEnabled.error} fields={[]} />
      <ChangeNotice change={change} onDismiss={() => setChange(null)} />

      <AccountAlerts address={account.address} canPost={canEdit} canManage={canManage} />

      <OpenNow address={account.address} canEdit={canEdit} />
      <AccountSettings account={account} canEdit={canEdit} canManage={canManage} reload={reload} />

      {canEdit && (
        <AccountDialogs account={account} open={dialog} onClose={() => setDialog(null)} onChange={setChange} />
      )}
    </div>
  );
}
