'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

import type { CapacityPoint } from '@cc/sizing';
import { useFormat } from '@cc/ui';

/** Load bars beside capacity bars per tier: a load bar taller than its capacity bar is the shortfall. */
export function CapacityChart({ series, horizonYears }: { series: CapacityPoint[]; horizonYears: number }) {
  const fmt = useFormat();
  const bars = [
    { key: 'loadNow', name: 'Load now', color: 'var(--chart-teal)' },
    {
      key: 'plannedLoad',
      name: horizonYears > 0 ? `Expected load, year ${horizonYears}` : 'Expected load',
      color: 'var(--chart-amber)',
    },
    { key: 'currentCapacity', name: 'Capacity now (Ready nodes)', color: 'var(--chart-blue)' },
    { key: 'recommendedCapacity', name: 'Recommended capacity', color: 'var(--chart-violet)' },
  ] as const;
  return (
    <figure data-testid="capacity-chart" className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-secondary-foreground">
        Sessions: capacity against load, per tier
      </figcaption>
      <BarChart
        responsive
        data={series}
        style={{ width: '100%', height: 260 }}
        margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
        barGap={2}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="tier" tick={{ fontSize: 12, fill: 'var(--chart-axis)' }} stroke="var(--input)" />
        <YAxis
          width={64}
          tick={{ fontSize: 11, fill: 'var(--chart-axis)' }}
          stroke="var(--input)"
          allowDecimals={false}
          tickFormatter={(v: number) => fmt.integer(v)}
        />
        <Tooltip
          isAnimationActive={false}
          formatter={(v) => (typeof v === 'number' ? fmt.integer(v) : '—')}
          contentStyle={{
            fontSize: 12,
            background: 'var(--popover)',
            color: 'var(--popover-foreground)',
            borderColor: 'var(--border)',
          }}
        />
        {/* Unsorted: the legend reads in bar order, load before capacity. */}
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </figure>
  );
}
