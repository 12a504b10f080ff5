'use client';

import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';

import { cn, focusRing } from '@cc/ui';
import { useFormat } from '@cc/ui';

/**
 * Series colours as CSS variables (globals.css), so each theme picks a shade that reads on its
 * background; SVG presentation attributes resolve var() like CSS.
 */
export const chartColor = {
  blue: 'var(--chart-blue)',
  violet: 'var(--chart-violet)',
  teal: 'var(--chart-teal)',
  lime: 'var(--chart-lime)',
  amber: 'var(--chart-amber)',
  orange: 'var(--chart-orange)',
  pink: 'var(--chart-pink)',
  cyan: 'var(--chart-cyan)',
} as const;

/** Axis, grid and tooltip styling shared by every recharts chart, from the theme's tokens. */
export const chartTheme = {
  grid: 'var(--chart-grid)',
  axisLine: 'var(--input)',
  tick: { fontSize: 11, fill: 'var(--chart-axis)' },
  tooltip: {
    contentStyle: {
      fontSize: 12,
      background: 'var(--popover)',
      color: 'var(--popover-foreground)',
      borderColor: 'var(--border)',
      borderRadius: 6,
    },
    labelStyle: { color: 'var(--popover-foreground)' },
    cursor: { stroke: 'var(--input)' },
  },
} as const;

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

// Axis and tooltip times, in the user's zone and locale (through the console's one formatter).
const CLOCK = { hour: '2-digit', minute: '2-digit' } as const;
const CLOCK_SECONDS = { ...CLOCK, second: '2-digit' } as const;
const DAY_CLOCK = { ...CLOCK, weekday: 'short' } as const;

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
  const fmt = useFormat();
  const span = end - start;
  const label = span <= 15 * 60_000 ? CLOCK_SECONDS : span > 24 * 60 * 60_000 ? DAY_CLOCK : CLOCK;
  return (
    <figure data-testid={testId} className="relative min-w-0">
      <figcaption className="mb-1 flex items-baseline justify-between text-xs text-muted-foreground">
        <span className="font-medium text-secondary-foreground">{title}</span>
        <span className="tabular-nums">{current}</span>
      </figcaption>
      <ComposedChart
        responsive
        data={points as unknown as Array<Record<string, unknown>>}
        style={{ width: '100%', height: 200 }}
        margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke={chartTheme.grid} vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={end > 0 ? [start, end] : ['dataMin', 'dataMax']}
          ticks={end > 0 ? timeTicks(start, end) : undefined}
          tickFormatter={(t: number) => fmt.dateParts(t, span > 24 * 60 * 60_000 ? DAY_CLOCK : CLOCK)}
          tick={chartTheme.tick}
          minTickGap={48}
          stroke={chartTheme.axisLine}
        />
        <YAxis domain={domain} width={52} tick={chartTheme.tick} stroke={chartTheme.axisLine} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => (typeof t === 'number' ? fmt.dateParts(t, label) : '')}
          formatter={(v, name) => [
            Array.isArray(v)
              ? v.map((x) => (typeof x === 'number' ? format(x) : '—')).join(' – ')
              : typeof v === 'number'
                ? format(v)
                : '—',
            name,
          ]}
          contentStyle={chartTheme.tooltip.contentStyle}
          labelStyle={chartTheme.tooltip.labelStyle}
          cursor={chartTheme.tooltip.cursor}
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
        <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-xs text-muted-foreground">
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
      className="ml-auto inline-flex overflow-hidden rounded border border-input text-xs"
    >
      {HISTORY_RANGES.map((r) => (
        <button
          key={r.minutes}
          type="button"
          aria-pressed={minutes === r.minutes}
          onClick={() => onChange(r.minutes)}
          className={cn(
            'border-l border-input px-2.5 py-1 first:border-l-0 focus-visible:relative',
            focusRing,
            minutes === r.minutes
              ? 'bg-foreground text-background'
              : 'bg-card text-secondary-foreground hover:bg-accent',
          )}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
