'use client';

import type { Comparison, CurrentCluster, Severity } from '@cc/sizing';

import { CapacityChart } from './capacity-chart';
import { useFormat } from '@cc/ui';

const SEVERITY_STYLES: Record<Severity, { label: string; badge: string }> = {
  critical: { label: 'Critical', badge: 'border-danger-border bg-danger-soft text-danger-strong' },
  warning: { label: 'Warning', badge: 'border-warning-border bg-warning-soft text-warning-strong' },
  info: { label: 'Info', badge: 'border-input bg-muted/60 text-secondary-foreground' },
};

export function ClusterComparison({
  comparison,
  current,
  horizonYears,
  partial,
}: {
  comparison: Comparison;
  current: CurrentCluster;
  horizonYears: number;
  /** Set when only the first page of nodes was read: per-node findings may miss some. */
  partial: { shown: number; total: number } | null;
}) {
  const fmt = useFormat();
  const { shortfalls, serving } = comparison;
  return (
    <div className="grid gap-4 p-4 xl:grid-cols-[1fr_1fr]">
      <div className="min-w-0 space-y-2">
        <p data-testid="sizing-live-summary" className="text-xs text-secondary-foreground">
          Registered {fmt.integer(current.frontends)} frontends ({fmt.integer(serving.frontends)} Ready) and{' '}
          {fmt.integer(current.backends)} backends ({fmt.integer(serving.backends)} Ready);{' '}
          {fmt.integer(current.sessionsNow)} sessions and {fmt.integer(current.accountsOpenNow)} open accounts now.
          {partial &&
            ` Per-node figures from the first ${fmt.integer(partial.shown)} of ${fmt.integer(partial.total)} nodes.`}
        </p>
        {shortfalls.length === 0 ? (
          <p
            data-testid="sizing-no-shortfalls"
            className="rounded-md border border-success-border bg-success-soft px-3 py-2 text-sm text-success-strong"
          >
            No shortfalls: the live cluster covers the recommendation.
          </p>
        ) : (
          <ul aria-label="Shortfalls" className="divide-y divide-border rounded-md border border-border">
            {shortfalls.map((s) => (
              <li
                key={s.id}
                data-testid="sizing-shortfall"
                data-severity={s.severity}
                data-shortfall={s.id}
                className="flex items-start gap-2 px-3 py-1.5 text-sm"
              >
                <span
                  className={`mt-px w-16 shrink-0 rounded border px-1.5 py-px text-center text-xs font-medium ${SEVERITY_STYLES[s.severity].badge}`}
                >
                  {SEVERITY_STYLES[s.severity].label}
                </span>
                <span className="text-foreground">{s.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <CapacityChart series={comparison.series} horizonYears={horizonYears} />
    </div>
  );
}
