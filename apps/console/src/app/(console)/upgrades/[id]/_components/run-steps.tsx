'use client';

import { type ColumnDef, DataTable, plural, type RowAttributes, useFormat } from '@cc/ui';
import Link from 'next/link';
import { useMemo } from 'react';

import type { UpgradeStepView } from '~/components/api-types';

import { PhaseLabel } from '../../_components/run-state-badge';
import { DrainProgress } from './run-eta';

const stepId = (s: UpgradeStepView) => s.id;
const stepRow = (s: UpgradeStepView): RowAttributes => ({
  'data-testid': 'run-step',
  'data-node': s.nodeName,
  className: 'align-top',
});

/** Per-node timeline: phase now, and how long drain, restart and checks took (bars to scale). */
export function RunSteps({ steps }: { steps: UpgradeStepView[] }) {
  const fmt = useFormat();
  const longest = Math.max(1, ...steps.map((s) => s.timeline.totalMs ?? 0));
  const columns = useMemo<ColumnDef<UpgradeStepView, unknown>[]>(() => {
    const pct = (ms: number | null) => `${((ms ?? 0) / longest) * 100}%`;
    return [
      {
        id: 'position',
        accessorFn: (s) => s.position,
        header: '#',
        size: 48,
        meta: { cellClassName: 'text-muted-foreground' },
        cell: ({ row }) => row.original.position + 1,
      },
      {
        id: 'node',
        accessorFn: (s) => s.nodeName,
        header: 'Node',
        size: 160,
        meta: { grow: true },
        cell: ({ row: { original: s } }) => (
          <>
            <Link href={`/nodes/${s.nodeId}`} className="font-medium text-primary hover:underline">
              {s.nodeName}
            </Link>
            <div className="text-xs text-muted-foreground">{s.nodeRole === 'BACKEND' ? 'backend' : 'frontend'}</div>
          </>
        ),
      },
      { id: 'from', accessorFn: (s) => s.fromVersion ?? '?', header: 'From', size: 96 },
      {
        id: 'phase',
        header: 'Phase',
        size: 208,
        cell: ({ row: { original: s } }) => (
          <>
            <PhaseLabel phase={s.phase} />
            <DrainProgress step={s} />
            {s.sessionsEnded > 0 && (
              <div className="text-xs text-warning-strong">
                {s.sessionsEnded} {plural(s.sessionsEnded, 'session')} ended at the deadline
              </div>
            )}
            {s.error && <div className="text-xs text-danger-strong">{s.error}</div>}
          </>
        ),
      },
      {
        id: 'drain',
        accessorFn: (s) => s.timeline.drainMs,
        header: 'Drain',
        size: 88,
        meta: { cellClassName: 'tabular-nums' },
        cell: ({ row }) => fmt.seconds(row.original.timeline.drainMs),
      },
      {
        id: 'restart',
        accessorFn: (s) => s.timeline.restartMs,
        header: 'Restart',
        size: 88,
        meta: { cellClassName: 'tabular-nums' },
        cell: ({ row }) => fmt.seconds(row.original.timeline.restartMs),
      },
      {
        id: 'checks',
        accessorFn: (s) => s.timeline.checksMs,
        header: 'Checks',
        size: 88,
        meta: { cellClassName: 'tabular-nums' },
        cell: ({ row }) => fmt.seconds(row.original.timeline.checksMs),
      },
      {
        id: 'timeline',
        header: 'Timeline',
        size: 176,
        enableSorting: false,
        cell: ({ row: { original: s } }) => (
          <div className="flex h-3 overflow-hidden rounded bg-muted" aria-hidden>
            <div className="bg-warning/70" style={{ width: pct(s.timeline.drainMs) }} />
            <div className="bg-info" style={{ width: pct(s.timeline.restartMs) }} />
            <div className="bg-success" style={{ width: pct(s.timeline.checksMs) }} />
          </div>
        ),
      },
    ];
  }, [fmt, longest]);
  return (
    <DataTable
      label="Upgrade steps"
      testId="run-steps"
      data={steps}
      columns={columns}
      getRowId={stepId}
      rowAttributes={stepRow}
      className="rounded-none border-0 bg-transparent"
    />
  );
}
