'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import { HistoryPanel, SessionsChart } from '~/components/history-panel';
import { HISTORY_RANGES, TimeChart } from '~/components/time-chart';
import { useTRPC } from '~/trpc/react';

import { withGaps } from '../nodes/[id]/_components/history-series';
import { useFormat } from '@cc/ui';

/** Cluster-wide load over 15 minutes to 7 days: totals for sessions and accounts, spreads for CPU and memory. */
export function ClusterCharts() {
  const fmt = useFormat();
  const trpc = useTRPC();
  const [minutes, setMinutes] = useState<number>(HISTORY_RANGES[0].minutes);
  const history = useQuery(
    trpc.cluster.history.queryOptions(
      { minutes },
      { refetchInterval: minutes <= 15 ? 5000 : 60_000, placeholderData: keepPreviousData },
    ),
  );
  const end = history.dataUpdatedAt;
  const start = end - minutes * 60_000;
  const data = history.data;
  const points = useMemo(
    () =>
      withGaps(
        (data?.points ?? [])
          .filter((p) => p.t >= start)
          .map((p) => ({ ...p, sessions: p.imap + p.pop + p.smtp + p.http })),
        data?.stepMs ?? 10_000,
      ),
    [data, start],
  );
  const latest = data?.points.at(-1);
  const common = { points, start, end, loading: !data };
  return (
    <HistoryPanel
      headingId="cluster-charts-heading"
      title="Cluster load"
      minutes={minutes}
      onMinutes={setMinutes}
      error={history.error}
    >
      <SessionsChart
        {...common}
        testId="cluster-sessions-chart"
        current={latest ? fmt.integer(latest.imap + latest.pop + latest.smtp + latest.http) : '—'}
      />
      <TimeChart
        {...common}
        testId="cluster-accounts-chart"
        title="Accounts open"
        current={latest ? fmt.integer(latest.accounts) : '—'}
        series={[{ key: 'accounts', label: 'Accounts open', color: 'var(--chart-cyan)' }]}
        format={(v) => fmt.integer(v)}
      />
      <TimeChart
        {...common}
        testId="cluster-cpu-chart"
        title="CPU across nodes (min – median – max)"
        current={latest ? `median ${fmt.percent(latest.cpuMedian)}, max ${fmt.percent(latest.cpuMax)}` : '—'}
        band={{ min: 'cpuMin', max: 'cpuMax', label: 'CPU min – max', color: 'var(--chart-blue)' }}
        series={[{ key: 'cpuMedian', label: 'CPU median', color: 'var(--chart-blue)' }]}
        domain={[0, 100]}
        format={(v) => fmt.percent(v)}
      />
      <TimeChart
        {...common}
        testId="cluster-memory-chart"
        title="Memory across nodes (min – median – max)"
        current={latest?.memMedian != null ? `median ${fmt.percent(latest.memMedian)}` : '—'}
        band={{ min: 'memMin', max: 'memMax', label: 'Memory min – max', color: 'var(--chart-violet)' }}
        series={[{ key: 'memMedian', label: 'Memory median', color: 'var(--chart-violet)' }]}
        domain={[0, 100]}
        format={(v) => fmt.percent(v)}
      />
    </HistoryPanel>
  );
}
