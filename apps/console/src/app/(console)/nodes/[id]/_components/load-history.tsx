'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import { formatInt, formatPercent } from '~/components/format';
import { useTRPC } from '~/trpc/react';

import { mergeHistory, toChartSeries, type ChartPoint } from './history-series';

const RANGES = [
  { label: '15 min', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '6 h', minutes: 360 },
] as const;

const REFRESH_MS = 2000;
/** Long windows are refetched rarely; a 1-minute tail polled every 2 s keeps their right edge live. */
const LONG_WINDOW_REFRESH_MS = 30_000;
const TAIL_MINUTES = 1;
const STALE_AFTER_MS = 10_000;

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
const clockSeconds = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function LoadHistory({ id }: { id: string }) {
  const trpc = useTRPC();
  const [minutes, setMinutes] = useState<number>(RANGES[0].minutes);
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
  const rangeMs = minutes * 60_000;
  const start = end - rangeMs;
  const tailData = short ? undefined : tail.data;
  const points = useMemo(
    () => toChartSeries(mergeHistory(windowQuery.data, tailData, start), rangeMs),
    [windowQuery.data, tailData, start, rangeMs],
  );
  const latest = points.findLast((p) => p.cpu !== null);
  // A newest sample well behind the clock means no fresh data: label it "last", not "now".
  const latestLabel = latest && end - latest.t < STALE_AFTER_MS ? 'now' : 'last';

  return (
    <section aria-labelledby="load-history-heading" className="rounded-md border border-slate-200 bg-white">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2.5">
        <h2 id="load-history-heading" className="text-sm font-semibold">
          Load history
        </h2>
        {windowQuery.isFetching && windowQuery.isPlaceholderData && (
          <span className="text-xs text-slate-500">Loading…</span>
        )}
        <div
          role="group"
          aria-label="Time range"
          className="ml-auto inline-flex overflow-hidden rounded border border-slate-300 text-xs"
        >
          {RANGES.map((r) => (
            <button
              key={r.minutes}
              type="button"
              aria-pressed={minutes === r.minutes}
              onClick={() => setMinutes(r.minutes)}
              className={`px-2.5 py-1 ${minutes === r.minutes ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'} border-l border-slate-300 first:border-l-0`}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {windowQuery.error ? (
        <p role="alert" className="px-4 py-6 text-sm text-red-700">
          Could not load history: {windowQuery.error.message}
        </p>
      ) : (
        <div className="grid gap-4 p-4 lg:grid-cols-2">
          <MetricChart
            testId="load-history-chart"
            title="CPU"
            current={latest ? `${latestLabel} ${formatPercent(latest.cpu)}` : '—'}
            points={points}
            dataKey="cpu"
            color="#2563eb"
            domain={[0, 100]}
            format={(v) => formatPercent(v)}
            start={start}
            end={end}
            loading={!windowQuery.data}
          />
          <MetricChart
            testId="sessions-history-chart"
            title="Sessions"
            current={latest ? `${latestLabel} ${formatInt(latest.sessions)}` : '—'}
            points={points}
            dataKey="sessions"
            color="#0d9488"
            domain={[0, 'auto']}
            format={(v) => formatInt(v)}
            start={start}
            end={end}
            loading={!windowQuery.data}
          />
        </div>
      )}
    </section>
  );
}

function MetricChart({
  testId,
  title,
  current,
  points,
  dataKey,
  color,
  domain,
  format,
  start,
  end,
  loading,
}: {
  testId: string;
  title: string;
  current: string;
  points: ChartPoint[];
  dataKey: 'cpu' | 'sessions';
  color: string;
  domain: [number, number | 'auto'];
  format: (v: number) => string;
  start: number;
  end: number;
  loading: boolean;
}) {
  const showSeconds = end - start <= 15 * 60_000;
  return (
    <figure data-testid={testId} className="relative min-w-0">
      <figcaption className="mb-1 flex items-baseline justify-between text-xs text-slate-500">
        <span className="font-medium text-slate-700">{title}</span>
        <span className="tabular-nums">{current}</span>
      </figcaption>
      <LineChart
        responsive
        data={points}
        style={{ width: '100%', height: 200 }}
        margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={end > 0 ? [start, end] : ['dataMin', 'dataMax']}
          ticks={end > 0 ? timeTicks(start, end) : undefined}
          tickFormatter={(t: number) => clock.format(t)}
          tick={{ fontSize: 11, fill: '#64748b' }}
          minTickGap={48}
          stroke="#cbd5e1"
        />
        <YAxis
          domain={domain}
          width={52}
          tick={{ fontSize: 11, fill: '#64748b' }}
          stroke="#cbd5e1"
          allowDecimals={false}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => (typeof t === 'number' ? (showSeconds ? clockSeconds : clock).format(t) : '')}
          formatter={(v) => [typeof v === 'number' ? format(v) : '—', title]}
          contentStyle={{ fontSize: 12, borderColor: '#cbd5e1' }}
        />
        {/* No animation: data changes every 2 s and re-animating each refresh would be noise. */}
        <Line
          type="monotone"
          dataKey={dataKey}
          stroke={color}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      </LineChart>
      {points.length === 0 && (
        <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-xs text-slate-400">
          {loading ? 'Loading…' : 'No samples in this range yet.'}
        </p>
      )}
    </figure>
  );
}

const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120] as const;

/** Wall-clock-aligned ticks (every 5 min, 10 min, 1 h…), about six per chart. */
function timeTicks(start: number, end: number): number[] {
  const wanted = (end - start) / 6;
  const stepMin = TICK_STEPS_MIN.find((m) => m * 60_000 >= wanted) ?? 120;
  const step = stepMin * 60_000;
  // Align in local time, so hourly ticks sit on the hour in half-hour time zones too.
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) ticks.push(t);
  return ticks;
}
