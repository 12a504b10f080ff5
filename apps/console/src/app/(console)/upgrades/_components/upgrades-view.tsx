'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { RunStateBadge } from './run-state-badge';
import { useFormat } from '@cc/ui';

/** The cluster's versions, the run in progress (if any) and past runs. */
export function UpgradesView({ canControl }: { canControl: boolean }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const runs = useQuery(trpc.upgrades.list.queryOptions(undefined, { refetchInterval: 2000 }));
  const releases = useQuery(trpc.upgrades.releases.queryOptions(undefined, { refetchInterval: 5000 }));
  const active = runs.data?.find((r) => r.state === 'running' || r.state === 'paused');

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Upgrades</h1>
          <p className="text-sm text-muted-foreground">
            Rolling upgrades: one node at a time is withdrawn, drained, upgraded, checked and put back.
          </p>
        </div>
        {canControl && !active && (
          <Link href="/upgrades/new" className={`ml-auto ${buttonClass.primary}`} data-testid="plan-upgrade">
            Plan an upgrade
          </Link>
        )}
      </div>

      {releases.data && (
        <p className="text-sm text-secondary-foreground" data-testid="cluster-versions">
          The cluster runs{' '}
          {releases.data.clusterVersions.map((v, i) => (
            <span key={v.version}>
              {i > 0 && ', '}
              <strong>{v.version}</strong> on {v.nodes} node{v.nodes === 1 ? '' : 's'}
            </span>
          ))}
          .
        </p>
      )}

      {active && (
        <div className="flex flex-wrap items-center gap-3 rounded-md border border-info-border bg-info-soft px-4 py-3 text-sm">
          <RunStateBadge state={active.state} request={active.request} />
          <span>
            Upgrade to <strong>{active.targetVersion}</strong>: {active.done} of {active.nodes} nodes done.
          </span>
          <Link href={`/upgrades/${active.id}`} className="ml-auto font-medium text-primary hover:underline">
            Open the run →
          </Link>
        </div>
      )}

      {runs.error && <ErrorPanel>{runs.error.message}</ErrorPanel>}
      <Panel title="Runs">
        {runs.data?.length === 0 ? (
          <p className="text-sm text-muted-foreground">No upgrade has been run yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-border text-left text-xs text-secondary-foreground">
                <th className="py-2 pr-3">Target</th>
                <th className="py-2 pr-3">State</th>
                <th className="py-2 pr-3">Nodes</th>
                <th className="py-2 pr-3">Started by</th>
                <th className="py-2 pr-3">Started</th>
                <th className="py-2 pr-3">Took</th>
              </tr>
            </thead>
            <tbody>
              {runs.data?.map((r) => (
                <tr key={r.id} className="border-b border-border" data-testid="run-row">
                  <td className="py-2 pr-3">
                    <Link href={`/upgrades/${r.id}`} className="font-medium text-primary hover:underline">
                      {r.targetVersion}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">
                    <RunStateBadge state={r.state} request={r.request} />
                  </td>
                  <td className="py-2 pr-3">
                    {r.done} of {r.nodes}
                  </td>
                  <td className="py-2 pr-3">{r.createdByEmail ?? '—'}</td>
                  <td className="py-2 pr-3">{fmt.dateTime(r.startedAt)}</td>
                  <td className="py-2 pr-3">
                    {r.startedAt && r.finishedAt ? fmt.duration(r.finishedAt.getTime() - r.startedAt.getTime()) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
