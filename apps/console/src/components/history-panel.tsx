'use client';

import type { ReactNode } from 'react';

import { useFormat } from '@cc/ui';

import { RangePicker, TimeChart } from './time-chart';

/**
 * The frame of a load-history card (cluster dashboard, a node's page): heading, range picker, and
 * either the charts in a grid or why the history could not be loaded.
 */
export function HistoryPanel({
  headingId,
  title,
  minutes,
  onMinutes,
  status,
  error,
  children,
}: {
  headingId: string;
  title: string;
  minutes: number;
  onMinutes: (minutes: number) => void;
  /** Shown beside the heading, e.g. while a new range loads. */
  status?: ReactNode;
  error: { message: string } | null;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="rounded-md border border-border bg-card">
      <div className="flex items-center gap-3 border-b border-border px-4 py-2.5">
        <h2 id={headingId} className="text-sm font-semibold">
          {title}
        </h2>
        {status}
        <RangePicker minutes={minutes} onChange={onMinutes} />
      </div>
      {error ? (
        <p role="alert" className="px-4 py-6 text-sm text-danger-strong">
          Could not load history: {error.message}
        </p>
      ) : (
        <div className="grid gap-4 p-4 lg:grid-cols-2">{children}</div>
      )}
    </section>
  );
}

/** Sessions stacked by protocol; the points carry `imap`, `pop`, `smtp` and `http` counts. */
export function SessionsChart(
  props: Omit<Parameters<typeof TimeChart>[0], 'title' | 'series' | 'format' | 'band' | 'domain'>,
) {
  const fmt = useFormat();
  return (
    <TimeChart
      {...props}
      title="Sessions by protocol"
      series={[
        { key: 'imap', label: 'IMAP', color: 'var(--chart-teal)', stack: 's' },
        { key: 'pop', label: 'POP', color: 'var(--chart-lime)', stack: 's' },
        { key: 'smtp', label: 'SMTP', color: 'var(--chart-amber)', stack: 's' },
        { key: 'http', label: 'HTTP', color: 'var(--chart-pink)', stack: 's' },
      ]}
      format={(v) => fmt.integer(v)}
    />
  );
}
