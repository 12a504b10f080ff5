'use client';

import { useSyncExternalStore } from 'react';

import { useFormat, type Instant } from '@cc/ui';

/**
 * One shared clock for every ticking age on the page: a single interval instead of one per cell,
 * and it only runs while something is subscribed.
 */
const TICK_MS = 200;
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Must be stable between ticks (React compares snapshots); subscribe() refreshes it on first use.
const getSnapshot = () => now;
// Server output must not depend on the time of rendering; 0 means "not known yet".
const getServerSnapshot = () => 0;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

export type { Instant };

/** "0.8 s ago", ticking. `title` carries the absolute time (or extra context supplied by the caller). */
export function RelativeTime({
  date: at,
  title,
  className,
}: {
  date: Instant | null;
  title?: string;
  className?: string;
}) {
  const current = useNow();
  const fmt = useFormat();
  const date = at === null ? null : new Date(at);
  if (!date)
    return (
      <span className={className} title={title}>
        never
      </span>
    );
  return (
    <time dateTime={date.toISOString()} title={title ?? fmt.dateTime(date)} className={className}>
      {current === 0 ? '…' : fmt.ago(current - date.getTime())}
    </time>
  );
}

/** Time since `date` as a duration ("3 d 4 h"), ticking. */
export function Uptime({ date: at }: { date: Instant | null }) {
  const current = useNow();
  const fmt = useFormat();
  if (at === null) return <span>—</span>;
  const date = new Date(at);
  return <span title={fmt.dateTime(date)}>{current === 0 ? '…' : fmt.duration(current - date.getTime())}</span>;
}
