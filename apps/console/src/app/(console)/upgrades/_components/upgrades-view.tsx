'use client';

import { useQuery } from '@tanstack/react-query';
import { type ColumnDef, DataTable, plural, type RowAttributes, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo } from 'react';

import type { UpgradeRunListItem } from '~/components/api-types';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { RunStateBadge } from './run-state-badge';

const getId = (r: UpgradeRunListItem) => r.id;
const runRow = (): RowAttributes => ({ 'data-testid': 'run-row' });

/** The cluster's versions, the run in progress (if any) and past runs. */
export function UpgradesView({ canControl }: { canControl: boolean }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const runs = useQuery(trpc.upgrades.list.queryOptions(undefined, { refetchInterval: 2000 }));
  const releases = useQuery(trpc.upgrades.releases.queryOptions(undefined, { refetchInterval: 5000 }));
  const columns = useMemo<ColumnDef<UpgradeRunListItem, unknown>[]>(
    () => [
      {
        id: 'target',
        accessorFn: (r) => r.targetVersion,
        header: 'Target',
        size: 128,
        meta: { grow: true },
        cell: ({ row }) => (
          <Link href={`/upgrades/${row.original.id}`} className="font-medium text-primary hover:underline">
            {row.original.targetVersion}
          </Link>
        ),
      },
      {
        id: 'state',
        accessorFn: (r) => r.state,
        header: 'State',
        size: 144,
        cell: ({ row }) => <RunStateBadge state={row.original.state} request={row.original.request} />,
      },
      {
        id: 'nodes',
        accessorFn: (r) => r.nodes,
        header: 'Nodes',
        size: 96,
        cell: ({ row }) => `${row.original.done} of ${row.original.nodes}`,
      },
      { id: 'startedBy', accessorFn: (r) => r.createdByEmail ?? '—', header: 'Started by', size: 192 },
      {
        id: 'started',
        accessorFn: (r) => r.startedAt,
        header: 'Started',
        size: 192,
        cell: ({ row }) => fmt.dateTime(row.original.startedAt),
      },
      {
        id: 'took',
        accessorFn: (r) => (r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null),
        header: 'Took',
        size: 112,
        cell: ({ getValue }) => {
          const ms = getValue();
          return typeof ms === 'number' ? fmt.duration(ms) : '—';
        },
      },
    ],
    [fmt],
  );
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
              <strong>{v.version}</strong> on {v.nodes} {plural(v.nodes, 'node')}
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
          <DataTable
            label="Upgrade runs"
            data={runs.data ?? []}
            columns={columns}
            getRowId={getId}
            rowAttributes={runRow}
            rowLink
            empty={runs.isPending ? 'Loading runs…' : 'No upgrade has been run yet.'}
          />
        )}
      </Panel>
    </div>
  );
}
