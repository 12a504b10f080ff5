'use client';

import type { ConfigRevisionRow } from '~/components/api-types';
import { ErrorPanel, Panel } from '~/components/panel';
import { appliedText, usePropagation } from '~/components/propagation-status';
import { RelativeTime } from '~/components/relative-time';
import { useFormat } from '@cc/ui';

/** Shared with the Propagation panel's PropagationStatus: the same input is one polled request. */
export const RECENT_LIMIT = 20;

/** The latest configuration changes, and how far each has reached. */
export function RecentChanges() {
  const status = usePropagation({ limit: RECENT_LIMIT });
  const revisions = status.data?.revisions;
  return (
    <Panel title="Recent configuration changes" testId="recent-changes">
      {!revisions ? (
        status.error ? (
          <ErrorPanel>Could not load recent changes: {status.error.message}</ErrorPanel>
        ) : (
          <p className="text-sm text-muted-foreground">Loading…</p>
        )
      ) : revisions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No configuration changes yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-sm">
            <thead>
              <tr className="border-b border-border text-left text-xs text-muted-foreground">
                <th scope="col" className="w-44 py-1.5 pr-3 font-semibold">
                  Time
                </th>
                <th scope="col" className="w-48 py-1.5 pr-3 font-semibold">
                  By
                </th>
                <th scope="col" className="py-1.5 pr-3 font-semibold">
                  Change
                </th>
                <th scope="col" className="w-64 py-1.5 font-semibold">
                  Propagation
                </th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <RevisionRow key={String(r.id)} revision={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function RevisionRow({ revision: r }: { revision: ConfigRevisionRow }) {
  const fmt = useFormat();
  const done = r.applied >= r.total;
  return (
    <tr data-testid="revision-row" data-revision={String(r.id)} className="border-b border-border align-top">
      <td className="py-1.5 pr-3">
        <div>{fmt.dateTime(r.at)}</div>
        <RelativeTime date={r.at} className="text-xs text-muted-foreground" />
      </td>
      <td className="break-all py-1.5 pr-3 text-secondary-foreground">{r.actorEmail ?? 'system'}</td>
      <td className="py-1.5 pr-3">
        <span className="mr-1.5 font-mono text-xs text-muted-foreground">#{String(r.id)}</span>
        {r.summary}
      </td>
      <td className="py-1.5">
        <span
          data-testid="revision-applied"
          className={`inline-flex items-center gap-1.5 ${done ? 'text-success-strong' : 'text-warning-strong'}`}
        >
          <span aria-hidden className={`size-2 rounded-full ${done ? 'bg-success' : 'bg-warning'}`} />
          {appliedText(r, false)}
        </span>
        {r.lagging.length > 0 && (
          <ul data-testid="revision-lagging" aria-label="Nodes not applied yet" className="mt-0.5 space-y-0.5 text-xs">
            {r.lagging.map((n) => (
              <li key={n.id} data-node-name={n.name} className="text-secondary-foreground">
                <span className="font-medium text-foreground">{n.name}</span>: {n.reason ?? 'applying'}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
