'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import type { HistoryPoint } from '~/components/api-types';
import { HistoryPanel, SessionsChart } from '~/components/history-panel';
import { HISTORY_RANGES, TimeChart } from '~/components/time-chart';
import { useTRPC } from '~/trpc/react';

import { mergeHistory, withGaps } from './history-series';
import { useFormat } from '@cc/ui';

const REFRESH_MS = 2000;
/** Long windows are refetched rarely; a 1-minute raw tail polled every 2 s keeps their right edge live. */
const LONG_WINDOW_REFRESH_MS = 30_000;
const TAIL_MINUTES = 1;
const STALE_AFTER_MS = 10_000;

/** Memory as a percentage of the node's total (0 when the node reports no total). */
const memPercent = (p: HistoryPoint) => (p.memTotal > 0 ? (p.memUsed / p.memTotal) * 100 : null);

/** Every metric an agent reports, over 15 minutes to 7 days (the server picks raw or rolled-up data). */
export function LoadHistory({ id }: { id: string }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const [minutes, setMinutes] = useState<number>(HISTORY_RANGES[0].minutes);
  const short = minutes <= 15;

  const windowQuery = useQuery(
    trpc.nodes.history.queryOptions(
      { id, minutes },
      { refetchInterval: short ? REFRESH_MS : LONG_WINDOW_REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  const tail = useQuery(
    trpc.nodes.history.queryOptions({ id, minutes: TAIL_MINUTES }, { refetchInterval: REFRESH_MS, enabled: !short }),
  );

  const end = Math.max(windowQuery.dataUpdatedAt, short ? 0 : tail.dataUpdatedAt);
  const start = end - minutes * 60_000;
  const tailPoints = short ? undefined : tail.data?.points;
  const stepMs = windowQuery.data?.stepMs ?? 2000;
  const merged = useMemo(
    () => mergeHistory(windowQuery.data?.points, tailPoints, start),
    [windowQuery.data, tailPoints, start],
  );
  const points = useMemo(
    () =>
      withGaps(
        merged.map((p) => ({ ...p, mem: memPercent(p) })),
        stepMs,
      ),
    [merged, stepMs],
  );
  const latest = merged.at(-1);
  // A newest sample well behind the clock means no fresh data: label it "last", not "now".
  const when = latest && end - latest.t < STALE_AFTER_MS ? 'now' : 'last';
  const now = (text: string) => (latest ? `${when} ${text}` : '—');
  const hasQueue = merged.some((p) => p.queue !== null);
  const common = { points, start, end, loading: !windowQuery.data };

  return (
    <HistoryPanel
      headingId="load-history-heading"
      title="Load history"
      minutes={minutes}
      onMinutes={setMinutes}
      status={
        windowQuery.isFetching &&
        windowQuery.isPlaceholderData && <span className="text-xs text-muted-foreground">Loading…</span>
      }
      error={windowQuery.error}
    >
      <TimeChart
        {...common}
        testId="load-history-chart"
        title="CPU"
        current={now(fmt.percent(latest?.cpu))}
        series={[
          { key: 'cpu', label: 'CPU', color: 'var(--chart-blue)' },
          ...(stepMs > 2000 ? [{ key: 'cpuMax', label: 'CPU peak', color: 'var(--chart-blue)', faint: true }] : []),
        ]}
        domain={[0, 100]}
        format={(v) => fmt.percent(v)}
      />
      <TimeChart
        {...common}
        testId="memory-history-chart"
        title="Memory"
        current={latest ? now(`${fmt.bytes(latest.memUsed)} of ${fmt.bytes(latest.memTotal)}`) : '—'}
        series={[{ key: 'mem', label: 'Memory used', color: 'var(--chart-violet)' }]}
        domain={[0, 100]}
        format={(v) => fmt.percent(v)}
      />
      <SessionsChart {...common} testId="sessions-history-chart" current={now(fmt.integer(latest?.sessions))} />
      <TimeChart
        {...common}
        testId="accounts-history-chart"
        title="Accounts open"
        current={now(fmt.integer(latest?.accounts))}
        series={[{ key: 'accounts', label: 'Accounts open', color: 'var(--chart-cyan)' }]}
        format={(v) => fmt.integer(v)}
      />
      {hasQueue && (
        <TimeChart
          {...common}
          testId="queue-history-chart"
          title="Mail queue"
          current={now(fmt.integer(latest?.queue))}
          series={[{ key: 'queue', label: 'Messages queued', color: 'var(--chart-orange)' }]}
          format={(v) => fmt.integer(v)}
        />
      )}
    </HistoryPanel>
  );
}
