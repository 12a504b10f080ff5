'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { ClusterTotals, CollectorDownBanner } from '~/components/cluster-totals';
import { PropagationStatus } from '~/components/propagation-status';
import { useTRPC } from '~/trpc/react';

import { ClusterCharts } from './cluster-charts';
import { useFormat } from '@cc/ui';

/** The overview and findings change within seconds of a node going Down: poll at that pace. */
const POLL_MS = 3000;

const SEVERITY_STYLE = {
  critical: 'bg-danger-soft text-danger-strong',
  warning: 'bg-warning-soft text-warning-strong',
  info: 'bg-muted text-secondary-foreground',
} as const;

/** Home: is the cluster healthy, and what changed? Cluster readers only (page.tsx sends others away). */
export function Dashboard() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.cluster.overview.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const collector = overview.data?.collector;
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Cluster</h1>
      {collector && !collector.alive && <CollectorDownBanner heartbeatAt={collector.heartbeatAt} />}
      <ClusterTotals overview={overview.data} />
      <PropagationStatus />
      <div className="grid gap-4 lg:grid-cols-2">
        <Findings />
        <Timeline />
      </div>
      <ClusterCharts />
    </div>
  );
}

function Findings() {
  const fmt = useFormat();
  const trpc = useTRPC();
  const findings = useQuery(
    trpc.health.findings.queryOptions({ status: 'active', limit: 50 }, { refetchInterval: POLL_MS }),
  );
  const active = findings.data?.active ?? [];
  const count = (s: keyof typeof SEVERITY_STYLE) => active.filter((f) => f.severity === s).length;
  return (
    <section
      aria-labelledby="findings-heading"
      data-testid="dashboard-findings"
      className="rounded-md border border-border bg-card"
    >
      <div className="flex items-center gap-2 border-b border-border px-4 py-2.5">
        <h2 id="findings-heading" className="text-sm font-semibold">
          Active findings
        </h2>
        {(['critical', 'warning', 'info'] as const).map((s) => (
          <span key={s} data-testid={`findings-${s}`} className={`rounded px-1.5 text-xs ${SEVERITY_STYLE[s]}`}>
            {count(s)} {s}
          </span>
        ))}
        <Link href="/health" className="ml-auto text-xs text-info-strong hover:underline">
          All findings
        </Link>
      </div>
      {findings.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-danger-strong">
          Could not load findings: {findings.error.message}
        </p>
      ) : active.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground">{findings.data ? 'No active findings.' : 'Loading…'}</p>
      ) : (
        <ul className="divide-y divide-border">
          {active.slice(0, 8).map((f) => (
            <li key={f.id} data-testid="dashboard-finding" className="flex items-baseline gap-2 px-4 py-2 text-sm">
              <span className={`rounded px-1.5 text-xs ${SEVERITY_STYLE[f.severity]}`}>{f.severity}</span>
              <Link href="/health" className="min-w-0 flex-1 truncate hover:underline">
                {f.summary}
              </Link>
              <span className="text-xs text-muted-foreground">since {fmt.dateTime(f.openedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Timeline() {
  const fmt = useFormat();
  const trpc = useTRPC();
  const timeline = useQuery(trpc.cluster.timeline.queryOptions({ hours: 24, limit: 40 }, { refetchInterval: POLL_MS }));
  const events = timeline.data ?? [];
  return (
    <section aria-labelledby="timeline-heading" className="rounded-md border border-border bg-card">
      <h2 id="timeline-heading" className="border-b border-border px-4 py-2.5 text-sm font-semibold">
        Recent events <span className="font-normal text-muted-foreground">(24 h)</span>
      </h2>
      {timeline.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-danger-strong">
          Could not load events: {timeline.error.message}
        </p>
      ) : events.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground">
          {timeline.data ? 'Nothing happened in the last 24 hours.' : 'Loading…'}
        </p>
      ) : (
        <ol data-testid="timeline" className="max-h-80 divide-y divide-border overflow-y-auto">
          {events.map((e) => (
            <li
              key={e.id}
              data-testid="timeline-event"
              data-kind={e.kind}
              className="flex items-baseline gap-3 px-4 py-1.5 text-sm"
            >
              <time className="shrink-0 text-xs tabular-nums text-muted-foreground">{fmt.dateTime(e.at)}</time>
              <span className={`shrink-0 rounded px-1.5 text-xs ${SEVERITY_STYLE[e.severity]}`}>{e.kind}</span>
              {e.href ? (
                <Link href={e.href} className="min-w-0 truncate hover:underline">
                  {e.text}
                </Link>
              ) : (
                <span className="min-w-0 truncate">{e.text}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
