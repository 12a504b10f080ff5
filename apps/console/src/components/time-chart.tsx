'use client';

import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';

/** Ranges every history chart offers: 15 minutes to 7 days. */
export const HISTORY_RANGES = [
  { label: '15 min', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '6 h', minutes: 360 },
  { label: '24 h', minutes: 1440 },
  { label: '7 d', minutes: 10_080 },
] as const;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** Stacked areas share a stack id (sessions by protocol); lines are drawn otherwise. */
  stack?: string;
  /** A faint line (e.g. the bucket maximum beside the average). */
  faint?: boolean;
}

export interface ChartBand {
  min: string;
  max: string;
  label: string;
  color: string;
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
const clockSeconds = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const dayClock = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A time-series chart: lines, stacked areas and a min–max band over one time axis [start, end]. */
export function TimeChart({
  testId,
  title,
  current,
  points,
  series,
  band,
  domain = [0, 'auto'],
  format,
  start,
  end,
  loading,
}: {
  testId: string;
  title: string;
  current: string;
  points: ReadonlyArray<{ t: number }>;
  series: ChartSeries[];
  band?: ChartBand;
  domain?: [number, number | 'auto'];
  format: (v: number) => string;
  start: number;
  end: number;
  loading: boolean;
}) {
  const span = end - start;
  const label = span <= 15 * 60_000 ? clockSeconds : span > 24 * 60 * 60_000 ? dayClock : clock;
  return (
    <figure data-testid={testId} className="relative min-w-0">
      <figcaption className="mb-1 flex items-baseline justify-between text-xs text-slate-500">
        <span className="font-medium text-slate-700">{title}</span>
        <span className="tabular-nums">{current}</span>
      </figcaption>
      <ComposedChart
        responsive
        data={points as unknown as Array<Record<string, unknown>>}
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
          tickFormatter={(t: number) => (span > 24 * 60 * 60_000 ? dayClock : clock).format(t)}
          tick={{ fontSize: 11, fill: '#64748b' }}
          minTickGap={48}
          stroke="#cbd5e1"
        />
        <YAxis domain={domain} width={52} tick={{ fontSize: 11, fill: '#64748b' }} stroke="#cbd5e1" />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => (typeof t === 'number' ? label.format(t) : '')}
          formatter={(v, name) => [
            Array.isArray(v)
              ? v.map((x) => (typeof x === 'number' ? format(x) : '—')).join(' – ')
              : typeof v === 'number'
                ? format(v)
                : '—',
            name,
          ]}
          contentStyle={{ fontSize: 12, borderColor: '#cbd5e1' }}
        />
        {/* No animation: data changes every few seconds and re-animating each refresh would be noise. */}
        {band && (
          <Area
            type="monotone"
            name={band.label}
            dataKey={(p: Record<string, number | null | undefined>) => {
              const lo = p[band.min];
              const hi = p[band.max];
              return typeof lo === 'number' && typeof hi === 'number' ? [lo, hi] : null;
            }}
            stroke="none"
            fill={band.color}
            fillOpacity={0.18}
            isAnimationActive={false}
            connectNulls={false}
          />
        )}
        {series.map((s) =>
          s.stack ? (
            <Area
              key={s.key}
              type="monotone"
              name={s.label}
              dataKey={s.key}
              stackId={s.stack}
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.25}
              strokeWidth={1}
              isAnimationActive={false}
              connectNulls={false}
            />
          ) : (
            <Line
              key={s.key}
              type="monotone"
              name={s.label}
              dataKey={s.key}
              stroke={s.color}
              strokeWidth={s.faint ? 1 : 1.5}
              strokeOpacity={s.faint ? 0.5 : 1}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ),
        )}
      </ComposedChart>
      {points.length === 0 && (
        <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-xs text-slate-400">
          {loading ? 'Loading…' : 'No samples in this range yet.'}
        </p>
      )}
    </figure>
  );
}

const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440] as const;

/** Wall-clock-aligned ticks (every 5 min, 10 min, 1 h, a day…), about six per chart. */
export function timeTicks(start: number, end: number): number[] {
  const wanted = (end - start) / 6;
  const stepMin = TICK_STEPS_MIN.find((m) => m * 60_000 >= wanted) ?? 1440;
  const step = stepMin * 60_000;
  // Align in local time, so hourly ticks sit on the hour in half-hour time zones too.
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** The range picker every history chart shares. */
export function RangePicker({ minutes, onChange }: { minutes: number; onChange: (m: number) => void }) {
  return (
    <div
      role="group"
      aria-label="Time range"
      className="ml-auto inline-flex overflow-hidden rounded border border-slate-300 text-xs"
    >
      {HISTORY_RANGES.map((r) => (
        <button
          key={r.minutes}
          type="button"
          aria-pressed={minutes === r.minutes}
          onClick={() => onChange(r.minutes)}
          className={`px-2.5 py-1 ${minutes === r.minutes ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'} border-l border-slate-300 first:border-l-0`}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
