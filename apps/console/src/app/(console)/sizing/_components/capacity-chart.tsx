'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

import type { CapacityPoint } from '@cc/sizing';
import { useFormat } from '@cc/ui';

/** Load bars beside capacity bars per tier: a load bar taller than its capacity bar is the shortfall. */
export function CapacityChart({ series, horizonYears }: { series: CapacityPoint[]; horizonYears: number }) {
  const fmt = useFormat();
  const bars = [
    { key: 'loadNow', name: 'Load now', color: '#0d9488' },
    {
      key: 'plannedLoad',
      name: horizonYears > 0 ? `Expected load, year ${horizonYears}` : 'Expected load',
      color: '#f59e0b',
    },
    { key: 'currentCapacity', name: 'Capacity now (Ready nodes)', color: '#2563eb' },
    { key: 'recommendedCapacity', name: 'Recommended capacity', color: '#7c3aed' },
  ] as const;
  return (
    <figure data-testid="capacity-chart" className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-slate-700">
        Sessions: capacity against load, per tier
      </figcaption>
      <BarChart
        responsive
        data={series}
        style={{ width: '100%', height: 260 }}
        margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
        barGap={2}
      >
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="tier" tick={{ fontSize: 12, fill: '#475569' }} stroke="#cbd5e1" />
        <YAxis
          width={64}
          tick={{ fontSize: 11, fill: '#64748b' }}
          stroke="#cbd5e1"
          allowDecimals={false}
          tickFormatter={(v: number) => fmt.integer(v)}
        />
        <Tooltip
          isAnimationActive={false}
          formatter={(v) => (typeof v === 'number' ? fmt.integer(v) : '—')}
          contentStyle={{ fontSize: 12, borderColor: '#cbd5e1' }}
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
