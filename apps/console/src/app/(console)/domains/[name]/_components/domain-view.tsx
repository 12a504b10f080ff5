'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import type { DomainDetail } from '~/components/api-types';
import { ChangeNotice } from '~/components/change-notice';
import { useFlash, type Change } from '~/components/flash';
import { errorCodeOf } from '~/components/form-errors';
import { ErrorPanel, NotFoundPanel } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { Stat } from '~/components/stat';
import { useTRPC } from '~/trpc/react';

import { AccountsSection } from './accounts-section';
import { DomainDangerZone } from './domain-danger-zone';
import { DomainSettings } from './domain-settings';
import { useFormat } from '@cc/ui';

export function DomainView({ name, canEdit, canManage }: { name: string; canEdit: boolean; canManage: boolean }) {
  const trpc = useTRPC();
  // No background refetch: the settings form saves against the version it was loaded at, and a
  // silent refresh would hide someone else's change instead of reporting it as a conflict.
  const domain = useQuery(
    trpc.domains.get.queryOptions({ name }, { refetchOnWindowFocus: false, refetchOnReconnect: false }),
  );
  const code = errorCodeOf(domain.error);
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <DomainNotFound />;
  if (code === 'FORBIDDEN')
    return <ErrorPanel testId="domain-forbidden">Your role does not allow viewing this domain.</ErrorPanel>;
  if (domain.error && !domain.data) return <ErrorPanel>Could not load this domain: {domain.error.message}</ErrorPanel>;
  if (!domain.data) return <p className="text-sm text-muted-foreground">Loading domain…</p>;
  return <DomainBody domain={domain.data} canEdit={canEdit} canManage={canManage} reload={() => domain.refetch()} />;
}

export function DomainNotFound() {
  return (
    <NotFoundPanel title="Domain not found" backHref="/domains" backLabel="Back to domains" testId="domain-not-found">
      It may have been renamed or deleted, or it is not one of the domains you manage.
    </NotFoundPanel>
  );
}

function DomainBody({
  domain,
  canEdit,
  canManage,
  reload,
}: {
  domain: DomainDetail;
  canEdit: boolean;
  canManage: boolean;
  reload: () => Promise<unknown>;
}) {
  const fmt = useFormat();
  const flash = useFlash(domainPath(domain.name));
  const [change, setChange] = useState<Change | null>(flash);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/domains" className="hover:text-foreground hover:underline">
          Domains
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-secondary-foreground">{domain.name}</span>
      </nav>

      <div>
        <h1 data-testid="domain-name" className="text-xl font-semibold tracking-tight">
          {domain.name}
        </h1>
        <dl className="mt-2 grid grid-cols-2 divide-x divide-border rounded-md border border-border bg-card sm:grid-cols-4">
          <Stat label="Accounts" testId="domain-account-count">
            {fmt.integer(domain.accounts)}
          </Stat>
          <Stat label="Version" testId="domain-version">
            {domain.version}
          </Stat>
          <Stat label="Created">{fmt.dateTime(domain.createdAt)}</Stat>
          <Stat label="Last changed">{fmt.dateTime(domain.updatedAt)}</Stat>
        </dl>
        {domain.accountsNeedingPassword > 0 && (
          <p
            role="alert"
            data-testid="domain-accounts-needing-password"
            className="mt-2 rounded-md border border-warning-border bg-warning-soft px-4 py-2 text-sm text-warning-strong"
          >
            {fmt.integer(domain.accountsNeedingPassword)} account
            {domain.accountsNeedingPassword === 1 ? ' has a password' : 's have passwords'} stored in a scheme the mail
            servers cannot verify: they cannot sign in until the password is set again.
          </p>
        )}
      </div>

      <ChangeNotice change={change} onDismiss={() => setChange(null)} />

      <DomainSettings domain={domain} canEdit={canEdit} canManage={canManage} reload={reload} />
      <AccountsSection domain={domain} canEdit={canEdit} onChange={setChange} />
      {canManage && <DomainDangerZone domain={domain} />}
    </div>
  );
}
