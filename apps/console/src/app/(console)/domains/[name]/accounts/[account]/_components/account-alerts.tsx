'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { AlertStatusBadge, AlertText, SeverityBadge } from '~/components/alert-bits';
import type { AlertView } from '~/components/api-types';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { PostAlertDialog } from '~/components/post-alert-dialog';
import { useTRPC } from '~/trpc/react';
import { useFormat } from '@cc/ui';

/** Alerts start, expire and get posted elsewhere; a slow refresh keeps the list honest. */
const REFRESH_MS = 15_000;

const SCOPE_LABEL: Record<AlertView['scope'], string> = {
  cluster: 'cluster-wide',
  domain: 'domain',
  account: 'this account',
};

/** What this account's users see (or will, once scheduled ones start): cluster-wide, domain and own alerts. */
export function AccountAlerts({
  address,
  canPost,
  canManage,
}: {
  address: string;
  canPost: boolean;
  canManage: boolean;
}) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const alerts = useQuery(trpc.alerts.forAccount.queryOptions({ address }, { refetchInterval: REFRESH_MS }));
  const [posting, setPosting] = useState(false);
  const rows = alerts.data;

  return (
    <Panel
      title="Alerts for this account"
      testId="account-alerts"
      actions={
        <>
          <Link href="/alerts" className="text-xs text-primary hover:underline">
            All alerts
          </Link>
          {canPost && (
            <button type="button" onClick={() => setPosting(true)} className={buttonClass.secondary}>
              Post alert to this account
            </button>
          )}
        </>
      }
    >
      {!rows ? (
        alerts.error ? (
          <ErrorPanel>Could not load the alerts: {alerts.error.message}</ErrorPanel>
        ) : (
          <p className="text-sm text-muted-foreground">Loading alerts…</p>
        )
      ) : rows.length === 0 ? (
        <p data-testid="account-alerts-empty" className="text-sm text-muted-foreground">
          No alerts in force or scheduled for this account.
        </p>
      ) : (
        <ul className="divide-y divide-border">
          {rows.map((a) => (
            <li
              key={a.id}
              data-testid="account-alert"
              data-alert-id={a.id}
              data-scope={a.scope}
              className="flex gap-3 py-2.5 text-sm first:pt-0 last:pb-0"
            >
              <div className="w-20 shrink-0 pt-px">
                <SeverityBadge severity={a.severity} />
              </div>
              <div className="min-w-0 flex-1 space-y-1">
                <AlertText text={a.text} />
                <p className="text-xs text-muted-foreground">
                  <span data-testid="account-alert-scope" className="font-medium text-secondary-foreground">
                    {SCOPE_LABEL[a.scope]}
                  </span>
                  {' · '}posted {fmt.dateTime(a.postedAt)} by {a.authorEmail ?? 'system'}
                  {a.startsAt && ` · from ${fmt.dateTime(a.startsAt)}`}
                  {' · '}
                  {a.expiresAt ? `until ${fmt.dateTime(a.expiresAt)}` : 'no expiry'}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <AlertStatusBadge status={a.status} />
                <Link href={`/alerts/${a.id}`} className="text-xs font-medium text-primary hover:underline">
                  Details
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canPost && (
        <PostAlertDialog
          open={posting}
          onClose={() => setPosting(false)}
          preset={{ scope: 'account', address }}
          canPostCluster={canManage}
          pickDomain={!canManage}
        />
      )}
    </Panel>
  );
}
