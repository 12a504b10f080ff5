'use client';

import Link from 'next/link';

import { AlertAudience, AlertStatusBadge, AlertText, SeverityBadge } from '~/components/alert-bits';
import type { AlertView } from '~/components/api-types';
import { RelativeTime } from '~/components/relative-time';
import { useFormat } from '@cc/ui';

const HEADINGS = ['Severity', 'Alert', 'Audience', 'Posted', 'In force', 'Status'] as const;

export function AlertsTable({ rows, emptyMessage }: { rows: AlertView[]; emptyMessage: string }) {
  const fmt = useFormat();
  return (
    <div className="overflow-x-auto rounded-md border border-border bg-card">
      <table className="w-full min-w-[60rem] text-sm">
        <thead>
          <tr className="border-b border-border bg-muted/60 text-left text-xs text-secondary-foreground">
            {HEADINGS.map((h) => (
              <th key={h} scope="col" className={`px-3 py-2 font-semibold ${h === 'Alert' ? '' : 'whitespace-nowrap'}`}>
                {h}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={HEADINGS.length + 1} className="px-3 py-10 text-center text-muted-foreground">
                {emptyMessage}
              </td>
            </tr>
          )}
          {rows.map((a) => (
            <tr
              key={a.id}
              data-testid="alert-row"
              data-alert-id={a.id}
              data-status={a.status}
              className="border-b border-border align-top"
            >
              <td className="px-3 py-2">
                <SeverityBadge severity={a.severity} />
              </td>
              <td className="min-w-64 px-3 py-2">
                <AlertText text={a.text} clamp />
              </td>
              <td className="w-44 px-3 py-2 [overflow-wrap:anywhere]">
                <AlertAudience alert={a} />
              </td>
              <td className="w-56 px-3 py-2">
                <div className="whitespace-nowrap">{fmt.dateTime(a.postedAt)}</div>
                <div className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
                  by <span data-testid="alert-author">{a.authorEmail ?? 'system'}</span>
                </div>
                <RelativeTime date={a.postedAt} className="text-xs text-muted-foreground" />
              </td>
              <td className="w-56 whitespace-nowrap px-3 py-2 text-secondary-foreground">
                <div>
                  <span className="text-muted-foreground">from </span>
                  {a.startsAt ? fmt.dateTime(a.startsAt) : 'posting'}
                </div>
                <div>
                  <span className="text-muted-foreground">until </span>
                  {a.expiresAt ? fmt.dateTime(a.expiresAt) : 'removed'}
                </div>
              </td>
              <td className="px-3 py-2">
                <AlertStatusBadge status={a.status} />
              </td>
              <td className="px-3 py-2 text-right">
                <Link href={`/alerts/${a.id}`} className="font-medium text-primary hover:underline">
                  Details
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
